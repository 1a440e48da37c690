/**
 * `window.tt`: the shared session-key shim ({@link createSessionKeyShim})
 * with Douyin's quirks, over the sandbox Douyin (/sandbox/douyin/*):
 *
 * - login: success({code, anonymousCode, isLogin: true, errMsg: 'login:ok'}) with
 *   codes from GET /sandbox/douyin/login-code?anonymous=1; with a login failure
 *   chosen, both codes are `sandbox-errcode-<n>`, which the sandbox's
 *   jscode2session answers with err_no n. (tt.login: https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/open-interface/log-in/tt-login)
 * - checkSession: fails with `checkSession:fail session is empty` until
 *   tt.login has succeeded in this page run, then succeeds
 *   (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/open-interface/log-in/tt-check-session).
 * - request: success({data, statusCode, header, errMsg: 'request:ok'}); `timeout` at most
 *   60000 ms (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/network/http/tt-request).
 * - getSystemInfoSync / getSystemInfo: `{appName: 'Douyin', language, ...}`
 *   with the language chosen in the panel (`zh_CN`, or `en`; see CLIENT_LANGUAGE_VALUES).
 */
import { CLIENT_LANGUAGE_VALUES } from './client-language';
import { DOUYIN_PLATFORM, type DouyinSimulatorState } from './douyin-state';
import { createSessionKeyShim, type SessionKeyClient } from './session-key-shim';

/** tt.request's longest timeout ("网络请求超时最大时长为 60s", the tt.request page above). */
const MAX_TIMEOUT_MS = 60_000;

const DOUYIN_CLIENT: SessionKeyClient = {
  platform: DOUYIN_PLATFORM,
  extraApis: () => ({}),
  baseInfo: (language) => ({ appName: 'Douyin', language: CLIENT_LANGUAGE_VALUES[language].douyin, SDKVersion: '3.51.0', version: '30.0.0', platform: 'devtools' }),
  maxRequestTimeout: MAX_TIMEOUT_MS,
  requestSuccessExtras: () => ({}),
  requestFailExtras: () => ({}),
  loginCodeQuery: '&anonymous=1',
  loginAnswer: (code, anonymousCode) => ({ errMsg: 'login:ok', code, anonymousCode, isLogin: true }),
  loginCodeNote: (user) => `a login code for ${user} (logged in to Douyin), single use, valid 5 minutes`,
  loginNetworkFailure: (message) => `login:fail network unavailable (${message})`,
  checkSessionFailure: () => ({ errMsg: 'checkSession:fail session is empty', errNo: 113101 }),
};

/** Builds `window.tt` over the Douyin tab's state (settings, session, storage, wire log). */
export function createTtShim(state: DouyinSimulatorState): Record<string, unknown> {
  return createSessionKeyShim(state, DOUYIN_CLIENT);
}
