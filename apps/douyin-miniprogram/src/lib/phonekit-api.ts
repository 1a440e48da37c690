// The answer shapes are the server's own (@phonekit/express's contract), with
// `import type` only: erased when compiled, so the page ships no server code.
import type { AccountUserJson, ApiErrorJson, BoundPhoneJson, PhoneJson } from '@phonekit/express';
import { currentConfig } from './current-config';
import type { TtRequestOptions } from './tt-types';

export type { AccountUserJson, ApiErrorCode, LoginJson, MeJson, PhoneJson } from '@phonekit/express';

/**
 * What the page shows for a failure: the `error` of the server's envelope, or
 * a local failure (NETWORK, TT_LOGIN_FAILED, LOGIN_UNREADABLE, SANDBOX_UNREADABLE,
 * DOUYIN_PHONE_BUTTON_FAILED, NO_SESSION_TO_ERASE, CLIENT_ERROR, HTTP_<status>).
 * `code` is read as a string: a newer server may send a code this page does
 * not know yet.
 */
export type PhonekitApiError = Omit<ApiErrorJson, 'code'> & { readonly code: string };

/** Thrown by the helpers here; `error` is what the page shows. */
export class PhonekitRequestError extends Error {
  readonly error: PhonekitApiError;
  constructor(error: PhonekitApiError) {
    super(error.message);
    this.error = error;
  }
}

const NETWORK: PhonekitApiError = {
  code: 'NETWORK',
  message: 'Could not reach the phonekit server.',
  hint: 'Check serverUrl in src/config.ts; in the Douyin IDE keep urlCheck off (详情 > 本地设置 > 不校验合法域名) to call plain http.',
  hintZh: '无法连接 phonekit 服务端：请检查 src/config.ts 中的 serverUrl；开发者工具中勾选“不校验合法域名”。',
  retryable: true,
};

/** tt.request's longest wait is 60 s ("网络请求超时最大时长为 60s"); the page gives up sooner. */
const REQUEST_TIMEOUT_MS = 15_000;

// The page's own copy: the bundle imports no code from the phonekit packages.
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The server's `{error}` envelope, or a generic error when the body is something else. */
export function errorOf(statusCode: number, data: unknown): PhonekitApiError {
  const error = isRecord(data) ? data['error'] : undefined;
  if (isRecord(error) && typeof error['code'] === 'string' && typeof error['message'] === 'string') {
    return {
      code: error['code'],
      message: error['message'],
      hint: typeof error['hint'] === 'string' ? error['hint'] : '',
      hintZh: typeof error['hintZh'] === 'string' ? error['hintZh'] : '',
      retryable: error['retryable'] === true,
    };
  }
  return { code: `HTTP_${statusCode}`, message: `The server answered HTTP ${statusCode} without an error body.`, hint: 'Check the server log.', hintZh: '请查看服务端日志。', retryable: statusCode >= 500 };
}

/** @returns whether `value` is the server's phone answer (core's PhoneJson). */
export function isPhoneJson(value: unknown): value is PhoneJson {
  if (!isRecord(value)) return false;
  const strings = ['mobile', 'countryCode', 'nationalNumber', 'e164', 'masked'].every((key) => typeof value[key] === 'string');
  const region = value['region'];
  return strings && (typeof region === 'string' || region === null) && typeof value['valid'] === 'boolean';
}

function isBoundPhone(value: unknown): value is BoundPhoneJson {
  return isRecord(value) && ['masked', 'e164', 'countryCode', 'nationalNumber'].every((key) => typeof value[key] === 'string');
}

const PLATFORMS: readonly string[] = ['alipay', 'wechat', 'douyin', 'baidu', 'qq', 'kuaishou'] satisfies ReadonlyArray<AccountUserJson['platform']>;

/** @returns whether `value` is a user as the login, phone-number and GET /api/me answer it (AccountUserJson). */
export function isAccountUser(value: unknown): value is AccountUserJson {
  if (!isRecord(value)) return false;
  const phone = value['phone'];
  const platform = value['platform'];
  return typeof value['id'] === 'string' && typeof platform === 'string' && PLATFORMS.includes(platform) && typeof value['appId'] === 'string' && (phone === null || isBoundPhone(phone));
}

/** `Authorization: Bearer <token>` for the phonekit server. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** POSTs JSON to the phonekit server; resolves with the 2xx body, rejects with PhonekitRequestError. */
export function postToPhonekit(path: string, body: Record<string, string>, header: Record<string, string> = {}): Promise<unknown> {
  return requestPhonekit('POST', path, { body, header });
}

/**
 * Any request to the phonekit server with tt.request; resolves with the 2xx
 * body ('' for a 204), rejects with PhonekitRequestError. tt.request calls
 * success for any HTTP answer, with `statusCode`, `header` and `data`
 * (parsed when dataType is json), and fail only when there was no answer
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/network/http/tt-request).
 */
export function requestPhonekit(method: 'GET' | 'POST' | 'DELETE', path: string, options: { body?: Record<string, string>; header?: Record<string, string> } = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request: TtRequestOptions = {
      url: `${currentConfig().serverUrl}${path}`,
      method,
      ...(options.body === undefined ? {} : { data: options.body }),
      header: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.header },
      dataType: 'json',
      timeout: REQUEST_TIMEOUT_MS,
      success: (res) => {
        if (res.statusCode >= 200 && res.statusCode < 300) resolve(res.data);
        else reject(new PhonekitRequestError(errorOf(res.statusCode, res.data)));
      },
      fail: () => reject(new PhonekitRequestError(NETWORK)),
    };
    tt.request(request);
  });
}

/** Anything thrown, as the error the page shows. */
export function apiErrorOf(thrown: unknown): PhonekitApiError {
  if (thrown instanceof PhonekitRequestError) return thrown.error;
  return { code: 'CLIENT_ERROR', message: 'Something went wrong in the mini-program.', hint: 'Try again.', hintZh: '请重试。', retryable: true };
}
