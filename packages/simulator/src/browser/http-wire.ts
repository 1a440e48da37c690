/**
 * The HTTP plumbing `my.request` and `wx.request` share: turning the page's
 * options into a fetch (a string body unchanged, an object as JSON, or a form
 * for x-www-form-urlencoded, a query string on GET), sending it with a
 * timeout, and recording the request and its answer on the wire. Each shim
 * keeps its own option checks and callback shapes.
 */
import { SimulatorUnsupportedError } from './error-panel';
import { isRecord, readString } from './records';
import type { WireAnswer, WireRequest } from './wire-log';

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

export interface PreparedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly dataType: string;
  readonly timeout: number;
}

export interface RequestConventions {
  /** The API's name in errors, e.g. `my.request`. */
  readonly api: string;
  /** The page's headers option (`headers` or `header`, by client). */
  readonly headers: unknown;
  /** The client's timeout when the page gives none. */
  readonly defaultTimeout: number;
  /** Throws for options the simulator does not play (run before the body is built). */
  readonly check: (options: Record<string, unknown>, dataType: string) => void;
}

/** The fetch the page's request options describe; throws when there is no url or `check` throws. */
export function prepareRequest(options: Record<string, unknown>, conventions: RequestConventions): PreparedRequest {
  const url = readString(options, 'url', '');
  if (url === '') throw new SimulatorUnsupportedError(`${conventions.api} needs a url`);
  const method = readString(options, 'method', 'GET').toUpperCase();
  const headers = headersOf(conventions.headers);
  const dataType = readString(options, 'dataType', 'json');
  conventions.check(options, dataType);
  const timeoutValue = options['timeout'];
  const timeout = typeof timeoutValue === 'number' && timeoutValue > 0 ? timeoutValue : conventions.defaultTimeout;
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

/** Where requests and their answers are recorded (the tab's state). */
export interface WireRecorder {
  recordRequest(request: WireRequest): number;
  recordAnswer(id: number, answer: WireAnswer): void;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

export interface RequestOutcome {
  /** Any HTTP answer, already on the wire. */
  readonly answered: (answer: HttpAnswer) => void;
  /** No HTTP answer, already on the wire with `message`. */
  readonly failed: (message: string) => void;
  /** The message for a request that timed out or was aborted. */
  readonly abortedMessage: string;
}

/** Sends the prepared request, recording it and its answer on the wire; the page may abort it. */
export function sendRequest(wire: WireRecorder, prepared: PreparedRequest, outcome: RequestOutcome): { abort(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), prepared.timeout);
  const wireId = wire.recordRequest({ method: prepared.method, url: prepared.url, headers: prepared.headers, body: prepared.body });
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
      wire.recordAnswer(wireId, { kind: 'http', status: response.status, headers, body: text });
      outcome.answered({ status: response.status, headers, text });
    },
    (cause: unknown) => {
      clearTimeout(timer);
      const message = controller.signal.aborted ? outcome.abortedMessage : cause instanceof Error ? cause.message : String(cause);
      wire.recordAnswer(wireId, { kind: 'failed', message });
      outcome.failed(message);
    },
  );
  return { abort: () => controller.abort() };
}

/** The body as the page asked for it: parsed JSON for dataType json (`parsed` false when it is not JSON), else the text. */
export function responseData(text: string, dataType: string): { readonly data: unknown; readonly parsed: boolean } {
  if (dataType !== 'json') return { data: text, parsed: true };
  try {
    const data: unknown = JSON.parse(text);
    return { data, parsed: true };
  } catch {
    return { data: text, parsed: false };
  }
}
