import { createCipheriv } from 'node:crypto';
import { decodeStrictBase64 } from './lib/strict-base64';

// Alipay's content encryption uses a fixed all-zero IV. That is Alipay's
// design, not ours; the sandbox copies it so payloads match byte for byte.
const ZERO_IV = Buffer.alloc(16);

const CIPHER_BY_KEY_BYTES: Readonly<Record<number, 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc'>> = {
  16: 'aes-128-cbc',
  24: 'aes-192-cbc',
  32: 'aes-256-cbc',
};

/**
 * Encrypts text the way Alipay encrypts a `my.getPhoneNumber` body:
 * AES-CBC (128/192/256 by key length), zero IV, PKCS#7 padding, over the
 * UTF-8 bytes, returned as standard padded base64.
 *
 * Throws a TypeError when the key is not base64 and a RangeError when it does
 * not decode to 16, 24 or 32 bytes.
 *
 * @example
 * ```ts
 * const ciphertext = encryptAlipayContent(
 *   '{"code":"10000","msg":"Success","mobile":"13811112222"}',
 *   keys.aesKeyBase64,
 * );
 * ```
 */
export function encryptAlipayContent(plaintext: string, aesKeyBase64: string): string {
  if (typeof plaintext !== 'string') throw new TypeError('plaintext must be a string.');
  if (typeof aesKeyBase64 !== 'string') throw new TypeError('aesKeyBase64 must be a string.');
  const key = decodeStrictBase64(aesKeyBase64.trim(), 'The AES key');
  const cipherName = CIPHER_BY_KEY_BYTES[key.length];
  if (cipherName === undefined) {
    throw new RangeError(`The AES key must decode to 16, 24 or 32 bytes, not ${key.length}.`);
  }
  const cipher = createCipheriv(cipherName, key, ZERO_IV);
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}
