import { createDecipheriv } from 'node:crypto';
import { PhonekitError } from '../errors/phonekit-error';
import type { AlipayAesKey } from './aes-key';

const ZERO_IV = Buffer.alloc(16, 0);
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decryptOrNull(ciphertext: string, aesKey: AlipayAesKey): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(ciphertext)) return null;
  const bytes = Buffer.from(ciphertext, 'base64');
  if (bytes.length === 0 || bytes.length % 16 !== 0) return null;
  try {
    const decipher = createDecipheriv(aesKey.cipher, aesKey.key, ZERO_IV);
    const plain = Buffer.concat([decipher.update(bytes), decipher.final()]);
    const parsed: unknown = JSON.parse(utf8.decode(plain));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    return parsed as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * Decrypts an Alipay `response` ciphertext (AES-CBC, zero IV, PKCS#7) and
 * parses the business JSON. EVERY failure (not base64, wrong length, bad
 * padding, bad UTF-8, not JSON, not an object, wrong key) throws the same
 * DECRYPTION_FAILED with the same message: telling them apart would make a
 * padding oracle. Verify the signature first.
 *
 * @example
 * ```ts
 * const body = decryptAlipayContent(parsed.ciphertext, loadAlipayAesKey(aesKeyBase64));
 * body.code; // '10000'
 * ```
 */
export function decryptAlipayContent(ciphertext: string, aesKey: AlipayAesKey): Record<string, unknown> {
  const body = decryptOrNull(ciphertext, aesKey);
  if (body === null) throw new PhonekitError('DECRYPTION_FAILED');
  return body;
}
