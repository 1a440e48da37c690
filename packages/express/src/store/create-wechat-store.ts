import type { ServerConfig } from '../config';
import { MemoryWechatStore } from './memory-wechat-store';
import { RedisWechatStore } from './redis-wechat-store';
import type { WechatStore } from './wechat-store';

/**
 * The store the configuration asks for: Redis when REDIS_URL is set, else
 * memory. Whoever creates it closes it (main.ts on shutdown).
 */
export function createWechatStore(config: Pick<ServerConfig, 'redisUrl' | 'wechat'>, options: { onError?: (error: Error) => void } = {}): WechatStore {
  if (config.redisUrl === undefined) return new MemoryWechatStore();
  return new RedisWechatStore({
    url: config.redisUrl,
    prefix: `phonekit:wechat:${config.wechat.appId}:`,
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
}
