import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { newRedis } from './load-ioredis';
import { ApiError } from '../errors/api-error';
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
  /** How long one Redis command may wait for its answer; default {@link REDIS_COMMAND_TIMEOUT_MS}. */
  readonly commandTimeoutMs?: number;
  /** How long opening the connection may take; default {@link REDIS_CONNECT_TIMEOUT_MS}. */
  readonly connectTimeoutMs?: number;
}

/** Redis answers in well under a millisecond; a command still unanswered after this fails (a Redis that stopped answering). */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;
/** Opening the connection (TCP, TLS, the ready check) fails after this. */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000;
/** Reconnecting waits 100 ms more each time, at most this: a Redis back from a restart is used again within a second. */
const MAX_RECONNECT_DELAY_MS = 1_000;
/** While ioredis knows the connection is gone, a command fails at once instead of waiting for the next attempt. */
const DOWN_STATUSES: ReadonlySet<string> = new Set(['reconnecting', 'close', 'end']);

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
  /** The client, once ioredis is loaded (newRedis). */
  readonly #redis: Promise<Redis>;
  readonly #prefix: string;
  readonly #sealer: WechatStoreSealer;
  readonly #onError: ((error: Error) => void) | undefined;
  /** The kinds of unopenable value already reported: a retired key would otherwise warn once per user. */
  readonly #reported = new Set<string>();
  /** A connection error was reported since the connection was last ready: one warning per outage, not one per reconnect attempt. */
  #outageReported = false;

  /**
   * Every command is bounded: it fails after `commandTimeoutMs` when Redis
   * does not answer, at once while the connection is known to be down, and
   * is never retried on another connection (maxRetriesPerRequest 0), so a
   * request fails in a bounded time with REDIS_UNAVAILABLE (503) instead of
   * queueing behind reconnects. ioredis keeps reconnecting in the
   * background; the first command after Redis is back succeeds.
   */
  constructor(options: RedisWechatStoreOptions) {
    this.#prefix = options.prefix;
    this.#sealer = new WechatStoreSealer(options.dataKey);
    this.#onError = options.onError;
    this.#redis = newRedis(options.url, {
      commandTimeout: options.commandTimeoutMs ?? REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: options.connectTimeoutMs ?? REDIS_CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      // Commands sent while the first connection is being opened wait for it (bounded by commandTimeout).
      enableOfflineQueue: true,
      retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    }).then((redis) => {
      redis.on('error', (error: Error) => {
        if (this.#outageReported) return;
        this.#outageReported = true;
        this.#onError?.(error);
      });
      redis.on('ready', () => {
        this.#outageReported = false;
      });
      return redis;
    });
    // ioredis failing to load rejects every command (and close); nothing else waits on it.
    this.#redis.catch(() => undefined);
  }

  /** Runs a Redis command; any failure of Redis is REDIS_UNAVAILABLE (the cause, for the log only, never names the URL). */
  async #command<T>(run: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = await this.#redis;
    if (DOWN_STATUSES.has(redis.status)) {
      throw new ApiError('REDIS_UNAVAILABLE', { cause: new Error(`redis connection is ${redis.status}`) });
    }
    try {
      return await run(redis);
    } catch (error) {
      throw new ApiError('REDIS_UNAVAILABLE', { cause: error });
    }
  }

  /** Resolves when Redis answers PING (bounded like every command); rejects with REDIS_UNAVAILABLE otherwise. */
  async ping(): Promise<void> {
    await this.#command((redis) => redis.ping());
  }

  async saveSession(id: string, session: WechatSession, ttlSeconds: number): Promise<void> {
    const key = `${this.#prefix}session:${id}`;
    const sealed = this.#sealer.seal(key, JSON.stringify(session));
    await this.#command((redis) => redis.set(key, sealed, 'EX', ttlSeconds));
  }

  async loadSession(id: string): Promise<WechatSession | undefined> {
    const value = await this.#read(`${this.#prefix}session:${id}`, 'session');
    return isSession(value) ? value : undefined;
  }

  /** WeChat's token under `<prefix>access-token`, another platform's under `<prefix>access-token:<slot>`. */
  #accessTokenKey(slot: string | undefined): string {
    return slot === undefined || slot === '' ? `${this.#prefix}access-token` : `${this.#prefix}access-token:${slot}`;
  }

  async loadAccessToken(slot?: string): Promise<CachedAccessToken | undefined> {
    const value = await this.#read(this.#accessTokenKey(slot), 'access token');
    return isCachedAccessToken(value) && value.expiresAt > Date.now() ? value : undefined;
  }

  async saveAccessToken(token: CachedAccessToken, slot?: string): Promise<void> {
    const key = this.#accessTokenKey(slot);
    const ttlMs = Math.max(1, Math.floor(token.expiresAt - Date.now()));
    const sealed = this.#sealer.seal(key, JSON.stringify(token));
    await this.#command((redis) => redis.set(key, sealed, 'PX', ttlMs));
  }

  /** The JSON value kept under `key`, opened; undefined when absent or when it cannot be opened (reported once per kind). */
  async #read(key: string, what: StoredValue): Promise<unknown> {
    const sealed = await this.#command((redis) => redis.get(key));
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
    const taken = await this.#command((redis) => redis.set(key, holder, 'PX', ttlMs, 'NX'));
    if (taken !== 'OK') return undefined;
    return async () => {
      await this.#command((redis) => redis.eval(COMPARE_AND_DELETE, 1, key, holder));
    };
  }

  async close(): Promise<void> {
    const redis = await this.#redis;
    if (redis.status === 'end') return;
    try {
      await redis.quit();
    } catch {
      redis.disconnect();
    }
  }
}
