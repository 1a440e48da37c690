import { verify } from 'node:crypto';
import { decodeBase64Text } from '../lib/base64';
import type { AlipayPublicKey } from './public-key';
import type { AlipaySignType } from './types';

const HASH: Record<AlipaySignType, 'sha256' | 'sha1'> = { RSA2: 'sha256', RSA: 'sha1' };

/**
 * Checks an Alipay signature (RSA2 = SHA256withRSA, RSA = SHA1withRSA,
 * PKCS#1 v1.5) over `content`, the exact signed text. Returns a boolean and
 * never throws on bad input: a malformed signature is simply not valid.
 *
 * @example
 * ```ts
 * verifyAlipaySign(parsed.signedContent, parsed.sign, alipayKey, 'RSA2'); // true | false
 * ```
 */
export function verifyAlipaySign(content: string, sign: string, publicKey: AlipayPublicKey, signType: AlipaySignType = 'RSA2'): boolean {
  // Whitespace (a wrapped or pasted sign) is dropped; canonical base64 has none, so skip the scan then.
  const signature = decodeBase64Text(sign) ?? decodeBase64Text(sign.replace(/\s+/g, ''));
  if (signature === null) return false;
  // An RSA signature is exactly as long as the modulus.
  if (signature.length * 8 !== publicKey.modulusBits) return false;
  try {
    return verify(HASH[signType], Buffer.from(content, 'utf8'), publicKey.key, signature);
  } catch {
    return false;
  }
}
