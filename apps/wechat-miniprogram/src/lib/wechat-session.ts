import { PhonekitRequestError, postToPhonekit } from './phonekit-api';

/**
 * The phonekit session: an opaque token from POST /api/wechat/login. The
 * session_key behind it stays on the server; this code never sees it.
 *
 * Log in BEFORE the user taps the phone button, never inside its callback:
 * wx.login rotates the session_key, and the encryptedData the button just
 * produced would no longer decrypt on the server.
 */

const STORAGE_KEY = 'phonekit.wechat.session';

interface StoredSession {
  readonly token: string;
  /** ms since the epoch. */
  readonly expiresAt: number;
}

let pending: Promise<string> | undefined;

function storedSession(): StoredSession | undefined {
  const value: unknown = wx.getStorageSync(STORAGE_KEY);
  if (typeof value !== 'object' || value === null) return undefined;
  const { token, expiresAt } = value as Record<string, unknown>;
  if (typeof token !== 'string' || typeof expiresAt !== 'number' || expiresAt <= Date.now()) return undefined;
  return { token, expiresAt };
}

/** wx.checkSession: whether WeChat still holds the session_key our server has. */
function sessionKeyStillValid(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.checkSession({ success: () => resolve(true), fail: () => resolve(false) });
  });
}

function wxLoginCode(): Promise<string> {
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

async function logIn(): Promise<string> {
  const stored = storedSession();
  if (stored !== undefined && (await sessionKeyStillValid())) return stored.token;
  const code = await wxLoginCode();
  const answer = await postToPhonekit('/api/wechat/login', { code });
  const { sessionToken, expiresIn } = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  if (typeof sessionToken !== 'string' || typeof expiresIn !== 'number') {
    throw new PhonekitRequestError({ code: 'LOGIN_UNREADABLE', message: 'The server answered the login with something unexpected.', hint: 'Check the server version.', hintZh: '请检查服务端版本。', retryable: false });
  }
  wx.setStorageSync(STORAGE_KEY, { token: sessionToken, expiresAt: Date.now() + expiresIn * 1000 });
  return sessionToken;
}

/**
 * Makes sure there is a session: the stored token while wx.checkSession
 * passes, else wx.login + POST /api/wechat/login. Call it when the page
 * loads. Concurrent calls share one login.
 */
export function ensureWechatSession(): Promise<string> {
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
      return await pending;
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
