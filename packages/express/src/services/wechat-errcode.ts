import { ApiError } from '../errors/api-error';
import type { ExpressErrorCode } from '../errors/catalogue';

/** Every errcode WeChat documents for login, tokens and phone numbers, to the catalogue entry with its fix. */
export const WECHAT_ERRCODES: ReadonlyMap<number, ExpressErrorCode> = new Map<number, ExpressErrorCode>([
  [-1, 'WECHAT_SYSTEM_BUSY'],
  [40001, 'WECHAT_ACCESS_TOKEN_INVALID'],
  [40013, 'WECHAT_APP_ID_INVALID'],
  [40125, 'WECHAT_APP_SECRET_INVALID'],
  [40029, 'WECHAT_CODE_INVALID'],
  [40163, 'WECHAT_CODE_USED'],
  [40226, 'WECHAT_RISKY_USER'],
  [42001, 'WECHAT_ACCESS_TOKEN_EXPIRED'],
  [45011, 'WECHAT_RATE_LIMITED'],
  [87009, 'WECHAT_SIGNATURE_INVALID'],
  [1400001, 'WECHAT_QUOTA_EXCEEDED'],
]);

/** The failure a WeChat answer reports, if any: `errcode` (or `errno`, which some WeChat APIs use) other than 0. */
export function wechatFailureOf(body: Record<string, unknown>): { code: number; msg: string } | undefined {
  const errcode = body['errcode'];
  const errno = body['errno'];
  const code = typeof errcode === 'number' && errcode !== 0 ? errcode : typeof errno === 'number' && errno !== 0 ? errno : undefined;
  if (code === undefined) return undefined;
  const msg = typeof body['errmsg'] === 'string' ? body['errmsg'] : typeof body['msg'] === 'string' ? body['msg'] : '';
  return { code, msg: msg.slice(0, 200) };
}

/**
 * Turns a WeChat errcode into the catalogued ApiError, keeping what
 * WeChat said as `upstream`. Unknown codes are WECHAT_UPSTREAM_ERROR.
 *
 * @example
 * ```ts
 * wechatError(40163, 'code been used').code; // 'WECHAT_CODE_USED'
 * ```
 */
export function wechatError(errcode: number, errmsg: string): ApiError {
  return new ApiError(WECHAT_ERRCODES.get(errcode) ?? 'WECHAT_UPSTREAM_ERROR', { upstream: { code: String(errcode), msg: errmsg } });
}
