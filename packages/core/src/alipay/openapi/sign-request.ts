import { sign } from 'node:crypto';
import { PhonekitError } from '../../errors/phonekit-error';
import { isAlipaySignType, type AlipaySignType } from '../types';
import type { AlipayAppPrivateKey } from './app-private-key';
import { alipayOpenApiSignContent } from './sign-content';
import type { AlipayOpenApiParams } from './types';

const HASH: Record<AlipaySignType, 'sha256' | 'sha1'> = { RSA2: 'sha256', RSA: 'sha1' };

/**
 * Signs an OpenAPI request as the gateway verifies it: RSASSA-PKCS1-v1_5 with
 * SHA-256 (RSA2, the default) or SHA-1 (legacy RSA) over
 * {@link alipayOpenApiSignContent} of the parameters, base64. Returns a new
 * parameter set with `sign_type` (added when absent) and `sign`; send every
 * parameter, URL-encoded, as the gateway expects (charset in the query string).
 *
 * Throws SIGN_TYPE_UNSUPPORTED for a sign type other than RSA2 or RSA, and
 * SIGN_TYPE_MISMATCH when the parameters already name another one.
 *
 * @example
 * ```ts
 * const params = signAlipayOpenApiRequest(buildOauthTokenRequest({ appId, authCode, timestamp: new Date() }), appKey, 'RSA2');
 * params.sign; // 'kq3T...=='
 * ```
 */
export function signAlipayOpenApiRequest(params: AlipayOpenApiParams, appPrivateKey: AlipayAppPrivateKey, signType: AlipaySignType = 'RSA2'): Record<string, string> {
  if (!isAlipaySignType(signType)) {
    throw new PhonekitError('SIGN_TYPE_UNSUPPORTED', { message: `sign_type "${String(signType).slice(0, 16)}" is not RSA2 or RSA.` });
  }
  const declared = params['sign_type'];
  if (declared !== undefined && declared !== signType) {
    throw new PhonekitError('SIGN_TYPE_MISMATCH', { message: `The parameters say sign_type "${declared.slice(0, 16)}" but are being signed with ${signType}.` });
  }
  const { sign: _previous, ...unsigned } = params;
  const withType: Record<string, string> = { ...unsigned, sign_type: signType };
  const signature = sign(HASH[signType], Buffer.from(alipayOpenApiSignContent(withType), 'utf8'), appPrivateKey.key).toString('base64');
  return { ...withType, sign: signature };
}
