/**
 * A test double for the Alipay client's `my` object: the one edge of the flow
 * we do not own. Everything the page asks of the network goes out for real
 * (node's `fetch`), and the answer comes back the way the Alipay client
 * reports it:
 *
 * - `my.request({url, method, headers|header, data, dataType, timeout, success, fail, complete})`
 *   - 2xx: `success({data, status, statusCode, headers, header})`;
 *   - 4xx/5xx: by default `fail({error: 19, errorMessage: 'http status error', status, data, headers})`
 *     like older clients, or with `httpErrors: 'success'` `success(...)` with
 *     `res.status` 4xx/5xx like newer ones;
 *   - no HTTP answer at all (refused, DNS, timeout): `fail({error: 19, errorMessage})`;
 *   - `dataType: 'json'` (the default) and a 2xx body that is not JSON:
 *     `fail({error: 14, errorMessage: 'JSON parse data error', status, data})`.
 *   `data` is sent as documented: a string unchanged; an object as JSON when
 *   content-type is application/json (the default), as a form when it is
 *   x-www-form-urlencoded, as a query string on GET.
 * - `my.getPhoneNumber({success, fail})`: `success({response})` with the
 *   configured `res.response` string, or `fail(getPhoneNumberError)`.
 * - `my.getAuthCode({scopes, success, fail})`: `success({authCode, authSuccessScopes})`
 *   with the configured code (a string, or a function that may fetch one from
 *   the sandbox), or `fail(getAuthCodeError)`. Without either the user is
 *   not logged in to Alipay here: `fail({error: 11, errorMessage})`.
 * - `my.canIUse(feature)`: configurable booleans, `true` unless told otherwise.
 * - `my.getSystemInfoSync()` / `my.getSystemInfo({success})`: `{language, ...}`
 *   with the configured language (`zh-Hans` unless told otherwise, as on a
 *   Chinese user's phone); `systemInfoSync: false` plays a client without the
 *   synchronous call.
 * - `my.alert`, `my.showToast`, `my.hideToast`, `my.showLoading`, `my.hideLoading`:
 *   recorded, then `success`.
 *
 * Every asynchronous call is tracked, so `waitForIdle()` resolves only when no
 * call is in flight and every callback has run (callbacks that start new calls
 * are waited for too).
 */
import { isRecord } from '@phonekit/core';

/** A `fail` argument of the Alipay client. */
export interface AlipayClientError {
  error: number;
  errorMessage: string;
}

/** Knobs for the fake client; every one is optional. */
export interface FakeMyOptions {
  /**
   * Answers for `my.canIUse`: a map (features not in it answer `true`) or a
   * function. `{ 'button.open-type.getAuthorize': false }` plays an old client.
   */
  canIUse?: Readonly<Record<string, boolean>> | ((feature: string) => boolean);
  /**
   * What `my.getPhoneNumber` gives as `res.response`: a string, or a function
   * called on each call (to hand out a fresh payload every time).
   * Default: a fixed, well-formed (but not decryptable) Alipay-shaped string.
   */
  phoneNumberResponse?: string | (() => string);
  /** When set, `my.getPhoneNumber` calls `fail` with this instead. */
  getPhoneNumberError?: AlipayClientError;
  /** What `my.getAuthCode` gives as `authCode`: a string, or a function called on each call (it may ask the sandbox for one). */
  authCode?: string | (() => string | Promise<string>);
  /** When set, `my.getAuthCode` calls `fail` with this instead. */
  getAuthCodeError?: AlipayClientError;
  /** How a 4xx/5xx answer reaches the page: `'fail'` (default, older clients) or `'success'` (newer). */
  httpErrors?: 'fail' | 'success';
  /** What `my.getSystemInfo(Sync)` answers as `language` (Alipay's setting): default `zh-Hans`; `en` for an English client. */
  language?: string;
  /** false: the client has no `my.getSystemInfoSync` (only the asynchronous `my.getSystemInfo`). */
  systemInfoSync?: boolean;
  /** The `fetch` that `my.request` uses; defaults to node's global `fetch`. */
  fetch?: typeof fetch;
  /** Extra or replacement `my.*` functions, installed over the fake ones. */
  overrides?: Readonly<Record<string, unknown>>;
}

