/**
 * `window.wx`: the WeChat client's API as far as the phone page needs it,
 * with WeChat's callback shapes (`errMsg: 'api:ok'` / `'api:fail ...'`).
 * Network calls are real (fetch to the server); the WeChat side is the
 * server's sandbox WeChat (/sandbox/wechat/*).
 *
 * - login: success({code, errMsg}) with a code from GET /sandbox/wechat/login-code
 *   for the user chosen in the panel; with a login failure chosen, the code is
 *   `sandbox-errcode-<n>`, which the sandbox's jscode2session answers with errcode n.
 * - checkSession: fails until wx.login has succeeded in this page run, then succeeds.
 * - request: any HTTP answer -> success({data, statusCode, header, cookies, errMsg: 'request:ok'})
 *   (WeChat does not fail on 4xx/5xx; data is parsed JSON when dataType is json
 *   and the body parses, else the text); no answer -> fail({errMsg: 'request:fail ...'}).
 *   `data`: a string unchanged, an object as JSON (or a form for
 *   x-www-form-urlencoded, a query string on GET).
 * - getAppBaseInfo / getSystemInfoSync / getSystemInfo: `{language, ...}` with the
 *   language chosen in the panel (`zh_CN`, or `en`).
 * - getStorageSync / setStorageSync / removeStorageSync / clearStorageSync (in memory),
 *   showToast / hideToast / showLoading / hideLoading / showModal, canIUse.
 * Any other `wx.x()` shows a loud "not simulated" error.
 */
import { callbacksOf, settle } from './callbacks';
import { CLIENT_LANGUAGE_VALUES } from './client-language';
import { SimulatorUnsupportedError, showSimulatorError } from './error-panel';
import { prepareRequest, responseData, sendRequest } from './http-wire';
import { hideToast, showToast } from './overlays';
import { isRecord, readString } from './records';
import { showWechatModal } from './wechat-overlays';
import { magicCode, wechatFailure, type WechatSimulatorState } from './wechat-state';

/** What `wx.canIUse` answers true for. */
const FEATURES = [
  'login',
  'checkSession',
  'request',
  'getStorageSync',
  'setStorageSync',
  'removeStorageSync',
  'clearStorageSync',
  'showToast',
  'hideToast',
  'showLoading',
  'hideLoading',
  'showModal',
  'canIUse',
  'getAppBaseInfo',
  'getSystemInfoSync',
  'getSystemInfo',
  'button.open-type.getPhoneNumber',
];

