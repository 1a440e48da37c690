import { ApiError } from '../errors/api-error';
import type { ApiErrorCode } from '../errors/catalogue';
import type { WechatStore } from '../store/wechat-store';
import type { WechatAccessToken } from './wechat-api-client';

/** Whoever fetches a platform's app token (WeChat's access_token, Douyin's client_token). */
export interface AccessTokenSource {
  fetchAccessToken(options?: { forceRefresh?: boolean }): Promise<WechatAccessToken>;
}

export interface WechatAccessTokensOptions {
  /** How long one process may hold the refresh lock (a crashed holder frees it after this). */
  readonly lockTtlMs?: number;
  /** How often a process waiting on another's refresh looks at the cached token. */
  readonly pollMs?: number;
  /** The store's token slot (see WechatStore.loadAccessToken); absent: WeChat's. */
  readonly slot?: string;
  /** The codes that mean "this token is refused": refresh and retry once. Default: WeChat's 40001 and 42001. */
  readonly tokenErrors?: ReadonlySet<ApiErrorCode>;
  /** What a process waiting too long for another's refresh answers. Default: WECHAT_SYSTEM_BUSY. */
  readonly busyError?: () => ApiError;
}

const REFRESH_LOCK = 'access-token-refresh';
const TOKEN_ERRORS: ReadonlySet<ApiErrorCode> = new Set<ApiErrorCode>(['WECHAT_ACCESS_TOKEN_INVALID', 'WECHAT_ACCESS_TOKEN_EXPIRED']);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Stop using a token a little before WeChat does: 5 minutes early for the usual 2 hours, a tenth of shorter lifetimes. */
export function usableForMs(expiresInSeconds: number): number {
  const marginSeconds = Math.min(300, expiresInSeconds / 10);
  return Math.max(0, (expiresInSeconds - marginSeconds) * 1000);
}

/**
 * The app's WeChat access token: cached in the store until shortly before it
 * expires, refreshed by one caller at a time (concurrent requests in this
 * process share one in-flight refresh; processes sharing a Redis take a lock
 * and the others poll the cached token), and refreshed-and-retried once when
 * WeChat says the token is invalid (40001) or expired (42001).
 */
export class WechatAccessTokens {
  readonly #client: AccessTokenSource;
  readonly #store: WechatStore;
  readonly #lockTtlMs: number;
  readonly #pollMs: number;
  readonly #slot: string | undefined;
  readonly #lockName: string;
  readonly #tokenErrors: ReadonlySet<ApiErrorCode>;
  readonly #busyError: () => ApiError;
  #inflight: Promise<string> | undefined;

  constructor(client: AccessTokenSource, store: WechatStore, options: WechatAccessTokensOptions = {}) {
    this.#client = client;
    this.#store = store;
    this.#lockTtlMs = options.lockTtlMs ?? 10_000;
    this.#pollMs = options.pollMs ?? 25;
    this.#slot = options.slot;
    this.#lockName = options.slot === undefined ? REFRESH_LOCK : `${REFRESH_LOCK}:${options.slot}`;
    this.#tokenErrors = options.tokenErrors ?? TOKEN_ERRORS;
    this.#busyError =
      options.busyError ?? (() => new ApiError('WECHAT_SYSTEM_BUSY', { message: 'Timed out waiting for another server process to refresh the WeChat access token.' }));
  }

  /** A usable token: the cached one, or a fresh one. */
  async current(): Promise<string> {
    const cached = await this.#store.loadAccessToken(this.#slot);
    return cached?.accessToken ?? this.refresh();
  }

  /**
   * Gets a new token, joining a refresh already in flight. `stale` is a
   * token WeChat just refused: a cached token equal to it is not reused.
   */
  refresh(stale?: string): Promise<string> {
    this.#inflight ??= this.#refreshOnce(stale).finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /** Runs `call` with a token; on 40001/42001 refreshes and runs it once more. */
  async withToken<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.current();
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof ApiError) || !this.#tokenErrors.has(err.code)) throw err;
      return call(await this.refresh(token));
    }
  }

  async #refreshOnce(stale: string | undefined): Promise<string> {
    const deadline = Date.now() + this.#lockTtlMs * 2;
    for (;;) {
      const release = await this.#store.tryLock(this.#lockName, this.#lockTtlMs);
      if (release !== undefined) {
        try {
          // Another process may have refreshed while we waited for the lock.
          const cached = await this.#store.loadAccessToken(this.#slot);
          if (cached !== undefined && cached.accessToken !== stale) return cached.accessToken;
          let fresh = await this.#client.fetchAccessToken();
          // stable_token hands back the same token while WeChat thinks it valid; if WeChat just refused it, force a new one.
          if (fresh.accessToken === stale) fresh = await this.#client.fetchAccessToken({ forceRefresh: true });
          await this.#store.saveAccessToken({ accessToken: fresh.accessToken, expiresAt: Date.now() + usableForMs(fresh.expiresInSeconds) }, this.#slot);
          return fresh.accessToken;
        } finally {
          await release();
        }
      }
      // Someone else holds the lock: wait for the token they will cache.
      await sleep(this.#pollMs);
      const cached = await this.#store.loadAccessToken(this.#slot);
      if (cached !== undefined && cached.accessToken !== stale) return cached.accessToken;
      if (Date.now() > deadline) {
        throw this.#busyError();
      }
    }
  }
}
