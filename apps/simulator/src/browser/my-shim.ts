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
 * - canIUse, getSetting, getAuthCode, alert, showToast, hideToast,
 *   showLoading, hideLoading, setNavigationBar.
 * Any other `my.x()` shows a loud "not simulated" error.
 */
import { SimulatorUnsupportedError, showSimulatorError } from './error-panel';
import { hideToast, showAlert, showToast } from './overlays';
import type { SimulatorState, WireAnswer } from './state';

type Callback = (result: unknown) => void;

/** The options every `my` API takes. */
export interface CallbackOptions {
  readonly success?: Callback;
  readonly fail?: Callback;
  readonly complete?: Callback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readString(record: Record<string, unknown>, key: string, fallback: string): string {
  const value = record[key];
  return typeof value === 'string' ? value : fallback;
}

function readCallback(record: Record<string, unknown>, key: string): Callback | undefined {
  const value = record[key];
  if (typeof value !== 'function') return undefined;
  return (result: unknown) => {
    Reflect.apply(value, undefined, [result]);
  };
}

export function callbacksOf(options: unknown): CallbackOptions {
  const record = isRecord(options) ? options : {};
  const success = readCallback(record, 'success');
  const fail = readCallback(record, 'fail');
  const complete = readCallback(record, 'complete');
  return {
    ...(success === undefined ? {} : { success }),
    ...(fail === undefined ? {} : { fail }),
    ...(complete === undefined ? {} : { complete }),
  };
}

/** Calls back asynchronously, as the client does; a throwing callback lands on the error panel. */
export function settle(options: CallbackOptions, outcome: 'success' | 'fail', result: unknown): void {
  setTimeout(() => {
    try {
      options[outcome]?.(result);
    } catch (err) {
      showSimulatorError(err);
    }
    try {
      options.complete?.(result);
    } catch (err) {
      showSimulatorError(err);
    }
  }, 0);
}

/** Features `my.canIUse` answers true for (an old client lacks the first two). */
const NEW_CLIENT_FEATURES = ['button.open-type.getAuthorize', 'getPhoneNumber'];
const ALWAYS_FEATURES = ['request', 'getAuthCode', 'getSetting', 'alert', 'showToast', 'hideToast', 'showLoading', 'hideLoading', 'setNavigationBar', 'canIUse'];

export function headersOf(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!isRecord(value)) return headers;
  for (const [name, header] of Object.entries(value)) {
    if (typeof header === 'string' || typeof header === 'number') headers[name.toLowerCase()] = String(header);
  }
  return headers;
}

export function formEncode(data: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(data)) params.append(key, typeof value === 'string' ? value : JSON.stringify(value));
  return params.toString();
}

interface PreparedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly dataType: 'json' | 'text';
  readonly timeout: number;
}

function prepareRequest(options: Record<string, unknown>): PreparedRequest {
  const url = readString(options, 'url', '');
  if (url === '') throw new SimulatorUnsupportedError('my.request needs a url');
  const method = readString(options, 'method', 'GET').toUpperCase();
  const headers = headersOf(options['headers'] ?? options['header']);
  const dataType = readString(options, 'dataType', 'json');
  if (dataType !== 'json' && dataType !== 'text') {
    throw new SimulatorUnsupportedError(`my.request dataType "${dataType}" is not simulated (json and text are)`);
  }
  const timeoutValue = options['timeout'];
  const timeout = typeof timeoutValue === 'number' && timeoutValue > 0 ? timeoutValue : 30_000;
  const data = options['data'];
  let finalUrl = url;
  let body: string | undefined;
  if (method === 'GET' || method === 'HEAD') {
    if (isRecord(data)) finalUrl += (url.includes('?') ? '&' : '?') + formEncode(data);
  } else {
    if (headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    if (typeof data === 'string') body = data;
    else if (isRecord(data) || Array.isArray(data)) {
      body = headers['content-type'].includes('x-www-form-urlencoded') && isRecord(data) ? formEncode(data) : JSON.stringify(data);
    }
  }
  return { method, url: finalUrl, headers, body, dataType, timeout };
}

/** Builds `window.my` over the simulator state (settings, consent, wire log). */
export function createMyShim(state: SimulatorState): Record<string, unknown> {
  const request = (options: unknown): { abort(): void } => {
    const record = isRecord(options) ? options : {};
    const callbacks = callbacksOf(record);
    const prepared = prepareRequest(record);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), prepared.timeout);
    const wireId = state.recordRequest({ method: prepared.method, url: prepared.url, headers: prepared.headers, body: prepared.body });
    fetch(prepared.url, {
      method: prepared.method,
      headers: prepared.headers,
      ...(prepared.body === undefined ? {} : { body: prepared.body }),
      signal: controller.signal,
    }).then(
      async (response) => {
        const text = await response.text();
        clearTimeout(timer);
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        const answer: WireAnswer = { kind: 'http', status: response.status, headers, body: text };
        state.recordAnswer(wireId, answer);
        const status = response.status;
        let data: unknown = text;
        let parsed = true;
        if (prepared.dataType === 'json') {
          try {
            data = JSON.parse(text);
          } catch {
            parsed = false;
          }
        }
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
      (cause: unknown) => {
        clearTimeout(timer);
        const message = controller.signal.aborted ? 'request timed out or was aborted' : cause instanceof Error ? cause.message : String(cause);
        state.recordAnswer(wireId, { kind: 'failed', message });
        settle(callbacks, 'fail', { error: 19, errorMessage: `network error: ${message}` });
      },
    );
    return { abort: () => controller.abort() };
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

  const shim: Record<string, unknown> = {
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
      const scopes = record['scopes'];
      const list = Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : typeof scopes === 'string' ? [scopes] : ['auth_base'];
      const authCode = `sandbox${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
      settle(callbacksOf(options), 'success', { authCode, authSuccessScopes: list, authErrorScopes: {} });
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

  // Unknown APIs fail loudly when called, naming themselves.
  return new Proxy(shim, {
    get(target, key) {
      if (typeof key !== 'string' || Object.hasOwn(target, key)) return Reflect.get(target, key);
      return () => {
        throw new SimulatorUnsupportedError(`my.${key}() is not simulated (simulated: ${Object.keys(target).join(', ')})`);
      };
    },
  });
}
