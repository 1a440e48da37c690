import type { Redis } from 'ioredis';
import { newRedis } from './load-ioredis';
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';

/*
 * The rate limiter's hit counts in Redis, so that every process and machine
 * that shares REDIS_URL shares one limit (without it each process counts
 * alone: 2 workers let twice the limit through).
 *
 * Ours rather than the rate-limit-redis package: that one loads its Lua
 * scripts once, when the limiter is created, and keeps the rejected promise
 * if Redis is not up at that moment, so every later increment fails until
 * the process restarts (the limiter then silently lets everything through).
 * ioredis's defineCommand sends EVALSHA and falls back to EVAL by itself, so
 * a Redis that starts late, restarts or flushes its scripts just works.
 */

/** One window per key: INCR, set the window's expiry on the first hit, answer the count and the ms left. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}`;

const GET = `
local hits = redis.call('GET', KEYS[1])
if not hits then return nil end
return {tonumber(hits), redis.call('PTTL', KEYS[1])}`;

interface RateLimitCommands {
  phonekitRateLimitIncrement(key: string, windowMs: string): Promise<[number, number]>;
  phonekitRateLimitGet(key: string): Promise<[number, number] | null>;
}

export interface RedisRateLimitStoreOptions {
  /** `redis://host:port/db`. */
  readonly url: string;
  /** Key prefix (default `phonekit:rate-limit:`). */
  readonly prefix?: string;
  /** Connection problems (ioredis reconnects by itself); no secrets are passed. */
  readonly onError?: (error: Error) => void;
}

function infoOf(reply: [number, number], now: number): ClientRateLimitInfo {
  const [hits, ttl] = reply;
  return { totalHits: Number(hits), resetTime: new Date(now + Math.max(0, Number(ttl))) };
}

/** An express-rate-limit Store on ioredis; every command fails within 500 ms when Redis does not answer. */
export class RedisRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  /** The client, once ioredis is loaded (newRedis). */
  readonly #redis: Promise<Redis & RateLimitCommands>;
  #windowMs = 60_000;

  constructor(options: RedisRateLimitStoreOptions) {
    this.prefix = options.prefix ?? 'phonekit:rate-limit:';
    this.#redis = newRedis(options.url, { maxRetriesPerRequest: 1, connectTimeout: 5_000, commandTimeout: 500 }).then((redis) => {
      redis.defineCommand('phonekitRateLimitIncrement', { numberOfKeys: 1, lua: INCREMENT });
      redis.defineCommand('phonekitRateLimitGet', { numberOfKeys: 1, lua: GET });
      redis.on('error', (error: Error) => options.onError?.(error));
      return redis as Redis & RateLimitCommands;
    });
    // ioredis failing to load rejects every command (the limiter then lets requests through, passOnStoreError); nothing else waits on it.
    this.#redis.catch(() => undefined);
  }

  init(options: Options): void {
    this.#windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    return infoOf(await (await this.#redis).phonekitRateLimitIncrement(this.prefix + key, String(this.#windowMs)), Date.now());
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const reply = await (await this.#redis).phonekitRateLimitGet(this.prefix + key);
    return reply === null ? undefined : infoOf(reply, Date.now());
  }

  async decrement(key: string): Promise<void> {
    await (await this.#redis).decr(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await (await this.#redis).del(this.prefix + key);
  }

  async shutdown(): Promise<void> {
    const redis = await this.#redis;
    if (redis.status === 'end') return;
    try {
      await redis.quit();
    } catch {
      redis.disconnect();
    }
  }
}
