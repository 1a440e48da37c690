import { verify } from 'node:crypto';
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
  const compact = sign.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return false;
  const signature = Buffer.from(compact, 'base64');
  // An RSA signature is exactly as long as the modulus.
  if (signature.length * 8 !== publicKey.modulusBits) return false;
  try {
    return verify(HASH[signType], Buffer.from(content, 'utf8'), publicKey.key, signature);
  } catch {
    return false;
  }
}
