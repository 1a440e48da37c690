import { createHash, randomBytes } from 'node:crypto';

/**
 * The pieces every fake mini-program platform shares: a clock tests can move,
 * single-use expiring codes bound to the app that minted them, users whose
 * session_key rotates on each login, stable openids and the `failNext`
 * queues. Each platform's fake composes these and keeps its own wire format.
 */

/** The fake's time: the given clock plus whatever `advance` added. */
export class SandboxClock {
  readonly #clock: () => number;
  #offsetMs = 0;

  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  /** Now, in ms. */
  now(): number {
    return this.#clock() + this.#offsetMs;
  }

  /** Now, in whole seconds (watermark timestamps). */
  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(seconds: number): void {
    this.#offsetMs += seconds * 1000;
  }
}

/** Why a code was refused. */
export type CodeRefusal = 'unknown' | 'used' | 'expired' | 'other-app';

export type Redeemed<T> = { readonly ok: true; readonly payload: T } | { readonly ok: false; readonly refusal: CodeRefusal };

interface IssuedCode<T> {
  readonly payload: T;
  readonly appId: string;
  readonly issuedAt: number;
  used: boolean;
}

/** Codes as a platform hands them out: random, single use, expiring, valid only for the app they were minted for. */
export class SandboxCodes<T> {
  readonly #codes = new Map<string, IssuedCode<T>>();
  readonly #clock: SandboxClock;
  readonly #ttlMs: number;

  constructor(clock: SandboxClock, ttlSeconds: number) {
    this.#clock = clock;
    this.#ttlMs = ttlSeconds * 1000;
  }

  mint(prefix: string, payload: T, appId: string): string {
    const code = `${prefix}${randomBytes(16).toString('hex')}`;
    this.#codes.set(code, { payload, appId, issuedAt: this.#clock.now(), used: false });
    return code;
  }

  /** Spends `code` for `appId`: the payload once, then `used`; `expired` after the TTL; `other-app` for a code minted for another app. */
  redeem(code: string, appId: string): Redeemed<T> {
    const issued = this.#codes.get(code);
    if (issued === undefined) return { ok: false, refusal: 'unknown' };
    if (issued.appId !== appId) return { ok: false, refusal: 'other-app' };
    if (issued.used) return { ok: false, refusal: 'used' };
    if (this.#clock.now() - issued.issuedAt > this.#ttlMs) return { ok: false, refusal: 'expired' };
    issued.used = true;
    return { ok: true, payload: issued.payload };
  }
}

/** Each sandbox user's current session_key; a new login replaces it, so data encrypted with the old one no longer opens. */
export class SandboxSessions {
  readonly #keys = new Map<string, Buffer>();
  readonly #keyBytes: number;

  constructor(keyBytes: number) {
    this.#keyBytes = keyBytes;
  }

  /** A fresh session_key for `user` (base64, as the platforms send it). */
  rotate(user: string): string {
    const key = randomBytes(this.#keyBytes);
    this.#keys.set(user, key);
    return key.toString('base64');
  }

  /** `user`'s current session_key (base64), or undefined before the first login. */
  current(user: string): string | undefined {
    return this.#keys.get(user)?.toString('base64');
  }
}

/**
 * The digest behind a sandbox user's openid: SHA-256 of `appId:user`, the
 * same input as the fake WeChat's, so a user is the same user across restarts
 * for one app and a different one for another app. Platforms format it.
 */
export function sandboxOpenidDigest(appId: string, user: string): Buffer {
  return createHash('sha256').update(`${appId}:${user}`).digest();
}

/** A developer-wide id for `user` (unionid): the same for every app of the sandbox's developer. */
export function sandboxUnionDigest(user: string): Buffer {
  return createHash('sha256').update(`unionid:${user}`).digest();
}

/** The next `times` calls to an endpoint fail with a queued code. */
export class FailureQueues<E extends string, C> {
  readonly #queues = new Map<E, C[]>();

  push(endpoint: E, code: C, times = 1): void {
    const queue = this.#queues.get(endpoint) ?? [];
    for (let i = 0; i < times; i++) queue.push(code);
    this.#queues.set(endpoint, queue);
  }

  take(endpoint: E): C | undefined {
    return this.#queues.get(endpoint)?.shift();
  }
}

/** `sandbox-errcode-<n>`: a login or phone code that makes the fake answer errcode n (as the fake WeChat's do). */
const MAGIC_NUMERIC = /^sandbox-errcode-(-?\d{1,10})$/;

/** @returns the errcode a magic code asks for, or undefined for an ordinary code. */
export function magicErrcode(code: string): number | undefined {
  const match = MAGIC_NUMERIC.exec(code);
  return match === null ? undefined : Number(match[1]);
}

/** A log_id as Douyin's open APIs print them: a yyyyMMddHHmmss timestamp and 20 hex digits. */
export function sandboxLogId(nowMs: number): string {
  const stamp = new Date(nowMs + 8 * 3600 * 1000).toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}${randomBytes(10).toString('hex').toUpperCase()}`;
}
