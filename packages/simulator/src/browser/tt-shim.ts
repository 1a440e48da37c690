/**
 * `window.tt`: the Douyin client's API as far as the phone page needs it,
 * with Douyin's callback shapes (`errMsg: 'api:ok'` / `'api:fail ...'`).
 * Network calls are real (fetch to the server); the Douyin side is the
 * server's sandbox Douyin (/sandbox/douyin/*).
 *
 * - login: success({code, anonymousCode, isLogin: true, errMsg: 'login:ok'}) with
 *   codes from GET /sandbox/douyin/login-code?anonymous=1 for the user chosen
 *   in the panel; with a login failure chosen, the code is
 *   `sandbox-errcode-<n>`, which the sandbox's jscode2session answers with
 *   err_no n. (tt.login: https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/open-interface/log-in/tt-login)
 * - checkSession: fails with `checkSession:fail session is empty` until
 *   tt.login has succeeded in this page run, then succeeds
 *   (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/open-interface/log-in/tt-check-session).
 * - request: any HTTP answer -> success({data, statusCode, header, errMsg: 'request:ok'})
 *   (data is parsed JSON when dataType is json and the body parses, else the
 *   text); no answer -> fail({errMsg: 'request:fail ...'}); `timeout` at most
 *   60000 ms (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/network/http/tt-request).
 * - getSystemInfoSync / getSystemInfo: `{appName: 'Douyin', language, ...}`
 *   with the language chosen in the panel (`zh_CN`, or `en`; Douyin's
 *   mini-app page does not list `language`, its mini-game page gives
 *   `zh_CN` as an example, and uni-app's tt runtime reads it).
 * - getStorageSync / setStorageSync / removeStorageSync / clearStorageSync (in memory),
 *   showToast / hideToast / showLoading / hideLoading / showModal, canIUse.
 * Any other `tt.x()` shows a loud "not simulated" error.
 */
import { callbacksOf, settle } from './callbacks';
import { isRecord, readString } from './records';
import { SimulatorUnsupportedError, showSimulatorError } from './error-panel';
import { douyinFailure, douyinMagicCode, type DouyinSimulatorState } from './douyin-state';
import { prepareRequest, responseData, sendRequest } from './http-wire';
import { hideToast, showToast } from './overlays';
import { showWechatModal } from './wechat-overlays';

/** What `tt.canIUse` answers true for. */
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
  'getSystemInfoSync',
  'getSystemInfo',
  'button.open-type.getPhoneNumber',
];

/** What the language switch makes tt.getSystemInfo(Sync) answer. */
const LANGUAGE_VALUES = { zh: 'zh_CN', en: 'en' } as const;

/** tt.request's longest timeout ("网络请求超时最大时长为 60s", the tt.request page above). */
const MAX_TIMEOUT_MS = 60_000;

/** Builds `window.tt` over the Douyin tab's state (settings, session, storage, wire log). */
export function createTtShim(state: DouyinSimulatorState): Record<string, unknown> {
  const request = (options: unknown): { abort(): void } => {
    const record = isRecord(options) ? options : {};
    const callbacks = callbacksOf(record);
    const prepared = prepareRequest(record, {
      api: 'tt.request',
      headers: record['header'],
      defaultTimeout: MAX_TIMEOUT_MS,
      check: (checked) => {
        const responseType = readString(checked, 'responseType', 'text');
        if (responseType !== 'text') throw new SimulatorUnsupportedError(`tt.request responseType "${responseType}" is not simulated (text is)`);
      },
    });
    return sendRequest(state, { ...prepared, timeout: Math.min(prepared.timeout, MAX_TIMEOUT_MS) }, {
      abortedMessage: 'timeout',
      answered: ({ status, headers, text }) => {
        const { data } = responseData(text, prepared.dataType);
        settle(callbacks, 'success', { data, statusCode: status, header: headers, errMsg: 'request:ok' });
      },
      failed: (message) => settle(callbacks, 'fail', { errMsg: `request:fail ${message}` }),
    });
  };

  const login = (options: unknown): void => {
    const callbacks = callbacksOf(options);
    const { user, failure: failureId } = state.settings;
    const failure = douyinFailure(failureId);
    if (failure.stage === 'login' && failure.errNo !== undefined) {
      const answer = { errMsg: 'login:ok', code: douyinMagicCode(failure.errNo), anonymousCode: douyinMagicCode(failure.errNo), isLogin: true };
      state.loggedInThisRun = true;
      state.recordClient('tt.login()', `the panel's failure: jscode2session answers ${failure.label}`, JSON.stringify(answer));
      settle(callbacks, 'success', answer);
      return;
    }
    fetch(`/sandbox/douyin/login-code?user=${encodeURIComponent(user)}&anonymous=1`).then(
      async (response) => {
        const body: unknown = await response.json().catch(() => undefined);
        const code = isRecord(body) && typeof body['code'] === 'string' ? body['code'] : undefined;
        const anonymousCode = isRecord(body) && typeof body['anonymousCode'] === 'string' ? body['anonymousCode'] : '';
        if (!response.ok || code === undefined) {
          settle(callbacks, 'fail', { errMsg: `login:fail the sandbox gave no code (HTTP ${response.status})` });
          return;
        }
        state.loggedInThisRun = true;
        const answer = { errMsg: 'login:ok', code, anonymousCode, isLogin: true };
        state.recordClient('tt.login()', `a login code for ${user} (logged in to Douyin), single use, valid 5 minutes`, JSON.stringify(answer));
        settle(callbacks, 'success', answer);
      },
      (cause: unknown) => settle(callbacks, 'fail', { errMsg: `login:fail network unavailable (${cause instanceof Error ? cause.message : String(cause)})` }),
    );
  };

  const storageKey = (key: unknown, api: string): string => {
    if (typeof key !== 'string' || key === '') throw new SimulatorUnsupportedError(`tt.${api} needs a non-empty string key`);
    return key;
  };

  const systemInfo = (): Record<string, unknown> => ({
    appName: 'Douyin',
    language: LANGUAGE_VALUES[state.settings.language],
    SDKVersion: '3.51.0',
    version: '30.0.0',
    platform: 'devtools',
    brand: 'phonekit',
    model: 'phonekit simulator',
    system: 'iOS 17.0',
    pixelRatio: window.devicePixelRatio,
    windowWidth: document.getElementById('screen')?.clientWidth ?? 375,
    windowHeight: document.getElementById('screen')?.clientHeight ?? 667,
  });

  const shim: Record<string, unknown> = {
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
      else settle(callbacksOf(options), 'fail', { errMsg: 'checkSession:fail session is empty', errNo: 113101 });
    },
    request,
    getStorageSync(key: unknown): unknown {
      const value = state.storage.get(storageKey(key, 'getStorageSync'));
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
      // The same centred dialog wx.showModal draws.
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
        throw new SimulatorUnsupportedError(`tt.${key}() is not simulated (simulated: ${Object.keys(target).join(', ')})`);
      };
    },
  });
}
