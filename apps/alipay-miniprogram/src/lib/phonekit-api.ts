/**
 * Talking to the phonekit server with `my.request`, reduced to three answers
 * the page can show: a verified phone, a server error, or "unreachable".
 *
 * `my.request` reports an HTTP error status differently across Alipay
 * clients: some call `fail` with `{error: 19, errorMessage, status, data}`,
 * others call `success` with `res.status` set to 4xx/5xx. Both end up here
 * as the same `{ kind: 'error' }` answer.
 */
import type { PhonekitConfig } from '../config';
import { LOGIN_PATH, ME_PATH, PHONE_NUMBER_PATH, SANDBOX_AUTH_CODE_PATH, SANDBOX_PHONE_RESPONSE_PATH } from './contract';
import type { AccountUserJson, BoundPhoneJson, ClientErrorCode, PhoneJson, ServerError, Submission, UpstreamError } from './contract';

export type ServerAnswer =
  | { kind: 'phone'; status: number; phone: PhoneJson; user: AccountUserJson | null }
  | { kind: 'error'; status: number | null; error: ServerError }
  | { kind: 'unreachable'; serverUrl: string; requestUrl: string; detail: string };

/** What the sandbox route answers: the `res.response` text, or why not. */
export type SandboxAnswer =
  | { kind: 'payload'; status: number; text: string }
  | Exclude<ServerAnswer, { kind: 'phone' }>;

type RawReply =
  | { ok: true; status: number; data: unknown }
  | { ok: false; status: number | null; data: unknown; errorCode: number | null; errorMessage: string };

/** What `POST /api/alipay/login` answered: a session, or why not. */
export type LoginAnswer =
  | { kind: 'session'; status: number; sessionToken: string; expiresIn: number; user: AccountUserJson }
  | Exclude<ServerAnswer, { kind: 'phone' }>;

/** What the sandbox's auth-code route answered. */
export type AuthCodeAnswer = { kind: 'auth-code'; authCode: string } | Exclude<ServerAnswer, { kind: 'phone' }>;

/** What `DELETE /api/me` answered. */
export type EraseAnswer = { kind: 'erased' } | Exclude<ServerAnswer, { kind: 'phone' }>;

type RequestMethod = 'GET' | 'POST' | 'DELETE';
type RequestDataType = 'json' | 'text';

interface RequestSpec {
  url: string;
  method: RequestMethod;
  dataType: RequestDataType;
  headers: Record<string, string>;
  data?: string;
}

// The page's own copy: the bundle imports no code from the phonekit packages.
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readString(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  return typeof value === 'string' ? value : '';
}

