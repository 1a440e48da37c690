import { isFakeWechatEndpoint, type FakeWechatApi, type FakeWechatBody } from './fake-wechat-api';
import { isSandboxPhone } from './wechat-phone-info';

/** One HTTP request, framework-free: the server's Express route and a bare node:http listener both adapt to it. */
export interface FakeWechatRequest {
  readonly method: string;
  /** Path below the fake's base, e.g. `/sns/jscode2session` or `/login-code`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The raw body text ('' when none). */
  readonly body: string;
}

export interface FakeWechatResponse {
  readonly status: number;
  readonly body: FakeWechatBody;
}

const USER = /^[\w.@-]{1,64}$/;

const ok = (body: FakeWechatBody): FakeWechatResponse => ({ status: 200, body });
const badRequest = (message: string): FakeWechatResponse => ({ status: 400, body: { error: { code: 'SANDBOX_BAD_REQUEST', message } } });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function wrongMethod(expected: 'GET' | 'POST'): FakeWechatResponse {
  // WeChat answers a wrong method with HTTP 200 and an errcode, like every other error.
  return ok(expected === 'GET' ? { errcode: 43001, errmsg: 'require GET method' } : { errcode: 43002, errmsg: 'require POST method' });
}

/**
 * Routes one request to the fake WeChat API. Below the base URL it serves
 * WeChat's own paths (`/sns/jscode2session`, `/cgi-bin/token`,
 * `/cgi-bin/stable_token`, `/wxa/business/getuserphonenumber`) and the
 * sandbox controls that stand in for the WeChat client and for test set-up:
 *
 * - `GET /login-code?user=alice`: what wx.login gives alice's mini-program;
 * - `GET /phone-code?mobile=13811112222[&countryCodeAsNumber=1]`: a button `code`;
 * - `GET /phone-event?user=alice&mobile=...[&legacy=1][&appId=wx...]`: a whole getPhoneNumber
 *   event detail, `encryptedData`/`iv` encrypted with alice's current session_key
 *   (`legacy=1`: no `code`, as before base library 2.21.2; `appId`: another app's watermark);
 * - `GET /stats`: token fetches and calls per endpoint;
 * - `POST /control {failNext?: {endpoint, errcode, times?}, tokenTtlSeconds?, expireTokens?, advanceSeconds?}`.
 *
 * @example
 * ```ts
 * const { status, body } = handleFakeWechatRequest(api, { method: 'GET', path: '/login-code', query: { user: 'alice' }, body: '' });
 * ```
 */
export function handleFakeWechatRequest(api: FakeWechatApi, request: FakeWechatRequest): FakeWechatResponse {
  const { method, path, query } = request;
  switch (path) {
    case '/sns/jscode2session':
      return method === 'GET' ? ok(api.jscode2session(query)) : wrongMethod('GET');
    case '/cgi-bin/token':
      return method === 'GET' ? ok(api.token(query)) : wrongMethod('GET');
    case '/cgi-bin/stable_token': {
      if (method !== 'POST') return wrongMethod('POST');
      return ok(api.stableToken(parseJson(request.body)));
    }
    case '/wxa/business/getuserphonenumber': {
      if (method !== 'POST') return wrongMethod('POST');
      return ok(api.getUserPhoneNumber(query['access_token'], parseJson(request.body)));
    }
    case '/login-code': {
      const user = query['user'] ?? 'sandbox-user';
      if (!USER.test(user)) return badRequest('user must be 1-64 letters, digits, or . @ _ -');
      return ok({ code: api.mintLoginCode(user) });
    }
    case '/phone-code': {
      const mobile = query['mobile'] ?? '13811112222';
      if (!isSandboxPhone(mobile)) return badRequest('mobile must look like 13811112222 or 1-2125550123.');
      return ok({ code: api.mintPhoneCode(mobile, { countryCodeAsNumber: query['countryCodeAsNumber'] === '1' }) });
    }
    case '/phone-event': {
      const user = query['user'] ?? 'sandbox-user';
      const mobile = query['mobile'] ?? '13811112222';
      if (!USER.test(user)) return badRequest('user must be 1-64 letters, digits, or . @ _ -');
      if (!isSandboxPhone(mobile)) return badRequest('mobile must look like 13811112222 or 1-2125550123.');
      const appId = query['appId'];
      if (appId !== undefined && !/^[\w-]{1,64}$/.test(appId)) return badRequest('appId must be 1-64 letters, digits, _ or -.');
      const legacy = api.encryptPhoneForUser(user, mobile, appId === undefined ? {} : { appId });
      if (legacy === undefined) return badRequest(`${user} has not logged in: WeChat has no session_key to encrypt with. Exchange a /login-code first.`);
      const code = query['legacy'] === '1' ? {} : { code: api.mintPhoneCode(mobile) };
      return ok({ errMsg: 'getPhoneNumber:ok', ...code, encryptedData: legacy.encryptedData, iv: legacy.iv });
    }
    case '/stats':
      return ok({ ...api.stats() });
    case '/config':
      return ok({ appId: api.appId });
    case '/control': {
      if (method !== 'POST') return badRequest('POST a JSON object to /control.');
      return control(api, parseJson(request.body));
    }
    default:
      return { status: 404, body: { errcode: 404, errmsg: 'sandbox: no such WeChat path' } };
  }
}

function control(api: FakeWechatApi, input: unknown): FakeWechatResponse {
  if (typeof input !== 'object' || input === null) return badRequest('Send a JSON object.');
  const fields = input as Record<string, unknown>;
  const failNext = fields['failNext'];
  if (failNext !== undefined) {
    const spec = typeof failNext === 'object' && failNext !== null ? (failNext as Record<string, unknown>) : {};
    const { endpoint, errcode, times } = spec;
    if (!isFakeWechatEndpoint(endpoint) || typeof errcode !== 'number' || !Number.isInteger(errcode)) {
      return badRequest('failNext needs {endpoint: "jscode2session"|"token"|"stable_token"|"getuserphonenumber", errcode: number, times?: number}.');
    }
    api.failNext(endpoint, errcode, typeof times === 'number' && times > 0 ? Math.min(times, 1000) : 1);
  }
  const ttl = fields['tokenTtlSeconds'];
  if (ttl !== undefined) {
    if (typeof ttl !== 'number' || ttl <= 0) return badRequest('tokenTtlSeconds must be a positive number.');
    api.setTokenTtl(ttl);
  }
  if (fields['expireTokens'] === true) api.expireTokens();
  const advance = fields['advanceSeconds'];
  if (advance !== undefined) {
    if (typeof advance !== 'number' || advance < 0) return badRequest('advanceSeconds must be a number >= 0.');
    api.advanceClock(advance);
  }
  return ok({ ok: true, ...api.stats() });
}
