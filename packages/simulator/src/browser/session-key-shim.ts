/**
 * The shim core of the session-key clients (`wx`, `tt`): their APIs as far
 * as the phone page needs them, with their shared callback shapes
 * (`errMsg: 'api:ok'` / `'api:fail ...'`). Network calls are real (fetch to
 * the server); the client's side is the server's sandbox of it. What differs
 * per client (its global's name, its extra fields and messages) is a
 * {@link SessionKeyClient}; wx-shim and tt-shim document and cite them.
 *
 * - login: success({code, errMsg, ...}) with a code from GET <sandbox>/login-code
 *   for the user chosen in the panel; with a login failure chosen, the code is
 *   `sandbox-errcode-<n>`, which the sandbox's jscode2session answers with error n.
 * - checkSession: fails until login has succeeded in this page run, then succeeds.
 * - request: any HTTP answer -> success({data, statusCode, header, errMsg: 'request:ok'})
 *   (neither client fails on 4xx/5xx; data is parsed JSON when dataType is
 *   json and the body parses, else the text); no answer -> fail({errMsg: 'request:fail ...'}).
 * - getSystemInfoSync / getSystemInfo: the client's base info (language chosen
 *   in the panel, ...) and the phone screen.
 * - getStorageSync / setStorageSync / removeStorageSync / clearStorageSync (in memory),
 *   showToast / hideToast / showLoading / hideLoading / showModal, canIUse.
 * Any other `<global>.x()` shows a loud "not simulated" error.
 */
import { callbacksOf, settle } from './callbacks';
import type { ClientLanguage } from './client-language';
import { failingOnUnsimulated, screenMetrics } from './client-shim';
import { SimulatorUnsupportedError, showSimulatorError } from './error-panel';
import { prepareRequest, responseData, sendRequest } from './http-wire';
import { hideToast, showToast } from './overlays';
import { isRecord, readString } from './records';
import { sandboxErrorCode, type SessionKeyPlatform, type SessionKeySimulatorState } from './session-key-state';
import { showWechatModal } from './wechat-overlays';

/** What both clients' `canIUse` answers true for. */
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

/** What differs between the session-key clients' shims. */
export interface SessionKeyClient {
  readonly platform: SessionKeyPlatform;
  /** APIs this client has beyond the shared ones (also answered true by canIUse), listed first; given the base info. */
  readonly extraApis: (baseInfo: () => Record<string, unknown>) => Record<string, unknown>;
  /** The base info (client name, language, versions) the system-info APIs start with. */
  readonly baseInfo: (language: ClientLanguage) => Record<string, unknown>;
  /** request's longest timeout, if the client caps it. */
  readonly maxRequestTimeout: number | undefined;
  /** Fields request's success carries after `header`. */
  readonly requestSuccessExtras: () => Record<string, unknown>;
  /** Fields request's fail carries after `errMsg`. */
  readonly requestFailExtras: () => Record<string, unknown>;
  /** Query parameters GET <sandbox>/login-code takes after `user`, e.g. `&anonymous=1`. */
  readonly loginCodeQuery: string;
  /** login's success answer for `code` (and the sandbox's anonymous code, else the code). */
  readonly loginAnswer: (code: string, anonymousCode: string) => Record<string, unknown>;
  /** The wire note of a minted login code. */
  readonly loginCodeNote: (user: string) => string;
  /** login's fail errMsg when the sandbox cannot be reached. */
  readonly loginNetworkFailure: (message: string) => string;
  /** checkSession's fail answer before any login in this page run. */
  readonly checkSessionFailure: () => Record<string, unknown>;
}

