import { isSandboxPhone } from '../wechat/wechat-phone-info';

/**
 * One request to a fake platform, framework-free (the shape of
 * FakeWechatRequest, plus the headers Douyin's phone endpoint reads).
 */
export interface FakePlatformRequest {
  readonly method: string;
  /** Path below the fake's base, e.g. `/api/apps/v2/jscode2session` or `/login-code`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The raw body text ('' when none). */
  readonly body: string;
  /** Request headers, names in lower case (`access-token`, `content-type`). */
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

/** A fake platform's answer: the HTTP status and the JSON body. */
export interface FakePlatformResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export const ok = (body: Record<string, unknown>): FakePlatformResponse => ({ status: 200, body });

/** A sandbox control used wrongly: 400 with the sandbox's own envelope (never a platform's). */
export const badRequest = (message: string): FakePlatformResponse => ({ status: 400, body: { error: { code: 'SANDBOX_BAD_REQUEST', message } } });

const USER = /^[\w.@-]{1,64}$/;
const APP_ID = /^[\w-]{1,64}$/;

/** The `user` of a sandbox control (default `sandbox-user`), or the 400 to answer. */
export function sandboxUser(query: FakePlatformRequest['query']): string | FakePlatformResponse {
  const user = query['user'] ?? 'sandbox-user';
  return USER.test(user) ? user : badRequest('user must be 1-64 letters, digits, or . @ _ -');
}

/** The `mobile` of a sandbox control (default 13811112222), or the 400 to answer. */
export function sandboxMobile(query: FakePlatformRequest['query']): string | FakePlatformResponse {
  const mobile = query['mobile'] ?? '13811112222';
  return isSandboxPhone(mobile) ? mobile : badRequest('mobile must look like 13811112222 or 1-2125550123.');
}

/** An optional other app's id in a sandbox control (`appId=` or `appKey=`), or the 400 to answer. */
export function otherAppId(query: FakePlatformRequest['query'], name: 'appId' | 'appKey'): string | undefined | FakePlatformResponse {
  const value = query[name];
  if (value === undefined) return undefined;
  return APP_ID.test(value) ? value : badRequest(`${name} must be 1-64 letters, digits, _ or -.`);
}

export function isResponse(value: unknown): value is FakePlatformResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A JSON object body as a record of its string fields (others dropped), or undefined when the body is not a JSON object. */
export function jsonFields(text: string): Record<string, string> | undefined {
  const value = parseJson(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const fields: Record<string, string> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) if (typeof field === 'string') fields[key] = field;
  return fields;
}

/** An application/x-www-form-urlencoded body as its first value per name. */
export function formFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) if (!(key in fields)) fields[key] = value;
  return fields;
}

/**
 * The fields of an endpoint that takes a form POST and, as many servers call
 * it, a GET: the query, overlaid by the form body of a POST. Undefined for
 * any other method.
 */
export function queryAndFormFields(request: FakePlatformRequest): Record<string, string | undefined> | undefined {
  if (request.method !== 'POST' && request.method !== 'GET') return undefined;
  return { ...request.query, ...(request.method === 'POST' ? formFields(request.body) : {}) };
}

/** Whether the request says its body is JSON (content-type), or, with no content-type, looks like a JSON object. */
export function isJsonBody(request: FakePlatformRequest): boolean {
  const contentType = request.headers?.['content-type'];
  if (contentType !== undefined) return /\bjson\b/i.test(contentType);
  return request.body.trimStart().startsWith('{');
}

/** What `POST /control` can ask of a fake; the token controls only of the fakes that issue tokens. */
export interface ControllableFake<E extends string, C> {
  failNext(endpoint: E, code: C, times?: number): void;
  advanceClock(seconds: number): void;
  stats(): object;
  setTokenTtl?(seconds: number): void;
  expireTokens?(): void;
}

/** What `POST /control` accepts of one platform: its endpoints, its errcodes, and how a wrong errcode is described. */
export interface ControlSpec<E extends string, C> {
  readonly endpoints: readonly E[];
  readonly isErrcode: (value: unknown) => value is C;
  readonly errcodeHint: string;
}

/**
 * `POST /control {failNext?: {endpoint, errcode, times?}, tokenTtlSeconds?,
 * expireTokens?, advanceSeconds?}`, the same body for every fake platform.
 * `errcode` is a number, or for Baidu (whose errors are OAuth strings) the
 * `error` string.
 */
export function applyControl<E extends string, C>(
  fake: ControllableFake<E, C>,
  method: string,
  text: string,
  spec: ControlSpec<E, C>,
): FakePlatformResponse {
  if (method !== 'POST') return badRequest('POST a JSON object to /control.');
  const input = parseJson(text);
  if (typeof input !== 'object' || input === null) return badRequest('Send a JSON object.');
  const fields = input as Record<string, unknown>;
  const failNext = fields['failNext'];
  if (failNext !== undefined) {
    const { endpoint, errcode, times } = typeof failNext === 'object' && failNext !== null ? (failNext as Record<string, unknown>) : {};
    const known = typeof endpoint === 'string' && (spec.endpoints as readonly string[]).includes(endpoint);
    if (!known || !spec.isErrcode(errcode)) {
      return badRequest(`failNext needs {endpoint: ${spec.endpoints.map((name) => `"${name}"`).join('|')}, errcode: ${spec.errcodeHint}, times?: number}.`);
    }
    fake.failNext(endpoint as E, errcode, typeof times === 'number' && times > 0 ? Math.min(Math.floor(times), 1000) : 1);
  }
  const ttl = fields['tokenTtlSeconds'];
  if (ttl !== undefined) {
    if (fake.setTokenTtl === undefined) return badRequest('tokenTtlSeconds: this platform issues no access tokens.');
    if (typeof ttl !== 'number' || ttl <= 0) return badRequest('tokenTtlSeconds must be a positive number.');
    fake.setTokenTtl(ttl);
  }
  if (fields['expireTokens'] === true) {
    if (fake.expireTokens === undefined) return badRequest('expireTokens: this platform issues no access tokens.');
    fake.expireTokens();
  }
  const advance = fields['advanceSeconds'];
  if (advance !== undefined) {
    if (typeof advance !== 'number' || advance < 0) return badRequest('advanceSeconds must be a number >= 0.');
    fake.advanceClock(advance);
  }
  return ok({ ok: true, ...fake.stats() });
}

/** A finite integer errcode (numeric platforms). */
export function isIntegerErrcode(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}
