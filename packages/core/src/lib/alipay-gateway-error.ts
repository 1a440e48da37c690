import type { CoreErrorCode } from '../errors/catalogue';
import { PhonekitError, type UpstreamError } from '../errors/phonekit-error';
import { upstreamOf } from '../alipay/interpret-body';

/**
 * The gateway's sub_codes phonekit has a fix for. Sources:
 * - alipay.system.oauth.token, 错误码 (business errors):
 *   https://opendocs.alipay.com/apis/api_9/alipay.system.oauth.token
 *   isv.code-invalid "授权码(auth_code)错误、状态不对或过期" (wrong, used, expired:
 *   one sub_code for all three), isv.refresh-token-invalid, isv.refresh-token-time-out,
 *   isv.refreshed-token-invalid, isv.invalid-app-id "调用接口的应用标识(app_id)与令牌授权的应用不相符";
 * - 公共错误码 (every method): https://opendocs.alipay.com/open/common/105806
 *   20000 isp.unknow-error / aop.unknow-error "服务暂不可用，稍后重试";
 *   40001 isv.missing-app-id, isv.missing-signature, isv.missing-signature-type,
 *   isv.missing-signature-key "未上传公钥配置"; 40002 isv.invalid-app-id "无效的AppID参数",
 *   isv.invalid-signature "无效签名", isv.invalid-signature-type "无效的签名类型".
 * Anything else (isv.grant-type-invalid, isv.invalid-timestamp, 40004 business
 * failures...) is ALIPAY_GATEWAY_ERROR naming what Alipay said: phonekit does
 * not guess a fix for it. A Map, not an object literal: a sub_code of
 * "__proto__" must not find Object.prototype.
 */
const BY_SUB_CODE: ReadonlyMap<string, CoreErrorCode> = new Map<string, CoreErrorCode>(Object.entries({
  'isv.code-invalid': 'ALIPAY_AUTH_CODE_INVALID',
  'isv.refresh-token-invalid': 'ALIPAY_REFRESH_TOKEN_INVALID',
  'isv.refresh-token-time-out': 'ALIPAY_REFRESH_TOKEN_INVALID',
  'isv.refreshed-token-invalid': 'ALIPAY_REFRESH_TOKEN_INVALID',
  'isv.invalid-app-id': 'ALIPAY_APP_ID_INVALID',
  'isv.missing-app-id': 'ALIPAY_APP_ID_INVALID',
  'isv.invalid-signature': 'ALIPAY_REQUEST_SIGNATURE_INVALID',
  'isv.invalid-signature-type': 'ALIPAY_REQUEST_SIGNATURE_INVALID',
  'isv.missing-signature': 'ALIPAY_REQUEST_SIGNATURE_INVALID',
  'isv.missing-signature-type': 'ALIPAY_REQUEST_SIGNATURE_INVALID',
  'isv.missing-signature-key': 'ALIPAY_REQUEST_SIGNATURE_INVALID',
  'isp.unknow-error': 'ALIPAY_GATEWAY_BUSY',
  'aop.unknow-error': 'ALIPAY_GATEWAY_BUSY',
} satisfies Record<string, CoreErrorCode>));

/** Alipay's words, shortened: isv.invalid-signature's sub_msg carries the whole string it verified. */
const clip = (text: string, max = 200): string => (text.length > max ? `${text.slice(0, max)}...` : text);

function describe(upstream: UpstreamError): string {
  const parts = [upstream.code, upstream.msg, upstream.subCode].filter((part): part is string => part !== undefined && part !== '');
  const said = upstream.subMsg === undefined || upstream.subMsg === '' ? '' : `: ${clip(upstream.subMsg)}`;
  return `The Alipay gateway answered ${clip(parts.join(' '), 120)}${said}`;
}

/** The catalogued error for an OpenAPI error body ({code, msg, sub_code, sub_msg}), upstream fields attached. */
export function alipayGatewayError(body: Record<string, unknown>): PhonekitError {
  const upstream = upstreamOf(body);
  const mapped = (upstream.subCode === undefined ? undefined : BY_SUB_CODE.get(upstream.subCode)) ?? (upstream.code === '20000' ? 'ALIPAY_GATEWAY_BUSY' : undefined);
  if (mapped !== undefined) return new PhonekitError(mapped, { upstream });
  return new PhonekitError('ALIPAY_GATEWAY_ERROR', { message: `${describe(upstream)}.`, upstream });
}
