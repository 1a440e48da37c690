/**
 * `window.my`: the Alipay client's API as far as the phone page needs it,
 * with Alipay's callback shapes. Network calls are real (fetch to the
 * server); the Alipay side of my.getPhoneNumber is the server's sandbox.
 *
 * - request: 2xx -> success({data, status, statusCode, headers, header});
 *   4xx/5xx -> fail({error: 19, errorMessage: 'http status error', status, data, headers});
 *   no HTTP answer -> fail({error: 19, errorMessage}); dataType json with a
 *   2xx body that is not JSON -> fail({error: 14, errorMessage: 'JSON parse data error', ...}).
 *   `data` goes out as documented: a string unchanged, an object as JSON
 *   (or a form for x-www-form-urlencoded, a query string on GET).
 * - getPhoneNumber: success({response}) with the sandbox's res.response for
 *   the scenario chosen in the side panel. Without consent in this session
 *   Alipay answers 40003, so the sandbox plays not-authorised.
 * - getAuthCode: success({authCode, authSuccessScopes, authErrorScopes}) with
 *   a code from GET /sandbox/alipay/auth-code for the user chosen in the
 *   panel (auth_base is silent on a device too: no sheet); the fake gateway
 *   redeems it once, within 5 minutes.
 * - getSystemInfoSync / getSystemInfo: `{language, ...}` with the language
 *   chosen in the panel (`zh-Hans`, or `en`).
 * - canIUse, getSetting, alert, showToast, hideToast, showLoading,
 *   hideLoading, setNavigationBar.
 * Any other `my.x()` shows a loud "not simulated" error.
 */
import { callbacksOf, settle } from './callbacks';
import { CLIENT_LANGUAGE_VALUES } from './client-language';
import { failingOnUnsimulated, screenMetrics } from './client-shim';
import { SimulatorUnsupportedError } from './error-panel';
import { prepareRequest, responseData, sendRequest } from './http-wire';
import { hideToast, showAlert, showToast } from './overlays';
import { isRecord, readString } from './records';
import type { SimulatorState } from './state';

/** Features `my.canIUse` answers true for (an old client lacks the first two). */
const NEW_CLIENT_FEATURES = ['button.open-type.getAuthorize', 'getPhoneNumber'];
const ALWAYS_FEATURES = ['request', 'getAuthCode', 'getSystemInfo', 'getSystemInfoSync', 'getSetting', 'alert', 'showToast', 'hideToast', 'showLoading', 'hideLoading', 'setNavigationBar', 'canIUse'];

