/**
 * The phonekit session of this page run: `my.getAuthCode({scopes: 'auth_base'})`
 * when the page loads (silent: auth_base shows the user nothing), then
 * `POST /api/alipay/login {authCode}`, where the server exchanges the code
 * with Alipay (alipay.system.oauth.token) and answers an opaque session
 * token and the user. The token lives in memory only: every page run logs
 * in again, which auth_base makes free, and nothing is left in storage for
 * another mini-program user of the same phone.
 *
 * In sandbox mode (config.sandbox) the code comes from the server's sandbox
 * route instead, minted for `config.sandboxUser`.
 *
 * my.getAuthCode: https://opendocs.alipay.com/mini/api/openapi-authorize
 * (`scopes` 'auth_base' for a silent login; success `{authCode}`; fail
 * `{error, errorMessage}`).
 */
import type { PhonekitConfig } from '../config';
import type { AccountUserJson, ServerError } from './contract';
import { fetchSandboxAuthCode, postLogin } from './phonekit-api';
import type { AuthCodeAnswer, LoginAnswer } from './phonekit-api';

/** A session the page holds, or why it has none (the phone flow then runs without one). */
export type SessionState =
  | { kind: 'session'; sessionToken: string; user: AccountUserJson }
  | { kind: 'none'; reason: ServerError; status: number | null };

function clientFailure(message: string): ServerError {
  return {
    code: 'GET_AUTH_CODE_FAILED',
    message: `Alipay did not give a login code: ${message}.`,
    hint: 'The page goes on without an account: the number is verified but not saved. Reopen the page to try again.',
    hintZh: '未能获取支付宝授权码：本次不登录，手机号仍可验证但不会保存到账号。重新打开页面即可重试。',
    retryable: true,
  };
}

/** `{error: 11, errorMessage: 'user cancelled'}` -> `user cancelled (error 11)`. */
function describeClientError(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const record = err as Record<string, unknown>;
  const code = record['error'];
  const message = record['errorMessage'];
  const text = typeof message === 'string' && message !== '' ? message : 'no message';
  return typeof code === 'number' || typeof code === 'string' ? `${text} (error ${code})` : text;
}

function alipayAuthCode(): Promise<AuthCodeAnswer> {
  return new Promise<AuthCodeAnswer>((resolve) => {
    try {
      my.getAuthCode({
        scopes: 'auth_base',
        success: (res: { authCode?: unknown }) => {
          const code = res.authCode;
          if (typeof code === 'string' && code !== '') resolve({ kind: 'auth-code', authCode: code });
          else resolve({ kind: 'error', status: null, error: clientFailure('the answer had no authCode') });
        },
        fail: (err: unknown) => resolve({ kind: 'error', status: null, error: clientFailure(describeClientError(err)) }),
      });
    } catch (cause) {
      resolve({ kind: 'error', status: null, error: clientFailure(cause instanceof Error ? cause.message : String(cause)) });
    }
  });
}

function toState(answer: LoginAnswer | Exclude<AuthCodeAnswer, { kind: 'auth-code' }>): SessionState {
  switch (answer.kind) {
    case 'session':
      return { kind: 'session', sessionToken: answer.sessionToken, user: answer.user };
    case 'error':
      return { kind: 'none', reason: answer.error, status: answer.status };
    case 'unreachable':
      return {
        kind: 'none',
        status: null,
        reason: {
          code: 'SERVER_UNREACHABLE',
          message: `Could not reach the server at ${answer.serverUrl} to log in.`,
          hint: 'Start the phonekit server and check serverUrl in src/config.ts.',
          hintZh: '无法连接服务端登录：请启动 phonekit 服务端并检查 src/config.ts 中的 serverUrl。',
          retryable: true,
        },
      };
  }
}

/**
 * Logs in: an auth code (Alipay's, or the sandbox's), then the server's
 * login. Always resolves: a failure is a `none` state with the reason.
 */
export async function logIn(config: PhonekitConfig): Promise<SessionState> {
  const code = config.sandbox ? await fetchSandboxAuthCode(config) : await alipayAuthCode();
  if (code.kind !== 'auth-code') return toState(code);
  return toState(await postLogin(config, code.authCode));
}
