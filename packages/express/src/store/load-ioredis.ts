import type { Redis, RedisOptions } from 'ioredis';

let loading: Promise<typeof Redis> | undefined;

/**
 * A new ioredis client, once ioredis is loaded. ioredis (about 15.6 MiB of
 * RSS once loaded, per process: x3 in a 2-worker cluster; BENCHMARKS.md's
 * idle memory table) is imported here, the first time a Redis store is made,
 * not when @phonekit/express is: a server without REDIS_URL never loads it.
 * The stores' commands are asynchronous already, so they wait for this.
 */
export function newRedis(url: string, options: RedisOptions): Promise<Redis> {
  loading ??= import('ioredis').then((module) => module.Redis);
  return loading.then((RedisClass) => new RedisClass(url, options));
}
