import { createDecipheriv, type Decipher, type KeyObject } from 'node:crypto';
import { PhonekitError } from '../errors/phonekit-error';
import { decodeBase64Text } from '../lib/base64';
import type { AlipayAesKey } from './aes-key';

const BLOCK = 16;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One long-lived AES-ECB decipher per key, padding off. Creating a decipher
 * costs about ten times more than decrypting a phone-number body, and with
 * padding off ECB keeps no state between calls: update() on whole blocks
 * returns exactly those blocks, decrypted.
 */
const ecbByKey = new WeakMap<KeyObject, Decipher>();

function ecbFor(aesKey: AlipayAesKey): Decipher {
  const cached = ecbByKey.get(aesKey.key);
  if (cached !== undefined) return cached;
  const ecb = createDecipheriv(`aes-${aesKey.bits}-ecb`, aesKey.key, null);
  ecb.setAutoPadding(false);
  ecbByKey.set(aesKey.key, ecb);
  return ecb;
}

/**
 * AES-CBC with Alipay's zero IV from the cached ECB decipher:
 * P[i] = D(C[i]) xor C[i-1], with C[-1] = IV = 0. Returns the plaintext
 * without its PKCS#7 padding, or null when the padding is wrong. The padding
 * is checked without an early exit (the caller turns every failure into the
 * same error anyway).
 */
function decryptCbcZeroIv(bytes: Buffer, aesKey: AlipayAesKey): Buffer | null {
  const plain = ecbFor(aesKey).update(bytes);
  const length = plain.length;
  if (length !== bytes.length) return null;
  for (let i = length - 1; i >= BLOCK; i--) plain[i] = (plain[i] ?? 0) ^ (bytes[i - BLOCK] ?? 0);
  const pad = plain[length - 1] ?? 0;
  let bad = pad === 0 || pad > BLOCK ? 1 : 0;
  for (let i = 1; i <= BLOCK; i++) {
    const inPadding = i <= pad ? 1 : 0;
    bad |= inPadding & ((plain[length - i] ?? 0) !== pad ? 1 : 0);
  }
  return bad === 0 ? plain.subarray(0, length - pad) : null;
}

function decryptOrNull(ciphertext: string, aesKey: AlipayAesKey): Record<string, unknown> | null {
  const bytes = decodeBase64Text(ciphertext);
  if (bytes === null || bytes.length === 0 || bytes.length % BLOCK !== 0) return null;
  let plain: Buffer | null;
  try {
    plain = decryptCbcZeroIv(bytes, aesKey);
  } catch {
    // Never reuse a decipher that threw: the next call starts from a fresh one.
    ecbByKey.delete(aesKey.key);
    return null;
  }
  if (plain === null) return null;
  try {
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
