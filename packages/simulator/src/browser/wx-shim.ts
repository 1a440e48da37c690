/**
 * `window.wx`: the shared session-key shim ({@link createSessionKeyShim})
 * with WeChat's quirks, over the sandbox WeChat (/sandbox/wechat/*):
 *
 * - login: success({code, errMsg}); network failure: `login:fail <why>`.
 * - checkSession before any login: `checkSession:fail session time out, need relogin`.
 * - request: success also carries `cookies: []`; fail carries `errno: 600001`.
 *   `data`: a string unchanged, an object as JSON (or a form for
 *   x-www-form-urlencoded, a query string on GET).
 * - getAppBaseInfo / getSystemInfoSync / getSystemInfo: `{language, ...}` with the
 *   language chosen in the panel (`zh_CN`, or `en`).
 */
import { CLIENT_LANGUAGE_VALUES } from './client-language';
import { createSessionKeyShim, type SessionKeyClient } from './session-key-shim';
import { WECHAT_PLATFORM, type WechatSimulatorState } from './wechat-state';

const WECHAT_CLIENT: SessionKeyClient = {
  platform: WECHAT_PLATFORM,
  extraApis: (baseInfo) => ({ getAppBaseInfo: baseInfo }),
  baseInfo: (language) => ({ language: CLIENT_LANGUAGE_VALUES[language].wechat, SDKVersion: '3.0.0', version: '8.0.50', platform: 'devtools' }),
  maxRequestTimeout: undefined,
  requestSuccessExtras: () => ({ cookies: [] }),
  requestFailExtras: () => ({ errno: 600001 }),
  loginCodeQuery: '',
  loginAnswer: (code) => ({ errMsg: 'login:ok', code }),
  loginCodeNote: (user) => `a login code for ${user}, single use, valid 5 minutes`,
  loginNetworkFailure: (message) => `login:fail ${message}`,
  checkSessionFailure: () => ({ errMsg: 'checkSession:fail session time out, need relogin' }),
};

/** Builds `window.wx` over the WeChat tab's state (settings, session, storage, wire log). */
export function createWxShim(state: WechatSimulatorState): Record<string, unknown> {
  return createSessionKeyShim(state, WECHAT_CLIENT);
}
