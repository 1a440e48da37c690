/**
 * The gateway's error answers the fake plays, as `error_response` carries
 * them: `{code, msg, sub_code, sub_msg}`. Codes, msgs and sub_codes are
 * Alipay's public error codes (公共错误码,
 * https://opendocs.alipay.com/open/common/105806) and those of
 * alipay.system.oauth.token (https://opendocs.alipay.com/apis/api_9/alipay.system.oauth.token).
 * The sub_msgs are the texts seen in Alipay's answers where known
 * ("授权码code无效", "无效的AppID参数", the 验签出错 variants), else the docs'
 * description of the sub_code.
 */
export interface GatewayErrorBody {
  readonly code: string;
  readonly msg: string;
  readonly sub_code: string;
  readonly sub_msg: string;
}

const MISSING = { code: '40001', msg: 'Missing Required Arguments' } as const;
const INVALID = { code: '40002', msg: 'Invalid Arguments' } as const;

export const GATEWAY_ERRORS = {
  'isp.unknow-error': { code: '20000', msg: 'Service Currently Unavailable', sub_code: 'isp.unknow-error', sub_msg: '系统繁忙' },
  'aop.unknow-error': { code: '20000', msg: 'Service Currently Unavailable', sub_code: 'aop.unknow-error', sub_msg: '系统繁忙' },
  'isv.missing-method': { ...MISSING, sub_code: 'isv.missing-method', sub_msg: '缺少方法名参数' },
  'isv.missing-signature': { ...MISSING, sub_code: 'isv.missing-signature', sub_msg: '缺少签名参数' },
  'isv.missing-signature-type': { ...MISSING, sub_code: 'isv.missing-signature-type', sub_msg: '缺少签名类型参数' },
  'isv.missing-app-id': { ...MISSING, sub_code: 'isv.missing-app-id', sub_msg: '缺少appId参数' },
  'isv.missing-timestamp': { ...MISSING, sub_code: 'isv.missing-timestamp', sub_msg: '缺少时间戳参数' },
  'isv.missing-version': { ...MISSING, sub_code: 'isv.missing-version', sub_msg: '缺少版本参数' },
  'isv.invalid-method': { ...INVALID, sub_code: 'isv.invalid-method', sub_msg: '不存在的方法名' },
  'isv.invalid-app-id': { ...INVALID, sub_code: 'isv.invalid-app-id', sub_msg: '无效的AppID参数' },
  'isv.invalid-timestamp': { ...INVALID, sub_code: 'isv.invalid-timestamp', sub_msg: '非法的时间戳参数' },
  'isv.invalid-signature-type': { ...INVALID, sub_code: 'isv.invalid-signature-type', sub_msg: '无效的签名类型' },
  'isv.invalid-signature': { ...INVALID, sub_code: 'isv.invalid-signature', sub_msg: '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配' },
  'isv.grant-type-invalid': { ...INVALID, sub_code: 'isv.grant-type-invalid', sub_msg: 'grant_type参数不正确' },
  'isv.code-invalid': { ...INVALID, sub_code: 'isv.code-invalid', sub_msg: '授权码code无效' },
  'isv.refresh-token-invalid': { ...INVALID, sub_code: 'isv.refresh-token-invalid', sub_msg: '刷新令牌refresh_token无效' },
  'isv.refresh-token-time-out': { ...INVALID, sub_code: 'isv.refresh-token-time-out', sub_msg: '刷新令牌refresh_token过期' },
} as const satisfies Record<string, GatewayErrorBody>;

export type KnownGatewaySubCode = keyof typeof GATEWAY_ERRORS;

export function isKnownGatewaySubCode(value: string): value is KnownGatewaySubCode {
  return Object.hasOwn(GATEWAY_ERRORS, value);
}

/** isv.invalid-signature's sub_msg names the string the gateway verified; it writes "&" as "&amp;" there. */
export function invalidSignatureBody(signContent: string): GatewayErrorBody {
  return { ...GATEWAY_ERRORS['isv.invalid-signature'], sub_msg: `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${signContent.replaceAll('&', '&amp;')}` };
}

/** What the gateway says when the app has no key (or certificate) for what the request claims. */
export const NO_KEY_FOR_SIGN_TYPE: GatewayErrorBody = { ...GATEWAY_ERRORS['isv.invalid-signature'], sub_msg: '验签出错，应用未配置对应签名算法的公钥或者证书' };
