import { currentConfig } from './current-config';
import { bearer, isAccountUser, PhonekitRequestError, postToPhonekit, requestPhonekit, type AccountUserJson, type ApiErrorCode, type LoginJson } from './phonekit-api';

/**
 * The phonekit session: an opaque token from POST /api/douyin/login. The
 * session_key behind it stays on the server; this code never sees it. The
 * token is kept in tt storage; the user it belongs to is asked of the server
 * each page run (the login answers it; with a stored token, GET /api/me),
 * never kept, so a phone bound or erased elsewhere shows as it is now.
 *
 * Log in BEFORE the user taps the phone button, never inside its callback:
 * "如果在回调中调用 tt.login 会刷新登录态,导致登录后换取的 session_key 与手机号码加密时使用的
 * session_key 不同,从而导致解密失败", and the current flow "仍然需要提前调用tt.login进行登录"
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/acquire-phone-number-acquire,
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/new-phone-method).
 *
 * Sandbox mode (config.sandbox): the login code comes from the development
 * server's sandbox Douyin (`GET /sandbox/douyin/login-code?user=<sandboxUser>`)
 * instead of tt.login, and tt.checkSession is not asked (Douyin holds no
 * session for the sandbox's user; the server says whether the stored token
 * still works).
 */

const STORAGE_KEY = 'phonekit.douyin.session';

interface StoredSession {
  readonly token: string;
  /** ms since the epoch. */
  readonly expiresAt: number;
}

/** A session and its user; `user` is null when the server keeps no accounts (the token still opens legacy encryptedData). */
export interface DouyinSession {
  readonly token: string;
  readonly user: AccountUserJson | null;
}

let pending: Promise<DouyinSession> | undefined;

const UNREADABLE = (what: string): PhonekitRequestError =>
  new PhonekitRequestError({ code: 'LOGIN_UNREADABLE', message: `The server answered ${what} with something unexpected.`, hint: 'Check that the server and the mini-program are the same phonekit version.', hintZh: '服务端应答无法识别：请确认服务端与小程序的 phonekit 版本一致。', retryable: false });

const LOGIN_FAILED = (why: string): PhonekitRequestError =>
  new PhonekitRequestError({
    code: 'TT_LOGIN_FAILED',
    message: `tt.login failed${why === '' ? '' : ` (${why})`}.`,
    hint: 'The user must be logged in to Douyin (tt.login with force: true asks them to); check the network and try again.',
    hintZh: 'tt.login 调用失败：用户需登录抖音（force: true 时会弹出登录框）；请检查网络后重试。',
    retryable: true,
  });

function storedSession(): StoredSession | undefined {
  const value: unknown = tt.getStorageSync(STORAGE_KEY);
  if (typeof value !== 'object' || value === null) return undefined;
  const { token, expiresAt } = value as Record<string, unknown>;
  if (typeof token !== 'string' || typeof expiresAt !== 'number' || expiresAt <= Date.now()) return undefined;
  return { token, expiresAt };
}

/**
 * tt.checkSession: whether Douyin still holds the session_key our server has
 * ("只有成功调用 tt.login 才会生成 session", https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/open-interface/log-in/tt-check-session).
 */
function sessionKeyStillValid(): Promise<boolean> {
  if (currentConfig().sandbox) return Promise.resolve(true);
  return new Promise((resolve) => {
    tt.checkSession({ success: () => resolve(true), fail: () => resolve(false) });
  });
}

/** The sandbox's stand-in for tt.login: a login code for config.sandboxUser. */
async function sandboxLoginCode(): Promise<string> {
  const answer = await requestPhonekit('GET', `/sandbox/douyin/login-code?user=${encodeURIComponent(currentConfig().sandboxUser)}`);
  const code = typeof answer === 'object' && answer !== null ? (answer as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || code === '') throw UNREADABLE('the sandbox login code');
  return code;
}

/**
 * tt.login's `code` (5 minutes, once). With `force: true` (the default) a
 * user not logged in to Douyin is asked to; cancelling calls fail. Only a
 * logged-in user's success has a `code` ("只有宿主登录的用户 success 才有 code, 否则只有
 * anonymousCode", https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/open-interface/log-in/tt-login).
 */
function ttLoginCode(): Promise<string> {
  if (currentConfig().sandbox) return sandboxLoginCode();
  return new Promise((resolve, reject) => {
    tt.login({
      force: true,
      success: (res) => {
        if (typeof res.code === 'string' && res.code !== '') resolve(res.code);
        else reject(LOGIN_FAILED('not logged in to Douyin'));
      },
      fail: (res) => reject(LOGIN_FAILED(typeof res.errMsg === 'string' ? res.errMsg : '')),
    });
  });
}

/** tt.login + POST /api/douyin/login: a new session, stored. */
async function freshLogin(): Promise<DouyinSession> {
  const code = await ttLoginCode();
  const answer = await postToPhonekit('/api/douyin/login', { code });
  const { sessionToken, expiresIn, user } = (typeof answer === 'object' && answer !== null ? answer : {}) as Partial<Record<keyof LoginJson, unknown>>;
  if (typeof sessionToken !== 'string' || typeof expiresIn !== 'number' || !(user === null || isAccountUser(user))) throw UNREADABLE('the login');
  tt.setStorageSync(STORAGE_KEY, { token: sessionToken, expiresAt: Date.now() + expiresIn * 1000 });
  return { token: sessionToken, user };
}

/**
 * The user of a stored token (GET /api/me); undefined when the server no
 * longer knows the token (401: expired, ended, or the user was erased).
 */
async function userOfStoredToken(token: string): Promise<DouyinSession | undefined> {
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

async function logIn(): Promise<DouyinSession> {
  const stored = storedSession();
  if (stored !== undefined && (await sessionKeyStillValid())) {
    const session = await userOfStoredToken(stored.token);
    if (session !== undefined) return session;
    forgetDouyinSession();
  }
  return freshLogin();
}

/**
 * Makes sure there is a session and says whose: the stored token while
 * tt.checkSession passes and the server still knows it (GET /api/me), else
 * tt.login + POST /api/douyin/login. Call it when the page loads.
 * Concurrent calls share one login.
 */
export function ensureDouyinSession(): Promise<DouyinSession> {
  pending ??= logIn().finally(() => {
    pending = undefined;
  });
  return pending;
}

/**
 * The session token, from inside the button callback: waits for a login
 * already under way, but never starts one.
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
export function forgetDouyinSession(): void {
  tt.removeStorageSync(STORAGE_KEY);
}

/**
 * "Erase my data" (PIPL): DELETE /api/me with the session's token. On the
 * server's 204 the user's phone, consents and sessions are gone, and so is
 * the stored token. Rejects with PhonekitRequestError otherwise.
 */
export async function eraseDouyinAccount(token: string): Promise<void> {
  await requestPhonekit('DELETE', '/api/me', { header: bearer(token) });
  forgetDouyinSession();
}
