import { currentConfig } from './current-config';
import { bearer, isAccountUser, PhonekitRequestError, postToPhonekit, requestPhonekit, type AccountUserJson, type ApiErrorCode, type LoginJson } from './phonekit-api';

/**
 * The phonekit session: an opaque token from POST /api/wechat/login. The
 * session_key behind it stays on the server; this code never sees it. The
 * token is kept in wx storage; the user it belongs to is asked of the server
 * each page run (the login answers it; with a stored token, GET /api/me),
 * never kept, so a phone bound or erased elsewhere shows as it is now.
 *
 * Log in BEFORE the user taps the phone button, never inside its callback:
 * wx.login rotates the session_key, and the encryptedData the button just
 * produced would no longer decrypt on the server.
 *
 * Sandbox mode (config.sandbox, for WeChat DevTools with touristappid): the
 * login code comes from the development server's sandbox WeChat
 * (`GET /sandbox/wechat/login-code?user=<sandboxUser>`) instead of wx.login,
 * and wx.checkSession is not asked (WeChat holds no session for the sandbox's
 * user; the server says whether the stored token still works).
 */

const STORAGE_KEY = 'phonekit.wechat.session';

interface StoredSession {
  readonly token: string;
  /** ms since the epoch. */
  readonly expiresAt: number;
}

/** A session and its user; `user` is null when the server keeps no accounts (the token still opens legacy encryptedData). */
export interface WechatSession {
  readonly token: string;
  readonly user: AccountUserJson | null;
}

let pending: Promise<WechatSession> | undefined;

const UNREADABLE = (what: string): PhonekitRequestError =>
  new PhonekitRequestError({ code: 'LOGIN_UNREADABLE', message: `The server answered ${what} with something unexpected.`, hint: 'Check that the server and the mini-program are the same phonekit version.', hintZh: '服务端应答无法识别：请确认服务端与小程序的 phonekit 版本一致。', retryable: false });

function storedSession(): StoredSession | undefined {
  const value: unknown = wx.getStorageSync(STORAGE_KEY);
  if (typeof value !== 'object' || value === null) return undefined;
  const { token, expiresAt } = value as Record<string, unknown>;
  if (typeof token !== 'string' || typeof expiresAt !== 'number' || expiresAt <= Date.now()) return undefined;
  return { token, expiresAt };
}

/** wx.checkSession: whether WeChat still holds the session_key our server has. */
function sessionKeyStillValid(): Promise<boolean> {
  if (currentConfig().sandbox) return Promise.resolve(true);
  return new Promise((resolve) => {
    wx.checkSession({ success: () => resolve(true), fail: () => resolve(false) });
  });
}

/** The sandbox's stand-in for wx.login: a login code for config.sandboxUser. */
async function sandboxLoginCode(): Promise<string> {
  const answer = await requestPhonekit('GET', `/sandbox/wechat/login-code?user=${encodeURIComponent(currentConfig().sandboxUser)}`);
  const code = typeof answer === 'object' && answer !== null ? (answer as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || code === '') throw UNREADABLE('the sandbox login code');
  return code;
}

function wxLoginCode(): Promise<string> {
  if (currentConfig().sandbox) return sandboxLoginCode();
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => resolve(res.code),
      fail: () =>
        reject(
          new PhonekitRequestError({
            code: 'WX_LOGIN_FAILED',
            message: 'wx.login failed.',
            hint: 'Check the network and try again.',
            hintZh: 'wx.login 调用失败：请检查网络后重试。',
            retryable: true,
          }),
        ),
    });
  });
}

/** wx.login + POST /api/wechat/login: a new session, stored. */
async function freshLogin(): Promise<WechatSession> {
  const code = await wxLoginCode();
  const answer = await postToPhonekit('/api/wechat/login', { code });
  const { sessionToken, expiresIn, user } = (typeof answer === 'object' && answer !== null ? answer : {}) as Partial<Record<keyof LoginJson, unknown>>;
  if (typeof sessionToken !== 'string' || typeof expiresIn !== 'number' || !(user === null || isAccountUser(user))) throw UNREADABLE('the login');
  wx.setStorageSync(STORAGE_KEY, { token: sessionToken, expiresAt: Date.now() + expiresIn * 1000 });
  return { token: sessionToken, user };
}

/**
 * The user of a stored token (GET /api/me); undefined when the server no
 * longer knows the token (401: expired, ended, or the user was erased).
 */
async function userOfStoredToken(token: string): Promise<WechatSession | undefined> {
  try {
    const me = await requestPhonekit('GET', '/api/me', { header: bearer(token) });
    if (!isAccountUser(me)) throw UNREADABLE('GET /api/me');
    return { token, user: me };
  } catch (err) {
    if (!(err instanceof PhonekitRequestError)) throw err;
    if (err.error.code === ('SESSION_INVALID' satisfies ApiErrorCode) || err.error.code === ('LOGIN_REQUIRED' satisfies ApiErrorCode)) return undefined;
    // A server without accounts: the token is still the legacy flow's session.
    if (err.error.code === ('ACCOUNTS_NOT_CONFIGURED' satisfies ApiErrorCode)) return { token, user: null };
    throw err;
  }
}

async function logIn(): Promise<WechatSession> {
  const stored = storedSession();
  if (stored !== undefined && (await sessionKeyStillValid())) {
    const session = await userOfStoredToken(stored.token);
    if (session !== undefined) return session;
    forgetWechatSession();
  }
  return freshLogin();
}

/**
 * Makes sure there is a session and says whose: the stored token while
 * wx.checkSession passes and the server still knows it (GET /api/me), else
 * wx.login + POST /api/wechat/login. Call it when the page loads.
 * Concurrent calls share one login.
 */
export function ensureWechatSession(): Promise<WechatSession> {
  pending ??= logIn().finally(() => {
    pending = undefined;
  });
  return pending;
}

/**
 * The session token for the legacy flow, from inside the button callback:
 * waits for a login already under way, but never starts one.
 */
export async function currentSessionToken(): Promise<string | undefined> {
  if (pending !== undefined) {
    try {
      return (await pending).token;
    } catch {
      return undefined;
    }
  }
  return storedSession()?.token;
}

/** Drops the stored session (the server refused it, or its session_key went stale). */
export function forgetWechatSession(): void {
  wx.removeStorageSync(STORAGE_KEY);
}

/**
 * "Erase my data" (PIPL): DELETE /api/me with the session's token. On the
 * server's 204 the user's phone, consents and sessions are gone, and so is
 * the stored token. Rejects with PhonekitRequestError otherwise.
 */
export async function eraseWechatAccount(token: string): Promise<void> {
  await requestPhonekit('DELETE', '/api/me', { header: bearer(token) });
  forgetWechatSession();
}
