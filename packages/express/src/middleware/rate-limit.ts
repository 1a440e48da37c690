import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { MemoryStore, ipKeyGenerator, type Options, type Store } from 'express-rate-limit';
import { setAnswerHeader } from './deferred-headers';

export interface RateLimiterOptions {
  /** Requests a client may make per window (RATE_LIMIT_PER_MINUTE). */
  readonly limit: number;
  readonly windowMs: number;
  /** Where the hits are counted (an express-rate-limit Store). Default: express-rate-limit's MemoryStore, this process alone. */
  readonly store?: Store;
  /** The policy's name in the RateLimit headers (express-rate-limit's `identifier`, e.g. `100-in-1min`). */
  readonly identifier: string;
  /** The store failed (Redis not answering): the request goes through, uncounted, and this is told. Without it the error goes to Express. */
  readonly onStoreError?: (error: unknown) => void;
  /** How many clients' policy headers are remembered before the cache starts again (default 10,000). */
  readonly partitionKeysKept?: number;
  /** Answers a client over its limit (Retry-After is already set). */
  readonly limited: (req: Request, res: Response) => void;
  /**
   * The app's `trust proxy` setting is off (Express's default): the client
   * is the socket's peer, which is what `req.ip` then answers, read without
   * Express's X-Forwarded-For walk (proxy-addr) on every request. Default
   * false: the limiter asks `req.ip`.
   */
  readonly trustProxyOff?: boolean;
}

/**
 * express-rate-limit's key for an address (`ipKeyGenerator`: IPv6 by /56,
 * IPv4-mapped IPv6 as the IPv4 address), without its IPv6 test on addresses
 * that cannot be IPv6: every IPv6 text has a colon, and node's isIPv6 is a
 * regular expression of some 1,500 characters that an IPv4 address has to
 * fail all of.
 */
export function clientKeyOf(address: string): string {
  return address.includes(':') ? ipKeyGenerator(address) : address;
}

/**
 * The rate limiter: express-rate-limit's counting (its Store interface, its
 * MemoryStore or phonekit's RedisRateLimitStore), its client key
 * (`ipKeyGenerator`: the address, IPv6 by /56) and its draft-8 RateLimit and
 * RateLimit-Policy headers, byte for byte (a test compares them with the
 * library's own middleware), without the library's middleware around them.
 *
 * Why not `rateLimit()` itself: in `pnpm bench` its middleware cost about
 * 140,000 instructions per request on the phone route (RATE_LIMIT_PER_MINUTE
 * on against off, counted under callgrind), a tenth of the whole request,
 * for work the phone route does not need per request: six awaits, `req.ip`
 * worked out four times, debug calls whose arguments are built even when
 * debugging is off, and a SHA-256 of the client's key for the policy's
 * partition key on every answer. Here: one `req.ip`, one await (the store's),
 * and the partition key hashed once per client.
 */
export function rateLimiter(options: RateLimiterOptions): RequestHandler {
  const { limit, windowMs, identifier: name, limited, onStoreError, trustProxyOff = false } = options;
  const store = options.store ?? new MemoryStore();
  // The store needs only the window; Options is the library's whole option set.
  store.init?.({ windowMs } as Options);
  const windowSeconds = Math.ceil(windowMs / 1000);
  const policyHead = `"${name}"; q=${limit}; w=${windowSeconds}; pk=:`;
  const partitionKeysKept = options.partitionKeysKept ?? 10_000;
  const partitionKeys = new Map<string, string>();

  /** RateLimit-Policy for this client: express-rate-limit's partition key is the first 12 hex digits of SHA-256(key), in base64. */
  const policyOf = (key: string): string => {
    let policy = partitionKeys.get(key);
    if (policy === undefined) {
      if (partitionKeys.size >= partitionKeysKept) partitionKeys.clear();
      const partitionKey = Buffer.from(createHash('sha256').update(key).digest('hex').slice(0, 12)).toString('base64');
      policy = `${policyHead}${partitionKey}:`;
      partitionKeys.set(key, policy);
    }
    return policy;
  };

  const count = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    // req.ip is undefined only once the connection is gone: the socket's address, else one shared key.
    const key = clientKeyOf((trustProxyOff ? req.socket.remoteAddress : (req.ip ?? req.socket.remoteAddress)) ?? '');
    let totalHits: number;
    let resetTime: Date | undefined;
    try {
      ({ totalHits, resetTime } = await store.increment(key));
    } catch (error) {
      if (onStoreError === undefined) throw error;
      onStoreError(error);
      next();
      return;
    }
    const resetSeconds = resetTime === undefined ? windowSeconds : Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000));
    // As express-rate-limit does: an answer already started gets no headers, and the request still goes on (or is limited).
    const headersOpen = !res.headersSent;
    if (headersOpen) {
      setAnswerHeader(res, 'ratelimit', `"${name}"; r=${Math.max(limit - totalHits, 0)}; t=${resetSeconds}`);
      setAnswerHeader(res, 'ratelimit-policy', policyOf(key));
    }
    if (totalHits > limit) {
      // The seconds left in the window, as express-rate-limit says; at least 1 (0 would invite an immediate retry).
      if (headersOpen) setAnswerHeader(res, 'retry-after', String(Math.max(1, resetSeconds)));
      limited(req, res);
      return;
    }
    next();
  };
  return (req, res, next) => {
    count(req, res, next).catch(next);
  };
}