function readNumber(record: Record<string, unknown>, key: string): number | null {
  const value = record[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A JSON object from `data`, whether the client parsed it already or left it as text. */
function asJsonObject(data: unknown): Record<string, unknown> | null {
  if (isRecord(data)) return data;
  if (typeof data !== 'string' || data === '') return null;
  try {
    const parsed: unknown = JSON.parse(data);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** `my.request` as a promise that always resolves, with the client quirks folded in. */
function sendRequest(spec: RequestSpec): Promise<RawReply> {
  return new Promise<RawReply>((resolve) => {
    let settled = false;
    const settle = (reply: RawReply): void => {
      if (settled) return;
      settled = true;
      resolve(reply);
    };
    try {
      my.request({
        url: spec.url,
        method: spec.method,
        headers: spec.headers,
        dataType: spec.dataType,
        ...(spec.data === undefined ? {} : { data: spec.data }),
        success: (res) => {
          // Older clients only fill statusCode; newer fill both.
          const status = typeof res.status === 'number' ? res.status : res.statusCode;
          if (isSuccessStatus(status)) {
            settle({ ok: true, status, data: res.data });
          } else {
            settle({ ok: false, status, data: res.data, errorCode: null, errorMessage: `HTTP ${status}` });
          }
        },
        fail: (err: unknown) => {
          const record = isRecord(err) ? err : {};
          settle({
            ok: false,
            status: readNumber(record, 'status') ?? readNumber(record, 'statusCode'),
            data: record['data'],
            errorCode: readNumber(record, 'error'),
            errorMessage: readString(record, 'errorMessage') || 'request failed',
          });
        },
      });
    } catch (cause) {
      settle({
        ok: false,
        status: null,
        data: undefined,
        errorCode: null,
        errorMessage: cause instanceof Error ? cause.message : String(cause),
      });
    }
  });
}

function readServerError(body: Record<string, unknown> | null): ServerError | null {
  const error = body === null ? undefined : body['error'];
  if (!isRecord(error)) return null;
  const code = readString(error, 'code');
  const message = readString(error, 'message');
  if (code === '' && message === '') return null;
  const upstream = readUpstream(error['upstream']);
  return {
    code: code || 'UNKNOWN',
    message,
    hint: readString(error, 'hint'),
    hintZh: readString(error, 'hintZh'),
    retryable: error['retryable'] === true,
    ...(upstream === undefined ? {} : { upstream }),
  };
}

/** Alipay's own answer as the server relays it, keeping only the fields that are strings. */
function readUpstream(value: unknown): UpstreamError | undefined {
  if (!isRecord(value)) return undefined;
  const { msg, subCode, subMsg } = value;
  return {
    code: readString(value, 'code'),
    ...(typeof msg === 'string' ? { msg } : {}),
    ...(typeof subCode === 'string' ? { subCode } : {}),
    ...(typeof subMsg === 'string' ? { subMsg } : {}),
  };
}

/** The server's 200 answer (core's PhoneJson), or null when the body is not one. */
function readPhone(body: Record<string, unknown> | null): PhoneJson | null {
  if (body === null) return null;
  const mobile = readString(body, 'mobile');
  if (mobile === '') return null;
  const region = body['region'];
  return {
    mobile,
    countryCode: readString(body, 'countryCode'),
    nationalNumber: readString(body, 'nationalNumber'),
    e164: readString(body, 'e164'),
    masked: readString(body, 'masked'),
    region: typeof region === 'string' ? region : null,
    valid: body['valid'] === true,
  };
}

function readBoundPhone(value: unknown): BoundPhoneJson | null {
  if (!isRecord(value)) return null;
  const masked = readString(value, 'masked');
  const e164 = readString(value, 'e164');
  if (masked === '' && e164 === '') return null;
  return { masked, e164, countryCode: readString(value, 'countryCode'), nationalNumber: readString(value, 'nationalNumber') };
}

/** The account `user` of a login or phone answer, or null when there is none (a server without accounts). */
function readUser(value: unknown): AccountUserJson | null {
  if (!isRecord(value)) return null;
  const id = readString(value, 'id');
  if (id === '') return null;
  const platform = value['platform'] === 'wechat' ? 'wechat' : 'alipay';
  return { id, platform, appId: readString(value, 'appId'), phone: readBoundPhone(value['phone']) };
}

function clientError(code: ClientErrorCode, message: string, hint: string, retryable: boolean): ServerError {
  return { code, message, hint, hintZh: '', retryable };
}

/** Turns a failed reply into the answer the page shows. */
function failureAnswer(
  reply: Extract<RawReply, { ok: false }>,
  serverUrl: string,
  requestUrl: string,
): Exclude<ServerAnswer, { kind: 'phone' }> {
  const serverError = readServerError(asJsonObject(reply.data));
  if (serverError !== null) return { kind: 'error', status: reply.status, error: serverError };
  if (reply.status === null && (reply.data === undefined || reply.data === null || reply.data === '')) {
    // No status and no body: the request never got an HTTP answer.
    if (reply.errorCode === 14) {
      return {
        kind: 'error',
        status: null,
        error: clientError(
          'UNEXPECTED_RESPONSE',
          'The server answered with something that is not JSON.',
          `Check that ${serverUrl} is the phonekit server and not another service on the same port.`,
          false,
        ),
      };
    }
    return { kind: 'unreachable', serverUrl, requestUrl, detail: reply.errorMessage };
  }
  if (reply.status !== null && isSuccessStatus(reply.status)) {
    return {
      kind: 'error',
      status: reply.status,
      error: clientError(
        'UNEXPECTED_RESPONSE',
        `The server answered HTTP ${reply.status} but not with a phone number.`,
        `Check that ${serverUrl} is the phonekit server and not another service on the same port.`,
        false,
      ),
    };
  }
  const status = reply.status === null ? 'an error' : `HTTP ${reply.status}`;
  return {
    kind: 'error',
    status: reply.status,
    error: clientError(
      'HTTP_ERROR',
      `The server answered ${status} without a phonekit error body.`,
      `Check that ${serverUrl} is the phonekit server (a proxy or another service may be answering).`,
      reply.status !== null && reply.status >= 500,
    ),
  };
}

function baseHeaders(config: PhonekitConfig, sessionToken?: string): Record<string, string> {
  const headers: Record<string, string> = config.appId === '' ? {} : { 'x-alipay-app-id': config.appId };
  if (sessionToken !== undefined) headers['authorization'] = `Bearer ${sessionToken}`;
  return headers;
}

/**
 * Posts a submission to `POST <serverUrl>/api/alipay/phone-number`, byte for
 * byte: `my.request` sends a string `data` unchanged.
 */
export function postPhonePayload(config: PhonekitConfig, submission: Submission, sessionToken?: string): Promise<ServerAnswer> {
  const url = config.serverUrl + PHONE_NUMBER_PATH;
  return sendRequest({
    url,
    method: 'POST',
    dataType: 'json',
    headers: { 'content-type': submission.contentType, ...baseHeaders(config, sessionToken) },
    data: submission.body,
  }).then((reply): ServerAnswer => {
    if (!reply.ok) return failureAnswer(reply, config.serverUrl, url);
    const body = asJsonObject(reply.data);
    const phone = readPhone(body);
    if (phone !== null) return { kind: 'phone', status: reply.status, phone, user: readUser(body?.['user']) };
    return failureAnswer(
      { ok: false, status: reply.status, data: reply.data, errorCode: null, errorMessage: '' },
      config.serverUrl,
      url,
    );
  });
}

/** The sandbox URL for the configured scenario and mobile. */
export function sandboxPayloadUrl(config: PhonekitConfig): string {
  let url = `${config.serverUrl}${SANDBOX_PHONE_RESPONSE_PATH}?scenario=${encodeURIComponent(config.sandboxScenario)}`;
  if (config.sandboxMobile !== '') url += `&mobile=${encodeURIComponent(config.sandboxMobile)}`;
  return url;
}

/**
 * Sandbox stand-in for `my.getPhoneNumber`: `GET /sandbox/alipay/phone-response`
 * answers with the very text Alipay would put in `res.response`.
 */
export function fetchSandboxPayload(config: PhonekitConfig): Promise<SandboxAnswer> {
  const url = sandboxPayloadUrl(config);
  return sendRequest({ url, method: 'GET', dataType: 'text', headers: baseHeaders(config) }).then(
    (reply): SandboxAnswer => {
      if (!reply.ok) return failureAnswer(reply, config.serverUrl, url);
      if (typeof reply.data === 'string' && reply.data !== '') {
        return { kind: 'payload', status: reply.status, text: reply.data };
      }
      return {
        kind: 'error',
        status: reply.status,
        error: clientError(
          'UNEXPECTED_RESPONSE',
          'The sandbox answered without a payload.',
          `Check that ${config.serverUrl} is the phonekit server running in sandbox mode.`,
          false,
        ),
      };
    },
  );
}

/**
 * `POST <serverUrl>/api/alipay/login {"authCode"}`: the server exchanges the
 * code with Alipay (alipay.system.oauth.token) and answers a session token
 * and the user, with the phone already bound to that user if any.
 */
export function postLogin(config: PhonekitConfig, authCode: string): Promise<LoginAnswer> {
  const url = config.serverUrl + LOGIN_PATH;
  return sendRequest({
    url,
    method: 'POST',
    dataType: 'json',
    headers: { 'content-type': 'application/json', ...baseHeaders(config) },
    data: JSON.stringify({ authCode }),
  }).then((reply): LoginAnswer => {
    if (!reply.ok) return failureAnswer(reply, config.serverUrl, url);
    const body = asJsonObject(reply.data);
    const sessionToken = body === null ? '' : readString(body, 'sessionToken');
    const expiresIn = body === null ? null : readNumber(body, 'expiresIn');
    const user = readUser(body?.['user']);
    if (sessionToken !== '' && expiresIn !== null && user !== null) return { kind: 'session', status: reply.status, sessionToken, expiresIn, user };
    return {
      kind: 'error',
      status: reply.status,
      error: clientError(
        'UNEXPECTED_RESPONSE',
        'The server answered the login without a session and a user.',
        `Check that ${config.serverUrl} is a phonekit server with accounts (PHONEKIT_DATA_DIR or DATABASE_URL).`,
        false,
      ),
    };
  });
}

/** `DELETE <serverUrl>/api/me` (bearer): the phone, consents and sessions erased; 204. */
export function deleteAccount(config: PhonekitConfig, sessionToken: string): Promise<EraseAnswer> {
  const url = config.serverUrl + ME_PATH;
  return sendRequest({ url, method: 'DELETE', dataType: 'text', headers: baseHeaders(config, sessionToken) }).then(
    (reply): EraseAnswer => (reply.ok ? { kind: 'erased' } : failureAnswer(reply, config.serverUrl, url)),
  );
}

/**
 * Sandbox stand-in for `my.getAuthCode`: `GET /sandbox/alipay/auth-code?user=`
 * answers `{"authCode"}`, a code the sandbox's fake Alipay gateway accepts
 * once, within 5 minutes, for that user.
 */
export function fetchSandboxAuthCode(config: PhonekitConfig): Promise<AuthCodeAnswer> {
  const url = `${config.serverUrl}${SANDBOX_AUTH_CODE_PATH}?user=${encodeURIComponent(config.sandboxUser)}`;
  return sendRequest({ url, method: 'GET', dataType: 'json', headers: baseHeaders(config) }).then((reply): AuthCodeAnswer => {
    if (!reply.ok) return failureAnswer(reply, config.serverUrl, url);
    const body = asJsonObject(reply.data);
    const authCode = body === null ? '' : readString(body, 'authCode');
    if (authCode !== '') return { kind: 'auth-code', authCode };
    return {
      kind: 'error',
      status: reply.status,
      error: clientError('UNEXPECTED_RESPONSE', 'The sandbox answered without an auth code.', `Check that ${config.serverUrl} is the phonekit server running in sandbox mode.`, false),
    };
  });
}
