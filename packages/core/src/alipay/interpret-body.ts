import type { CoreErrorCode } from '../errors/catalogue';
import { PhonekitError, type UpstreamError } from '../errors/phonekit-error';
import { normalisePhone, type NormalisedPhone } from '../phone/normalise-phone';

/** Alipay's result codes for my.getPhoneNumber, and what phonekit calls them. */
const UPSTREAM_CODES: Readonly<Record<string, CoreErrorCode>> = {
  '20000': 'ALIPAY_BUSY',
  '40002': 'ALIPAY_INVALID_ENCRYPT',
  '40003': 'ALIPAY_NOT_AUTHORISED',
  '40006': 'ALIPAY_INSUFFICIENT_PERMISSIONS',
};

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

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

function errorCodeFor(upstream: UpstreamError): CoreErrorCode {
  if (upstream.code === '40001') {
    return upstream.subCode === 'isv.missing-encrypt-key' ? 'ALIPAY_MISSING_ENCRYPT_KEY' : 'ALIPAY_MISSING_SIGN_TYPE';
  }
  return UPSTREAM_CODES[upstream.code] ?? 'ALIPAY_UPSTREAM_ERROR';
}

/**
 * Reads a decrypted my.getPhoneNumber business body: 10000 with a mobile is a
 * phone; 10000 with an empty mobile is NO_PHONE_BOUND; every other code
 * throws its catalogue entry with the upstream fields attached.
 *
 * @example
 * ```ts
 * interpretAlipayBody({ code: '10000', msg: 'Success', mobile: '13811112222' }).e164; // '+8613811112222'
 * ```
 */
export function interpretAlipayBody(body: Record<string, unknown>): NormalisedPhone {
  const upstream = upstreamOf(body);
  if (upstream.code === '10000') {
    const mobile = body['mobile'];
    if (mobile === undefined || mobile === null || mobile === '') throw new PhonekitError('NO_PHONE_BOUND', { upstream });
    if (typeof mobile !== 'string') throw new PhonekitError('PHONE_INVALID');
    return normalisePhone(mobile);
  }
  if (upstream.code === '') {
    throw new PhonekitError('ALIPAY_UPSTREAM_ERROR', { message: 'The decrypted body has no "code".', upstream });
  }
  throw new PhonekitError(errorCodeFor(upstream), { upstream });
}
