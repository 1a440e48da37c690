import { sign } from 'node:crypto';

/** Alipay's signature types: RSA2 = SHA256withRSA (the default), RSA = SHA1withRSA (legacy). */
export type AlipaySignType = 'RSA2' | 'RSA';

const DIGEST_BY_SIGN_TYPE: Readonly<Record<AlipaySignType, 'sha256' | 'sha1'>> = {
  RSA2: 'sha256',
  RSA: 'sha1',
};

/**
 * Signs text as Alipay signs a response: RSASSA-PKCS1-v1_5 over the UTF-8
 * bytes with SHA-256 (RSA2) or SHA-1 (RSA), returned as standard padded base64.
 *
 * For a `my.getPhoneNumber` payload the content is the `response` value's text
 * as it stands in the JSON, so for a ciphertext the quotes are included.
 *
 * @example
 * ```ts
 * const ciphertext = encryptAlipayContent(body, keys.aesKeyBase64);
 * const sign = signAlipayContent(`"${ciphertext}"`, keys.privateKeyPem);
 * ```
 */
export function signAlipayContent(content: string, privateKeyPem: string, signType: AlipaySignType = 'RSA2'): string {
  if (typeof content !== 'string') throw new TypeError('content must be a string.');
  const digest = DIGEST_BY_SIGN_TYPE[signType];
  // A runtime check for callers without types: an unknown sign type must not fall back silently.
  if (digest === undefined) throw new TypeError(`signType must be RSA2 or RSA, not ${String(signType)}.`);
  return sign(digest, Buffer.from(content, 'utf8'), privateKeyPem).toString('base64');
}
