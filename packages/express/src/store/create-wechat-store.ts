import { requireWechatStoreDataKey, type AccountsConfig, type ServerConfig } from '../config';
import { MemoryWechatStore } from './memory-wechat-store';
import { RedisWechatStore } from './redis-wechat-store';
import type { WechatStore } from './wechat-store';

/** What the store needs of the configuration: REDIS_URL, the WeChat app (its key prefix) and, with Redis, the data key. */
export type WechatStoreConfig = Pick<ServerConfig, 'redisUrl' | 'wechat'> & { readonly accounts?: Pick<AccountsConfig, 'dataKey'> | undefined };

/**
 * The store the configuration asks for: Redis when REDIS_URL is set, its
 * values sealed under config.accounts.dataKey (PHONEKIT_DATA_KEY; the
 * development app puts its development key there), else memory. Redis
 * without a data key is a ConfigError naming PHONEKIT_DATA_KEY. In memory,
 * at most config.wechat.memorySessionsMax sessions (WECHAT_MEMORY_SESSIONS_MAX). Whoever
 * creates it closes it (main.ts on shutdown).
 */
export function createWechatStore(config: WechatStoreConfig, options: { onError?: (error: Error) => void } = {}): WechatStore {
  if (config.redisUrl === undefined) return new MemoryWechatStore(config.wechat.memorySessionsMax === undefined ? {} : { maxSessions: config.wechat.memorySessionsMax });
  requireWechatStoreDataKey(config);
  return new RedisWechatStore({
    url: config.redisUrl,
    prefix: `phonekit:wechat:${config.wechat.appId}:`,
    dataKey: config.accounts?.dataKey ?? '',
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
}
