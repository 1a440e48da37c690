import type { CoreErrorCode } from '../errors/catalogue';
import { PhonekitError, type UpstreamError } from '../errors/phonekit-error';
import { normalisePhone, type NormalisedPhone } from '../phone/normalise-phone';

/**
 * What a my.getPhoneNumber error body means, by code AND sub_code: the docs
 * give 40001 two meanings, and a real 40003 is not always "no authorisation".
 * Sources:
 * - my.getPhoneNumber, 错误码 and FAQ (https://opendocs.alipay.com/mini/api/getphonenumber):
 *   20000 aop.unknow-error; 40001 isv.missing-encrypt-key "缺少加密配置" and
 *   isv.missing-default-signature-type "应用未设置默认签名类型"; 40002 isv.invalid-encrypt
 *   "加密异常"; 40003 isv.invalid-auth-relations "无效的授权关系"; 40006
 *   isv.insufficient-isv-permissions "ISV权限不足".
 * - 公共错误码 (https://opendocs.alipay.com/open/common/105806): 20000 isp.unknow-error /
 *   aop.unknow-error "服务暂不可用，稍后重试"; isv.decryption-error-unknown
 *   "解密出错，未知异常", solution "重试" (listed under 40002).
 * - The official Node SDK's tests (alipay/alipay-sdk-nodejs-all, test/alipay.test.ts,
 *   "needEncrypt = true 但是服务端解密失败") hold a real, Alipay-signed
 *   {"code":"40003","msg":"Insufficient Conditions","sub_code":"isv.decryption-error-unknown",
 *   "sub_msg":"解密出错, 未知错误"}: the same sub_code under 40003, so it is mapped under both.
 * A Map, not an object literal: a code of "__proto__" must not find Object.prototype.
 */
const BY_CODE_AND_SUB_CODE: ReadonlyMap<string, CoreErrorCode> = new Map<string, CoreErrorCode>(Object.entries({
  '20000 aop.unknow-error': 'ALIPAY_BUSY',
  '20000 isp.unknow-error': 'ALIPAY_BUSY',
  '40001 isv.missing-encrypt-key': 'ALIPAY_MISSING_ENCRYPT_KEY',
  '40001 isv.missing-default-signature-type': 'ALIPAY_MISSING_SIGN_TYPE',
  '40002 isv.invalid-encrypt': 'ALIPAY_INVALID_ENCRYPT',
  '40002 isv.decryption-error-unknown': 'ALIPAY_DECRYPTION_ERROR',
  '40003 isv.invalid-auth-relations': 'ALIPAY_NOT_AUTHORISED',
  '40003 isv.decryption-error-unknown': 'ALIPAY_DECRYPTION_ERROR',
  '40006 isv.insufficient-isv-permissions': 'ALIPAY_INSUFFICIENT_PERMISSIONS',
} satisfies Record<string, CoreErrorCode>));

/**
 * A body with a code and no sub_code: only codes with one documented meaning
 * for my.getPhoneNumber. 40001 is not here: without its sub_code there is no
 * telling a missing AES key from a missing signature type.
 */
const BY_CODE_ALONE: ReadonlyMap<string, CoreErrorCode> = new Map<string, CoreErrorCode>(Object.entries({
  '20000': 'ALIPAY_BUSY',
  '40002': 'ALIPAY_INVALID_ENCRYPT',
  '40003': 'ALIPAY_NOT_AUTHORISED',
  '40006': 'ALIPAY_INSUFFICIENT_PERMISSIONS',
} satisfies Record<string, CoreErrorCode>));

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

