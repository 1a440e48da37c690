import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CachedAccessToken, ReleaseLock, WechatSession, WechatStore } from './wechat-store';
import { WechatStoreSealer, type UnsealFailure } from './wechat-store-sealer';

/** Deletes KEYS[1] only if it still holds ARGV[1]: a lock is released by its holder, never by whoever took it after it expired. */
const COMPARE_AND_DELETE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface RedisWechatStoreOptions {
  /** `redis://host:port/db`. */
  readonly url: string;
  /** Key prefix; one per WeChat app, so apps sharing a Redis never mix tokens. */
  readonly prefix: string;
  /**
   * PHONEKIT_DATA_KEY's text (one base64 key, or `id:base64,...` newest
   * last): every value written is sealed with AES-256-GCM under a key derived
   * from its newest entry; values under any entry still open.
   */
  readonly dataKey: string;
  /**
   * What deserves a warning, without secrets: connection problems (ioredis
   * reconnects by itself), and, once per kind, values that cannot be opened
   * (a {@link WechatStoreValueError}; they read as absent).
   */
  readonly onError?: (error: Error) => void;
}

/** Kinds are few (3 reasons x the key ids); whoever writes junk into Redis cannot grow the set without bound. */
const MAX_REPORTED_KINDS = 64;

/** What is kept under a key, for the messages. */
type StoredValue = 'session' | 'access token';

/**
 * A value in Redis that could not be opened: read as absent (the user logs
 * in again; the access token is fetched again). Its message says why and
 * names the key id, never a key, a value or the Redis key name.
 */
export class WechatStoreValueError extends Error {
  override readonly name = 'WechatStoreValueError';
  constructor(
    readonly value: StoredValue,
    readonly reason: UnsealFailure,
    readonly keyId: string | undefined,
  ) {
    const a = value === 'session' ? `a ${value}` : `an ${value}`;
    super(
      reason === 'unknown-key-id'
        ? `${a} in Redis is sealed under the data key id "${keyId ?? ''}", which PHONEKIT_DATA_KEY no longer lists: read as absent. Keep a retired key in PHONEKIT_DATA_KEY until what it sealed has expired (SESSION_TTL_SECONDS).`
        : reason === 'unauthentic'
          ? `${a} in Redis failed authentication (altered, copied from another Redis key, or sealed under another key with the id "${keyId ?? ''}"): read as absent.`
          : `${a} in Redis is not a sealed value (written by an older phonekit, or by something else): read as absent.`,
    );
  }
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

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sessions and the access token in Redis (ioredis), shared by every server
 * process that points at it, sealed with AES-256-GCM under the data key
 * (see {@link WechatStoreSealer}): Redis never holds a session_key, an openid
 * or the access token in clear. Sessions expire with Redis TTLs; the access
 * token's key expires when the token should no longer be used; the refresh
 * lock is `SET key holder NX PX ttl`, released with a compare-and-delete script.
 */
export class RedisWechatStore implements WechatStore {
  readonly kind = 'redis';
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #sealer: WechatStoreSealer;
  readonly #onError: ((error: Error) => void) | undefined;
  /** The kinds of unopenable value already reported: a retired key would otherwise warn once per user. */
  readonly #reported = new Set<string>();

  constructor(options: RedisWechatStoreOptions) {
    this.#prefix = options.prefix;
    this.#sealer = new WechatStoreSealer(options.dataKey);
    this.#onError = options.onError;
    this.#redis = new Redis(options.url, { maxRetriesPerRequest: 2, connectTimeout: 5_000 });
    this.#redis.on('error', (error: Error) => this.#onError?.(error));
  }

  async saveSession(id: string, session: WechatSession, ttlSeconds: number): Promise<void> {
    const key = `${this.#prefix}session:${id}`;
    await this.#redis.set(key, this.#sealer.seal(key, JSON.stringify(session)), 'EX', ttlSeconds);
  }

  async loadSession(id: string): Promise<WechatSession | undefined> {
    const value = await this.#read(`${this.#prefix}session:${id}`, 'session');
    return isSession(value) ? value : undefined;
  }

  async loadAccessToken(): Promise<CachedAccessToken | undefined> {
    const value = await this.#read(`${this.#prefix}access-token`, 'access token');
    return isCachedAccessToken(value) && value.expiresAt > Date.now() ? value : undefined;
  }

  async saveAccessToken(token: CachedAccessToken): Promise<void> {
    const key = `${this.#prefix}access-token`;
    const ttlMs = Math.max(1, Math.floor(token.expiresAt - Date.now()));
    await this.#redis.set(key, this.#sealer.seal(key, JSON.stringify(token)), 'PX', ttlMs);
  }

  /** The JSON value kept under `key`, opened; undefined when absent or when it cannot be opened (reported once per kind). */
  async #read(key: string, what: StoredValue): Promise<unknown> {
    const sealed = await this.#redis.get(key);
    if (sealed === null) return undefined;
    const opened = this.#sealer.open(key, sealed);
    if (opened.ok) return parse(opened.text);
    const kind = `${what}|${opened.reason}|${opened.keyId ?? ''}`;
    if (!this.#reported.has(kind) && this.#reported.size < MAX_REPORTED_KINDS) {
      this.#reported.add(kind);
      this.#onError?.(new WechatStoreValueError(what, opened.reason, opened.keyId));
    }
    return undefined;
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
