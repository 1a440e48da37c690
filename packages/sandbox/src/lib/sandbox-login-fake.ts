import type { EncryptedOpenData } from './encrypt-open-data';
import { FailureQueues, SandboxClock, SandboxCodes, SandboxSessions } from './sandbox-platform-state';

export interface SandboxLoginFakeOptions<E extends string> {
  /** Every endpoint the fake counts calls of (the order of `stats().calls`). */
  readonly endpoints: readonly E[];
  /** Lifetime of login codes. */
  readonly codeTtlSeconds: number;
  /** Bytes of a session_key (16 for AES-128, Baidu's 24). */
  readonly sessionKeyBytes: number;
  readonly now?: (() => number) | undefined;
}

/** A fake's app: its id and secret, and optionally its login codes' lifetime and its clock (ms). */
export interface SandboxAppOptions {
  readonly appId: string;
  readonly appSecret: string;
  readonly codeTtlSeconds?: number;
  readonly now?: () => number;
}

/** Counters tests assert on: calls per endpoint. */
export interface SandboxLoginFakeStats<E extends string> {
  readonly calls: Readonly<Record<E, number>>;
}

/** A getPhoneNumber event detail: `{errMsg, encryptedData, iv}`. */
export interface SandboxPhoneEvent extends EncryptedOpenData {
  readonly errMsg: 'getPhoneNumber:ok';
}

/**
 * What the fakes of a platform with one login endpoint share (Baidu, QQ,
 * Kuaishou): the movable clock, single-use login codes, rotating
 * session_keys, call counters and `failNext` queues, and the controls
 * `POST /control` drives. Each platform's fake adds its wire format.
 */
export class SandboxLoginFake<E extends string, C> {
  protected readonly clock: SandboxClock;
  protected readonly loginCodes: SandboxCodes<string>;
  protected readonly sessions: SandboxSessions;
  readonly #failNext = new FailureQueues<E, C>();
  readonly #calls: Record<E, number>;

  constructor(options: SandboxLoginFakeOptions<E>) {
    this.clock = new SandboxClock(options.now);
    this.loginCodes = new SandboxCodes(this.clock, options.codeTtlSeconds);
    this.sessions = new SandboxSessions(options.sessionKeyBytes);
    this.#calls = Object.fromEntries(options.endpoints.map((endpoint) => [endpoint, 0])) as Record<E, number>;
  }

  /** The fake's current time in ms. */
  now(): number {
    return this.clock.now();
  }

  /** The next `times` calls to `endpoint` answer `code` (after the app id and secret checks). */
  failNext(endpoint: E, code: C, times = 1): void {
    this.#failNext.push(endpoint, code, times);
  }

  /** Moves the fake's clock forward (codes age with it). */
  advanceClock(seconds: number): void {
    this.clock.advance(seconds);
  }

  stats(): SandboxLoginFakeStats<E> {
    return { calls: { ...this.#calls } };
  }

  /** Counts one call to `endpoint`. */
  protected called(endpoint: E): void {
    this.#calls[endpoint] += 1;
  }

  /** The queued failure of `endpoint`'s next call, if any. */
  protected queuedFailure(endpoint: E): C | undefined {
    return this.#failNext.take(endpoint);
  }
}