/** Builds `window.wx` over the WeChat tab's state (settings, session, storage, wire log). */
export function createWxShim(state: WechatSimulatorState): Record<string, unknown> {
  const request = (options: unknown): { abort(): void } => {
    const record = isRecord(options) ? options : {};
    const callbacks = callbacksOf(record);
    const prepared = prepareRequest(record, {
      api: 'wx.request',
      headers: record['header'],
      defaultTimeout: 60_000,
      check: (checked) => {
        const responseType = readString(checked, 'responseType', 'text');
        if (responseType !== 'text') throw new SimulatorUnsupportedError(`wx.request responseType "${responseType}" is not simulated (text is)`);
      },
    });
    return sendRequest(state, prepared, {
      abortedMessage: 'timeout',
      answered: ({ status, headers, text }) => {
        // WeChat hands over the text when it does not parse.
        const { data } = responseData(text, prepared.dataType);
        settle(callbacks, 'success', { data, statusCode: status, header: headers, cookies: [], errMsg: 'request:ok' });
      },
      failed: (message) => settle(callbacks, 'fail', { errMsg: `request:fail ${message}`, errno: 600001 }),
    });
  };

  const login = (options: unknown): void => {
    const callbacks = callbacksOf(options);
    const { user, failure: failureId } = state.settings;
    const failure = wechatFailure(failureId);
    if (failure.stage === 'login' && failure.errcode !== undefined) {
      const code = magicCode(failure.errcode);
      state.loggedInThisRun = true;
      state.recordClient('wx.login()', `the panel's failure: jscode2session answers ${failure.label}`, JSON.stringify({ errMsg: 'login:ok', code }));
      settle(callbacks, 'success', { errMsg: 'login:ok', code });
      return;
    }
    fetch(`/sandbox/wechat/login-code?user=${encodeURIComponent(user)}`).then(
      async (response) => {
        const body: unknown = await response.json().catch(() => undefined);
        const code = isRecord(body) && typeof body['code'] === 'string' ? body['code'] : undefined;
        if (!response.ok || code === undefined) {
          settle(callbacks, 'fail', { errMsg: `login:fail the sandbox gave no code (HTTP ${response.status})` });
          return;
        }
        state.loggedInThisRun = true;
        state.recordClient('wx.login()', `a login code for ${user}, single use, valid 5 minutes`, JSON.stringify({ errMsg: 'login:ok', code }));
        settle(callbacks, 'success', { errMsg: 'login:ok', code });
      },
      (cause: unknown) => settle(callbacks, 'fail', { errMsg: `login:fail ${cause instanceof Error ? cause.message : String(cause)}` }),
    );
  };

  const storageKey = (key: unknown, api: string): string => {
    if (typeof key !== 'string' || key === '') throw new SimulatorUnsupportedError(`wx.${api} needs a non-empty string key`);
    return key;
  };

  const baseInfo = (): Record<string, unknown> => ({ language: CLIENT_LANGUAGE_VALUES[state.settings.language].wechat, SDKVersion: '3.0.0', version: '8.0.50', platform: 'devtools' });
  const systemInfo = (): Record<string, unknown> => ({
    ...baseInfo(),
    brand: 'phonekit',
    model: 'phonekit simulator',
    system: 'iOS 17.0',
    pixelRatio: window.devicePixelRatio,
    windowWidth: document.getElementById('screen')?.clientWidth ?? 375,
    windowHeight: document.getElementById('screen')?.clientHeight ?? 667,
  });

  const shim: Record<string, unknown> = {
    getAppBaseInfo: baseInfo,
    getSystemInfoSync: systemInfo,
    getSystemInfo(options: unknown): void {
      settle(callbacksOf(options), 'success', { ...systemInfo(), errMsg: 'getSystemInfo:ok' });
    },
    canIUse(feature: unknown): boolean {
      return typeof feature === 'string' && FEATURES.includes(feature);
    },
    login,
    checkSession(options: unknown): void {
      if (state.loggedInThisRun) settle(callbacksOf(options), 'success', { errMsg: 'checkSession:ok' });
      else settle(callbacksOf(options), 'fail', { errMsg: 'checkSession:fail session time out, need relogin' });
    },
    request,
    getStorageSync(key: unknown): unknown {
      const value = state.storage.get(storageKey(key, 'getStorageSync'));
      // WeChat answers '' for a key it does not have.
      return value === undefined ? '' : structuredClone(value);
    },
    setStorageSync(key: unknown, value: unknown): void {
      state.storage.set(storageKey(key, 'setStorageSync'), structuredClone(value));
    },
    removeStorageSync(key: unknown): void {
      state.storage.delete(storageKey(key, 'removeStorageSync'));
    },
    clearStorageSync(): void {
      state.storage.clear();
    },
    showToast(options: unknown): void {
      const record = isRecord(options) ? options : {};
      const duration = record['duration'];
      showToast(readString(record, 'title', ''), readString(record, 'icon', 'success'), typeof duration === 'number' ? duration : 1500);
      settle(callbacksOf(options), 'success', { errMsg: 'showToast:ok' });
    },
    hideToast(options: unknown): void {
      hideToast();
      settle(callbacksOf(options), 'success', { errMsg: 'hideToast:ok' });
    },
    showLoading(options: unknown): void {
      const record = isRecord(options) ? options : {};
      showToast(readString(record, 'title', ''), 'loading', 0);
      settle(callbacksOf(options), 'success', { errMsg: 'showLoading:ok' });
    },
    hideLoading(options: unknown): void {
      hideToast();
      settle(callbacksOf(options), 'success', { errMsg: 'hideLoading:ok' });
    },
    showModal(options: unknown): void {
      const record = isRecord(options) ? options : {};
      showWechatModal({
        title: readString(record, 'title', ''),
        content: readString(record, 'content', ''),
        showCancel: record['showCancel'] !== false,
        cancelText: readString(record, 'cancelText', '取消'),
        confirmText: readString(record, 'confirmText', '确定'),
      }).then(
        (confirm) => settle(callbacksOf(options), 'success', { errMsg: 'showModal:ok', confirm, cancel: !confirm }),
        showSimulatorError,
      );
    },
  };

  // Unknown APIs fail loudly when called, naming themselves.
  return new Proxy(shim, {
    get(target, key) {
      if (typeof key !== 'string' || Object.hasOwn(target, key)) return Reflect.get(target, key);
      return () => {
        throw new SimulatorUnsupportedError(`wx.${key}() is not simulated (simulated: ${Object.keys(target).join(', ')})`);
      };
    },
  });
}