/** One `my.request` call as it went out, and how it ended. */
export interface RecordedRequest {
  readonly url: string;
  readonly method: string;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body sent, or `undefined` for none. */
  readonly body: string | undefined;
  readonly dataType: string;
  /** Filled in when the call ends. */
  outcome?: { callback: 'success' | 'fail'; status: number | null; error?: AlipayClientError };
}

/** One `my.alert` / `my.showToast` / ... call. */
export interface RecordedUiCall {
  readonly api: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** The fake client: `api` is what the page sees as `my`; the rest is what a test inspects. */
export interface FakeMy {
  /** Installed as the global `my`. */
  readonly api: Record<string, unknown>;
  readonly requests: RecordedRequest[];
  /** Each `my.getPhoneNumber` call, in order, with what it answered. */
  readonly phoneNumberCalls: Array<{ response?: string; error?: AlipayClientError }>;
  /** Each `my.getAuthCode` call: the scopes asked for and what it answered. */
  readonly authCodeCalls: Array<{ scopes: unknown; authCode?: string; error?: AlipayClientError }>;
  readonly canIUseQueries: string[];
  readonly uiCalls: RecordedUiCall[];
  /** Errors thrown by the page's callbacks; `waitForIdle` rethrows the first. */
  readonly callbackErrors: unknown[];
  /** How many asynchronous `my.*` calls have not finished yet. */
  inFlight(): number;
  /** Resolves once nothing is in flight (see the module comment); rejects after `timeoutMs`. */
  waitForIdle(timeoutMs?: number): Promise<void>;
}

/**
 * A stand-in for `res.response` when a test does not care about its content:
 * Alipay's shape, but the ciphertext and sign are not real.
 */
export const PLACEHOLDER_PHONE_RESPONSE =
  '{"response":"bm90LXJlYWwtY2lwaGVydGV4dA==","sign":"bm90LXJlYWwtc2lnbg==","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"}';

type Callback = (arg: unknown) => void;

function callbackOf(options: Record<string, unknown>, name: string): Callback | undefined {
  const value = options[name];
  return typeof value === 'function' ? (arg: unknown) => void Reflect.apply(value, undefined, [arg]) : undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item !== undefined && item !== null) out[key.toLowerCase()] = String(item);
  }
  return out;
}

