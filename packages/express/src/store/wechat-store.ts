/**
 * Where the WeChat flow keeps its state: sessions (the session_key behind an
 * opaque token) and the app's access token. In memory for one process; in
 * Redis when several processes or machines must share sessions and one token.
 */

/** What a session token stands for. The session_key never leaves the server. */
export interface WechatSession {
  readonly openid: string;
  readonly sessionKey: string;
  readonly unionid?: string;
  /** ms since the epoch. */
  readonly createdAt: number;
}

/** The app's access token and when to stop using it (ms, a little before WeChat's expiry). */
export interface CachedAccessToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

/** Releases a lock taken with {@link WechatStore.tryLock}; a no-op if it already expired and someone else holds it. */
export type ReleaseLock = () => Promise<void>;

export const WECHAT_STORE_KINDS = ['memory', 'redis'] as const;
export type WechatStoreKind = (typeof WECHAT_STORE_KINDS)[number];

export interface WechatStore {
  readonly kind: WechatStoreKind;
  /** `id` is a digest of the session token, never the token itself. */
  saveSession(id: string, session: WechatSession, ttlSeconds: number): Promise<void>;
  loadSession(id: string): Promise<WechatSession | undefined>;
  /**
   * The app's access token. `slot` names another platform's token kept in
   * the same store (`douyin:<appid>`: Douyin's client_token); absent: WeChat's.
   */
  loadAccessToken(slot?: string): Promise<CachedAccessToken | undefined>;
  saveAccessToken(token: CachedAccessToken, slot?: string): Promise<void>;
  /** Takes the named lock for `ttlMs` if nobody holds it: resolves to its release, or undefined. */
  tryLock(name: string, ttlMs: number): Promise<ReleaseLock | undefined>;
  /**
   * For the readiness check: resolves when the service the store keeps its
   * state in answers (Redis: PING), rejects otherwise, in a bounded time.
   * Absent when the state is in a process of this server (memory, the
   * cluster primary): there is nothing else to be down.
   */
  ping?(): Promise<void>;
  close(): Promise<void>;
}