/** Alipay's words, shortened, for a message. */
const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}...` : text);

/** The upstream fields of a business body, as reported to clients (never the mobile). */
export function upstreamOf(body: Record<string, unknown>): UpstreamError {
  const subCode = str(body['subCode'] ?? body['sub_code']);
  const subMsg = str(body['subMsg'] ?? body['sub_msg']);
  const msg = str(body['msg']);
  return {
    code: str(body['code']) ?? '',
    ...(msg === undefined ? {} : { msg }),
    ...(subCode === undefined ? {} : { subCode }),
    ...(subMsg === undefined ? {} : { subMsg }),
  };
}

/** The most characters (code points) of each upstream field echoed back, the "…" that marks a cut included. */
export const UPSTREAM_TEXT_MAX = 200;

/** Controls (C0, DEL, C1), zero-width and bidirectional formatting, line and paragraph separators, the BOM. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
/** A UTF-16 surrogate without its other half (JSON's "\ud800" escape makes one). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * One upstream field as it may be echoed: tabs and line breaks as spaces,
 * other control and invisible formatting characters removed, a lone surrogate
 * as U+FFFD, and at most UPSTREAM_TEXT_MAX characters. Bounded work whatever
 * its length: only the first characters are ever looked at.
 */
function echoable(text: string): string {
  const head = text.length > UPSTREAM_TEXT_MAX * 4 ? text.slice(0, UPSTREAM_TEXT_MAX * 4) : text;
  const clean = head.replace(/[\t\n\r]/g, ' ').replace(UNPRINTABLE, '').replace(LONE_SURROGATE, '\ufffd');
  const chars = Array.from(clean);
  if (chars.length <= UPSTREAM_TEXT_MAX && head.length === text.length) return clean;
  return `${chars.slice(0, UPSTREAM_TEXT_MAX - 1).join('')}…`;
}

/**
 * The upstream fields of an error body as they may be echoed to a client and
 * written anywhere: each field cleaned and capped (see UPSTREAM_TEXT_MAX). An
 * unsigned body is the sender's own text, not necessarily Alipay's, so what a
 * my.getPhoneNumber body says is never repeated in full.
 *
 * @example
 * ```ts
 * echoedUpstream({ code: '40001', subMsg: 'x'.repeat(36_000) }).subMsg?.length; // 200
 * ```
 */
export function echoedUpstream(upstream: UpstreamError): UpstreamError {
  return {
    code: echoable(upstream.code),
    ...(upstream.msg === undefined ? {} : { msg: echoable(upstream.msg) }),
    ...(upstream.subCode === undefined ? {} : { subCode: echoable(upstream.subCode) }),
    ...(upstream.subMsg === undefined ? {} : { subMsg: echoable(upstream.subMsg) }),
  };
}

function mappedCode(upstream: UpstreamError): CoreErrorCode | undefined {
  if (upstream.subCode === undefined || upstream.subCode === '') return BY_CODE_ALONE.get(upstream.code);
  return BY_CODE_AND_SUB_CODE.get(`${upstream.code} ${upstream.subCode}`);
}

/** What Alipay said, named exactly, for an answer phonekit has no advice for. */
function unknownAnswer(upstream: UpstreamError): string {
  const said = [upstream.code, upstream.msg].filter((part) => part !== undefined && part !== '').join(' ');
  const sub =
    upstream.subCode === undefined || upstream.subCode === ''
      ? ' without a sub_code'
      : ` with sub_code "${clip(upstream.subCode, 80)}"${upstream.subMsg === undefined || upstream.subMsg === '' ? '' : ` (${clip(upstream.subMsg, 120)})`}`;
  return `Alipay answered ${clip(said, 120)}${sub}, which phonekit has no advice for.`;
}

/**
 * Reads a decrypted my.getPhoneNumber business body: 10000 with a mobile is a
 * phone; 10000 with an empty mobile is NO_PHONE_BOUND; every other code
 * throws its catalogue entry with the upstream fields attached, chosen by
 * code and sub_code. An answer phonekit does not know is ALIPAY_UPSTREAM_ERROR
 * with a message naming exactly what Alipay said, and no guessed fix. The
 * upstream fields attached (and quoted) are cleaned and capped (echoedUpstream).
 *
 * @example
 * ```ts
 * interpretAlipayBody({ code: '10000', msg: 'Success', mobile: '13811112222' }).e164; // '+8613811112222'
 * ```
 */
export function interpretAlipayBody(body: Record<string, unknown>): NormalisedPhone {
  // The code and sub_code as sent decide; only the cleaned, capped copy is attached and quoted.
  const sent = upstreamOf(body);
  const upstream = echoedUpstream(sent);
  if (sent.code === '10000') {
    const mobile = body['mobile'];
    if (mobile === undefined || mobile === null || mobile === '') throw new PhonekitError('NO_PHONE_BOUND', { upstream });
    if (typeof mobile !== 'string') throw new PhonekitError('PHONE_INVALID');
    return normalisePhone(mobile);
  }
  if (sent.code === '') {
    throw new PhonekitError('ALIPAY_UPSTREAM_ERROR', { message: 'The decrypted body has no "code".', upstream });
  }
  const code = mappedCode(sent);
  if (code !== undefined) throw new PhonekitError(code, { upstream });
  throw new PhonekitError('ALIPAY_UPSTREAM_ERROR', { message: unknownAnswer(upstream), upstream });
}