/** Builds `window.my` over the simulator state (settings, consent, wire log). */
export function createMyShim(state: SimulatorState): Record<string, unknown> {
  const request = (options: unknown): { abort(): void } => {
    const record = isRecord(options) ? options : {};
    const callbacks = callbacksOf(record);
    const prepared = prepareRequest(record, {
      api: 'my.request',
      headers: record['headers'] ?? record['header'],
      defaultTimeout: 30_000,
      check: (_, dataType) => {
        if (dataType !== 'json' && dataType !== 'text') throw new SimulatorUnsupportedError(`my.request dataType "${dataType}" is not simulated (json and text are)`);
      },
    });
    return sendRequest(state, prepared, {
      abortedMessage: 'request timed out or was aborted',
      answered: ({ status, headers, text }) => {
        const { data, parsed } = responseData(text, prepared.dataType);
        if (status >= 200 && status < 300) {
          if (!parsed) {
            settle(callbacks, 'fail', { error: 14, errorMessage: 'JSON parse data error', status, data: text, headers });
            return;
          }
          settle(callbacks, 'success', { data, status, statusCode: status, headers, header: headers });
          return;
        }
        settle(callbacks, 'fail', { error: 19, errorMessage: 'http status error', status, data, headers });
      },
      failed: (message) => settle(callbacks, 'fail', { error: 19, errorMessage: `network error: ${message}` }),
    });
  };

  const getPhoneNumber = (options: unknown): void => {
    const callbacks = callbacksOf(options);
    const { scenario: chosen, mobile } = state.settings;
    const scenario = state.phoneConsent ? chosen : 'not-authorised';
    const note = state.phoneConsent ? `scenario "${chosen}"` : 'no consent in this session, so Alipay answers 40003 (not-authorised)';
    let url = `/sandbox/alipay/phone-response?scenario=${encodeURIComponent(scenario)}`;
    if (mobile !== '') url += `&mobile=${encodeURIComponent(mobile)}`;
    fetch(url).then(
      async (response) => {
        const text = await response.text();
        if (!response.ok) {
          settle(callbacks, 'fail', { error: 3, errorMessage: `the sandbox gave no payload (HTTP ${response.status}): ${text.slice(0, 200)}` });
          return;
        }
        state.recordPhoneResponse(scenario, note, text);
        settle(callbacks, 'success', { response: text });
      },
      (cause: unknown) => {
        settle(callbacks, 'fail', { error: 12, errorMessage: `network error: ${cause instanceof Error ? cause.message : String(cause)}` });
      },
    );
  };

  const systemInfo = (): Record<string, unknown> => ({
    language: CLIENT_LANGUAGE_VALUES[state.settings.language].alipay,
    platform: 'iOS',
    system: '17.0',
    model: 'phonekit simulator',
    version: state.settings.oldClient ? '10.1.30' : '10.5.90',
    ...screenMetrics(),
  });

  const shim: Record<string, unknown> = {
    getSystemInfoSync: systemInfo,
    getSystemInfo(options: unknown): void {
      settle(callbacksOf(options), 'success', systemInfo());
    },
    canIUse(feature: unknown): boolean {
      if (typeof feature !== 'string') return false;
      if (NEW_CLIENT_FEATURES.includes(feature)) return !state.settings.oldClient;
      return ALWAYS_FEATURES.includes(feature);
    },
    getSetting(options: unknown): void {
      settle(callbacksOf(options), 'success', { authSetting: { phoneNumber: state.phoneConsent } });
    },
    getAuthCode(options: unknown): void {
      const record = isRecord(options) ? options : {};
      const callbacks = callbacksOf(options);
      const scopes = record['scopes'];
      const list = Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : typeof scopes === 'string' ? [scopes] : ['auth_base'];
      const { user } = state.settings;
      fetch(`/sandbox/alipay/auth-code?user=${encodeURIComponent(user)}`).then(
        async (response) => {
          const text = await response.text();
          let authCode: unknown;
          try {
            authCode = (JSON.parse(text) as Record<string, unknown>)['authCode'];
          } catch {
            authCode = undefined;
          }
          if (!response.ok || typeof authCode !== 'string') {
            settle(callbacks, 'fail', { error: 3, errorMessage: `the sandbox gave no auth code (HTTP ${response.status}): ${text.slice(0, 200)}` });
            return;
          }
          const result = { authCode, authSuccessScopes: list, authErrorScopes: {} };
          state.recordClient('my.getAuthCode()', `an auth code for ${user} (${list.join(', ')}), single use, valid 5 minutes`, JSON.stringify(result));
          settle(callbacks, 'success', result);
        },
        (cause: unknown) => settle(callbacks, 'fail', { error: 12, errorMessage: `network error: ${cause instanceof Error ? cause.message : String(cause)}` }),
      );
    },
    getPhoneNumber,
    request,
    httpRequest: request,
    alert(options: unknown): void {
      const record = isRecord(options) ? options : {};
      void showAlert({
        title: readString(record, 'title', ''),
        content: readString(record, 'content', ''),
        buttonText: readString(record, 'buttonText', 'OK'),
      }).then(() => settle(callbacksOf(options), 'success', {}));
    },
    showToast(options: unknown): void {
      const record = isRecord(options) ? options : {};
      const duration = record['duration'];
      showToast(readString(record, 'content', ''), readString(record, 'type', 'none'), typeof duration === 'number' ? duration : 2000);
      settle(callbacksOf(options), 'success', {});
    },
    hideToast(options: unknown): void {
      hideToast();
      settle(callbacksOf(options), 'success', {});
    },
    showLoading(options: unknown): void {
      const record = isRecord(options) ? options : {};
      showToast(readString(record, 'content', 'Loading…'), 'loading', 0);
      settle(callbacksOf(options), 'success', {});
    },
    hideLoading(options: unknown): void {
      hideToast();
      settle(callbacksOf(options), 'success', {});
    },
    setNavigationBar(options: unknown): void {
      const record = isRecord(options) ? options : {};
      const title = document.getElementById('phone-title');
      if (title !== null && typeof record['title'] === 'string') title.textContent = record['title'];
      settle(callbacksOf(options), 'success', {});
    },
  };

  return failingOnUnsimulated('my', shim);
}
