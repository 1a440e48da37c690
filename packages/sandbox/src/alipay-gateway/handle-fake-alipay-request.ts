import type { FakeAlipayGateway } from './fake-alipay-gateway';

/** One HTTP request, framework-free: an Express route and a bare node:http listener both adapt to it. */
export interface FakeAlipayRequest {
  readonly method: string;
  /** Path below the fake's base, e.g. `/gateway.do` or `/auth-code`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The raw body text ('' when none). */
  readonly body: string;
  readonly contentType?: string;
}

/** The answer as text: the gateway's signature covers the exact bytes, so it is never re-serialised. */
export interface FakeAlipayResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

const USER = /^[\w.@-]{1,64}$/;
const JSON_TYPE = 'application/json; charset=utf-8';

const json = (status: number, body: unknown): FakeAlipayResponse => ({ status, contentType: JSON_TYPE, text: JSON.stringify(body) });
const badRequest = (message: string): FakeAlipayResponse => json(400, { error: { code: 'SANDBOX_BAD_REQUEST', message } });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Routes one request to the fake Alipay gateway. Below the base URL it
 * serves Alipay's own `/gateway.do` (GET or POST, parameters in the query
 * and/or an application/x-www-form-urlencoded body) and the sandbox
 * controls that stand in for the Alipay client and for test set-up:
 *
 * - `GET /auth-code?user=alice`: `{"authCode": "..."}`, what my.getAuthCode gives alice's mini-program;
 * - `GET /user?user=alice`: `{"userName", "userId", "openId"}`, alice's ids for this app;
 * - `GET /config`: the app the fake plays (appId, sign type, identifiers, certificate mode);
 * - `GET /stats`: calls, tokens issued, errors by sub_code;
 * - `POST /control {failNext?: {subCode, code?, msg?, subMsg?, times?}, advanceSeconds?}`.
 *
 * @example
 * ```ts
 * const { status, text } = handleFakeAlipayRequest(gateway, { method: 'GET', path: '/auth-code', query: { user: 'alice' }, body: '' });
 * ```
 */
export function handleFakeAlipayRequest(gateway: FakeAlipayGateway, request: FakeAlipayRequest): FakeAlipayResponse {
  const { method, path, query } = request;
  switch (path) {
    case '/gateway.do': {
      if (method !== 'GET' && method !== 'POST') return json(405, { error: { code: 'SANDBOX_BAD_REQUEST', message: 'gateway.do takes GET or POST.' } });
      const { status, contentType, text } = gateway.handleGatewayRequest({
        method,
        query,
        body: request.body,
        ...(request.contentType === undefined ? {} : { contentType: request.contentType }),
      });
      return { status, contentType, text };
    }
    case '/auth-code': {
      const user = query['user'] ?? 'sandbox-user';
      if (!USER.test(user)) return badRequest('user must be 1-64 letters, digits, or . @ _ -');
      return json(200, { authCode: gateway.mintAuthCode(user) });
    }
    case '/user': {
      const user = query['user'] ?? 'sandbox-user';
      if (!USER.test(user)) return badRequest('user must be 1-64 letters, digits, or . @ _ -');
      return json(200, gateway.userOf(user));
    }
    case '/config':
      return json(200, { appId: gateway.appId, signType: gateway.signType, userIdentity: gateway.userIdentity, certificateMode: gateway.certificateMode });
    case '/stats':
      return json(200, gateway.stats());
    case '/control': {
      if (method !== 'POST') return badRequest('POST a JSON object to /control.');
      return control(gateway, parseJson(request.body));
    }
    default:
      return json(404, { error: { code: 'SANDBOX_NOT_FOUND', message: 'sandbox: no such Alipay gateway path' } });
  }
}

function control(gateway: FakeAlipayGateway, input: unknown): FakeAlipayResponse {
  if (typeof input !== 'object' || input === null) return badRequest('Send a JSON object.');
  const fields = input as Record<string, unknown>;
  const failNext = fields['failNext'];
  if (failNext !== undefined) {
    const spec = typeof failNext === 'object' && failNext !== null ? (failNext as Record<string, unknown>) : {};
    const { subCode, code, msg, subMsg, times } = spec;
    const optional = (value: unknown): boolean => value === undefined || typeof value === 'string';
    if (typeof subCode !== 'string' || !/^[\w.-]{1,64}$/.test(subCode) || !optional(code) || !optional(msg) || !optional(subMsg)) {
      return badRequest('failNext needs {subCode: "isv.code-invalid", code?: "40002", msg?: string, subMsg?: string, times?: number}.');
    }
    gateway.failNext(
      {
        subCode,
        ...(typeof code === 'string' ? { code } : {}),
        ...(typeof msg === 'string' ? { msg } : {}),
        ...(typeof subMsg === 'string' ? { subMsg } : {}),
      },
      typeof times === 'number' && Number.isInteger(times) && times > 0 ? Math.min(times, 1000) : 1,
    );
  }
  const advance = fields['advanceSeconds'];
  if (advance !== undefined) {
    if (typeof advance !== 'number' || !(advance >= 0)) return badRequest('advanceSeconds must be a number >= 0.');
    gateway.advanceClock(advance);
  }
  return json(200, { ok: true, ...gateway.stats() });
}
