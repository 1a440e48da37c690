import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CachedAccessToken, ReleaseLock, WechatSession, WechatStore } from './wechat-store';

/** Deletes KEYS[1] only if it still holds ARGV[1]: a lock is released by its holder, never by whoever took it after it expired. */
const COMPARE_AND_DELETE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface RedisWechatStoreOptions {
  /** `redis://host:port/db`. */
  readonly url: string;
  /** Key prefix; one per WeChat app, so apps sharing a Redis never mix tokens. */
  readonly prefix: string;
  /** Connection problems (ioredis reconnects by itself); no secrets are passed. */
  readonly onError?: (error: Error) => void;
}

function isSession(value: unknown): value is WechatSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['openid'] === 'string' && typeof v['sessionKey'] === 'string' && typeof v['createdAt'] === 'number';
}

function isCachedAccessToken(value: unknown): value is CachedAccessToken {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['accessToken'] === 'string' && typeof v['expiresAt'] === 'number';
}

function parse(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sessions and the access token in Redis (ioredis), shared by every server
 * process that points at it. Sessions expire with Redis TTLs; the access
 * token's key expires when the token should no longer be used; the refresh
 * lock is `SET key holder NX PX ttl`, released with a compare-and-delete script.
 */
export class RedisWechatStore implements WechatStore {
  readonly kind = 'redis';
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(options: RedisWechatStoreOptions) {
    this.#prefix = options.prefix;
    this.#redis = new Redis(options.url, { maxRetriesPerRequest: 2, connectTimeout: 5_000 });
    this.#redis.on('error', (error: Error) => options.onError?.(error));
  }

  async saveSession(id: string, session: WechatSession, ttlSeconds: number): Promise<void> {
    await this.#redis.set(`${this.#prefix}session:${id}`, JSON.stringify(session), 'EX', ttlSeconds);
  }

  async loadSession(id: string): Promise<WechatSession | undefined> {
    const value = parse(await this.#redis.get(`${this.#prefix}session:${id}`));
    return isSession(value) ? value : undefined;
  }

  async loadAccessToken(): Promise<CachedAccessToken | undefined> {
    const value = parse(await this.#redis.get(`${this.#prefix}access-token`));
    return isCachedAccessToken(value) && value.expiresAt > Date.now() ? value : undefined;
  }

  async saveAccessToken(token: CachedAccessToken): Promise<void> {
    const ttlMs = Math.max(1, Math.floor(token.expiresAt - Date.now()));
    await this.#redis.set(`${this.#prefix}access-token`, JSON.stringify(token), 'PX', ttlMs);
  }

  async tryLock(name: string, ttlMs: number): Promise<ReleaseLock | undefined> {
    const key = `${this.#prefix}lock:${name}`;
    const holder = randomBytes(16).toString('hex');
    const taken = await this.#redis.set(key, holder, 'PX', ttlMs, 'NX');
    if (taken !== 'OK') return undefined;
    return async () => {
      await this.#redis.eval(COMPARE_AND_DELETE, 1, key, holder);
    };
  }

  async close(): Promise<void> {
    if (this.#redis.status === 'end') return;
    try {
      await this.#redis.quit();
    } catch {
      this.#redis.disconnect();
    }
  }
}