/** Builds the client's global over its tab's state (settings, session, storage, wire log). */
export function createSessionKeyShim(state: SessionKeySimulatorState, client: SessionKeyClient): Record<string, unknown> {
  const { global, sandbox } = client.platform;
  const features = [...FEATURES, ...Object.keys(client.extraApis(() => ({})))];

  const request = (options: unknown): { abort(): void } => {
    const record = isRecord(options) ? options : {};
    const callbacks = callbacksOf(record);
    const prepared = prepareRequest(record, {
      api: `${global}.request`,
      headers: record['header'],
      defaultTimeout: 60_000,
      check: (checked) => {
        const responseType = readString(checked, 'responseType', 'text');
        if (responseType !== 'text') throw new SimulatorUnsupportedError(`${global}.request responseType "${responseType}" is not simulated (text is)`);
      },
    });
    const max = client.maxRequestTimeout;
    return sendRequest(state, max === undefined ? prepared : { ...prepared, timeout: Math.min(prepared.timeout, max) }, {
      abortedMessage: 'timeout',
      answered: ({ status, headers, text }) => {
        // Both clients hand over the text when it does not parse.
        const { data } = responseData(text, prepared.dataType);
        settle(callbacks, 'success', { data, statusCode: status, header: headers, ...client.requestSuccessExtras(), errMsg: 'request:ok' });
      },
      failed: (message) => settle(callbacks, 'fail', { errMsg: `request:fail ${message}`, ...client.requestFailExtras() }),
    });
  };

  const login = (options: unknown): void => {
    const callbacks = callbacksOf(options);
    const { user, failure: failureId } = state.settings;
    const failure = client.platform.failure(failureId);
    if (failure.stage === 'login' && failure.serverCode !== undefined) {
      const code = sandboxErrorCode(failure.serverCode);
      const answer = client.loginAnswer(code, code);
      state.loggedInThisRun = true;
      state.recordClient(`${global}.login()`, `the panel's failure: jscode2session answers ${failure.label}`, JSON.stringify(answer));
      settle(callbacks, 'success', answer);
      return;
    }
    fetch(`${sandbox}/login-code?user=${encodeURIComponent(user)}${client.loginCodeQuery}`).then(
      async (response) => {
        const body: unknown = await response.json().catch(() => undefined);
        const code = isRecord(body) && typeof body['code'] === 'string' ? body['code'] : undefined;
        const anonymousCode = isRecord(body) && typeof body['anonymousCode'] === 'string' ? body['anonymousCode'] : '';
        if (!response.ok || code === undefined) {
          settle(callbacks, 'fail', { errMsg: `login:fail the sandbox gave no code (HTTP ${response.status})` });
          return;
        }
        state.loggedInThisRun = true;
        const answer = client.loginAnswer(code, anonymousCode);
        state.recordClient(`${global}.login()`, client.loginCodeNote(user), JSON.stringify(answer));
        settle(callbacks, 'success', answer);
      },
      (cause: unknown) => settle(callbacks, 'fail', { errMsg: client.loginNetworkFailure(cause instanceof Error ? cause.message : String(cause)) }),
    );
  };

  const storageKey = (key: unknown, api: string): string => {
    if (typeof key !== 'string' || key === '') throw new SimulatorUnsupportedError(`${global}.${api} needs a non-empty string key`);
    return key;
  };

  const baseInfo = (): Record<string, unknown> => client.baseInfo(state.settings.language);
  const systemInfo = (): Record<string, unknown> => ({
    ...baseInfo(),
    brand: 'phonekit',
    model: 'phonekit simulator',
    system: 'iOS 17.0',
    ...screenMetrics(),
  });

  const shim: Record<string, unknown> = {
    ...client.extraApis(baseInfo),
    getSystemInfoSync: systemInfo,
    getSystemInfo(options: unknown): void {
      settle(callbacksOf(options), 'success', { ...systemInfo(), errMsg: 'getSystemInfo:ok' });
    },
    canIUse(feature: unknown): boolean {
      return typeof feature === 'string' && features.includes(feature);
    },
    login,
    checkSession(options: unknown): void {
      if (state.loggedInThisRun) settle(callbacksOf(options), 'success', { errMsg: 'checkSession:ok' });
      else settle(callbacksOf(options), 'fail', client.checkSessionFailure());
    },
    request,
    getStorageSync(key: unknown): unknown {
      const value = state.storage.get(storageKey(key, 'getStorageSync'));
      // Both clients answer '' for a key they do not have.
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
      // Both clients draw the same centred dialog.
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

  return failingOnUnsimulated(global, shim);
}