function toQueryString(data: Record<string, unknown>): string {
  return Object.keys(data)
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(String(data[key]))}`)
    .join('&');
}

function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Resolves when `promise` settles or after `ms`, whichever comes first; leaves no timer behind. */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = (cause as Error & { cause?: unknown }).cause;
  const innerText = inner instanceof Error ? `: ${inner.message}` : '';
  return `${cause.message}${innerText}`;
}

/** Builds a fake Alipay client. */
export function createFakeMy(options: FakeMyOptions = {}): FakeMy {
  const requests: RecordedRequest[] = [];
  const phoneNumberCalls: Array<{ response?: string; error?: AlipayClientError }> = [];
  const authCodeCalls: Array<{ scopes: unknown; authCode?: string; error?: AlipayClientError }> = [];
  const canIUseQueries: string[] = [];
  const uiCalls: RecordedUiCall[] = [];
  const callbackErrors: unknown[] = [];
  const pending = new Set<Promise<void>>();
  const fetchImpl = options.fetch ?? fetch;
  const httpErrors = options.httpErrors ?? 'fail';

  /** Runs a page callback as the client would: its errors do not break the client. */
  const invoke = (callback: Callback | undefined, arg: unknown): void => {
    if (callback === undefined) return;
    try {
      callback(arg);
    } catch (error) {
      callbackErrors.push(error);
    }
  };

  /** Tracks an asynchronous call until its callbacks have run. */
  const track = (work: () => Promise<void>): void => {
    const task = (async () => {
      await nextTurn(); // the client always answers asynchronously
      await work();
    })().catch((error: unknown) => {
      callbackErrors.push(error);
    });
    pending.add(task);
    void task.finally(() => pending.delete(task));
  };

  const canIUse = (feature: unknown): boolean => {
    const name = String(feature);
    canIUseQueries.push(name);
    const answers = options.canIUse;
    if (typeof answers === 'function') return answers(name);
    if (answers !== undefined && Object.prototype.hasOwnProperty.call(answers, name)) return answers[name] === true;
    return true;
  };

  const getPhoneNumber = (raw: unknown): void => {
    const callOptions = isRecord(raw) ? raw : {};
    track(async () => {
      const failure = options.getPhoneNumberError;
      if (failure !== undefined) {
        phoneNumberCalls.push({ error: failure });
        invoke(callbackOf(callOptions, 'fail'), { ...failure });
        invoke(callbackOf(callOptions, 'complete'), { ...failure });
        return;
      }
      const source = options.phoneNumberResponse ?? PLACEHOLDER_PHONE_RESPONSE;
      const response = typeof source === 'function' ? source() : source;
      phoneNumberCalls.push({ response });
      invoke(callbackOf(callOptions, 'success'), { response });
      invoke(callbackOf(callOptions, 'complete'), { response });
    });
  };

  const getAuthCode = (raw: unknown): void => {
    const callOptions = isRecord(raw) ? raw : {};
    track(async () => {
      const scopes = callOptions['scopes'];
      const source = options.authCode;
      if (source === undefined || options.getAuthCodeError !== undefined) {
        const error = options.getAuthCodeError ?? { error: 11, errorMessage: 'not logged in to Alipay (the fake client has no authCode)' };
        authCodeCalls.push({ scopes, error });
        invoke(callbackOf(callOptions, 'fail'), { ...error });
        invoke(callbackOf(callOptions, 'complete'), { ...error });
        return;
      }
      const authCode = typeof source === 'function' ? await source() : source;
      authCodeCalls.push({ scopes, authCode });
      const result = { authCode, authSuccessScopes: Array.isArray(scopes) ? scopes : [scopes], authErrorScopes: {} };
      invoke(callbackOf(callOptions, 'success'), result);
      invoke(callbackOf(callOptions, 'complete'), result);
    });
  };

  const request = (raw: unknown): { abort(): void } => {
    const callOptions = isRecord(raw) ? raw : {};
    const controller = new AbortController();
    const method = String(callOptions['method'] ?? 'GET').toUpperCase();
    const dataType = String(callOptions['dataType'] ?? 'json');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...stringRecord(callOptions['header']),
      ...stringRecord(callOptions['headers']),
    };
    let url = String(callOptions['url'] ?? '');
    const data = callOptions['data'];
    let body: string | undefined;
    if (method === 'GET' || method === 'HEAD') {
      if (isRecord(data) && Object.keys(data).length > 0) url += (url.includes('?') ? '&' : '?') + toQueryString(data);
      else if (typeof data === 'string' && data !== '') url += (url.includes('?') ? '&' : '?') + data;
    } else if (typeof data === 'string') {
      body = data;
    } else if (data instanceof ArrayBuffer) {
      body = Buffer.from(data).toString('latin1');
    } else if (isRecord(data)) {
      const contentType = headers['content-type'] ?? '';
      body = contentType.includes('x-www-form-urlencoded') ? toQueryString(data) : JSON.stringify(data);
    }
    const recorded: RecordedRequest = { url, method, headers, body, dataType };
    requests.push(recorded);
    const timeoutMs = typeof callOptions['timeout'] === 'number' ? callOptions['timeout'] : 30_000;
    const success = callbackOf(callOptions, 'success');
    const fail = callbackOf(callOptions, 'fail');
    const complete = callbackOf(callOptions, 'complete');
    const end = (callback: 'success' | 'fail', arg: Record<string, unknown>): void => {
      const status = typeof arg['status'] === 'number' ? arg['status'] : null;
      const error =
        callback === 'fail' ? { error: Number(arg['error']), errorMessage: String(arg['errorMessage']) } : undefined;
      recorded.outcome = error === undefined ? { callback, status } : { callback, status, error };
      invoke(callback === 'success' ? success : fail, arg);
      invoke(complete, arg);
    };

    track(async () => {
      let response: Response;
      let text = '';
      let bytes: Buffer | null = null;
      try {
        response = await fetchImpl(url, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
          signal: AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]),
        });
        if (dataType === 'arraybuffer' || dataType === 'base64') bytes = Buffer.from(await response.arrayBuffer());
        else text = await response.text();
      } catch (cause) {
        end('fail', { error: 19, errorMessage: `network error: ${describeCause(cause)}` });
        return;
      }
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        responseHeaders[key] = value;
      });
      const status = response.status;
      let payload: unknown = text;
      if (bytes !== null) {
        payload =
          dataType === 'base64'
            ? bytes.toString('base64')
            : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
      } else if (dataType === 'json') {
        try {
          payload = JSON.parse(text);
        } catch {
          if (isSuccessStatus(status)) {
            end('fail', { error: 14, errorMessage: 'JSON parse data error', status, data: text, headers: responseHeaders });
            return;
          }
          payload = text;
        }
      }
      const result = { data: payload, status, statusCode: status, headers: responseHeaders, header: responseHeaders };
      if (isSuccessStatus(status) || httpErrors === 'success') end('success', result);
      else end('fail', { error: 19, errorMessage: 'http status error', ...result });
    });
    return { abort: () => controller.abort() };
  };

  const recordUi =
    (api: string) =>
    (raw: unknown): void => {
      const callOptions = isRecord(raw) ? raw : {};
      uiCalls.push({ api, options: { ...callOptions } });
      track(async () => {
        invoke(callbackOf(callOptions, 'success'), {});
        invoke(callbackOf(callOptions, 'complete'), {});
      });
    };

  const systemInfo = (): Record<string, unknown> => ({ language: options.language ?? 'zh-Hans', platform: 'fake', version: '10.5.0', model: 'fake-my' });
  const getSystemInfo = (raw: unknown): void => {
    const callOptions = isRecord(raw) ? raw : {};
    track(async () => {
      const info = systemInfo();
      invoke(callbackOf(callOptions, 'success'), info);
      invoke(callbackOf(callOptions, 'complete'), info);
    });
  };

  const api: Record<string, unknown> = {
    canIUse,
    getSystemInfo,
    ...(options.systemInfoSync === false ? {} : { getSystemInfoSync: systemInfo }),
    getAuthCode,
    getPhoneNumber,
    request,
    alert: recordUi('alert'),
    showToast: recordUi('showToast'),
    hideToast: recordUi('hideToast'),
    showLoading: recordUi('showLoading'),
    hideLoading: recordUi('hideLoading'),
    ...(options.overrides ?? {}),
  };

  const waitForIdle = async (timeoutMs = 10_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Two turns with nothing in flight: callbacks (and the promise chains they
      // started) have run and started nothing new.
      await nextTurn();
      if (pending.size === 0) {
        await nextTurn();
        if (pending.size === 0) break;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`fake my: ${pending.size} call(s) still in flight after ${timeoutMs} ms`);
      }
      await settleWithin(Promise.allSettled([...pending]), left);
    }
    if (callbackErrors.length > 0) throw callbackErrors[0];
  };

  return {
    api,
    requests,
    phoneNumberCalls,
    authCodeCalls,
    canIUseQueries,
    uiCalls,
    callbackErrors,
    inFlight: () => pending.size,
    waitForIdle,
  };
}
