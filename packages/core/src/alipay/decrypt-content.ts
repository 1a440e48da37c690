import { isUtf8 } from 'node:buffer';
import { createDecipheriv, type Decipher, type KeyObject } from 'node:crypto';
import { PhonekitError } from '../errors/phonekit-error';
import { decodeBase64Text } from '../lib/base64';
import type { AlipayAesKey } from './aes-key';
import { isJsonObjectBytes } from './json-object-bytes';

const BLOCK = 16;

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

/** PKCS#7 padding bytes are overwritten with this (JSON whitespace) before the plaintext is read. */
const SPACE = 0x20;

/**
 * AES-CBC with Alipay's zero IV from the cached ECB decipher:
 * P[i] = D(C[i]) xor C[i-1], with C[-1] = IV = 0. Then, without an early exit
 * and without a branch on the plaintext, the padding: the last byte claims a
 * length (1-16; any other value claims 16 and is bad), every claimed byte is
 * compared with it (bad |= differs, as crypto.timingSafeEqual does), and every
 * claimed byte is overwritten with a space, whether the padding was good or
 * not. So the bytes read after this depend only on the claim, never on whether
 * it held, and good or bad padding are read with the same work.
 * Returns the whole, fixed-size plaintext and whether its padding was good.
 */
function decryptCbcZeroIv(bytes: Buffer, aesKey: AlipayAesKey): { plain: Buffer; paddingOk: boolean } | null {
  const plain = ecbFor(aesKey).update(bytes);
  const length = plain.length;
  if (length !== bytes.length) return null;
  for (let i = length - 1; i >= BLOCK; i--) plain[i] = (plain[i] ?? 0) ^ (bytes[i - BLOCK] ?? 0);
  const last = plain[length - 1] ?? 0;
  // 1 when 1 <= last <= 16, else 0: (last - 1) >>> 4 is 0 only then (for 0 it is 0x0fffffff).
  const inRange = (last - 1) >>> 4 === 0 ? 1 : 0;
  const claimed = inRange * last + (1 - inRange) * BLOCK;
  let bad = 1 - inRange;
  for (let i = 1; i <= BLOCK; i++) {
    const at = length - i;
    const byte = plain[at] ?? 0;
    // All ones when this byte is inside the claimed padding, else all zeros.
    const mask = -(((i - claimed - 1) >>> 31) & 1) & 0xff;
    bad |= mask & (byte ^ last);
    plain[at] = (byte & ~mask) | (SPACE & mask);
  }
  return { plain, paddingOk: bad === 0 };
}

/** Skips a UTF-8 byte order mark, as TextDecoder does (a fixed test of three bytes). */
const bomLength = (plain: Buffer): number => (plain[0] === 0xef && plain[1] === 0xbb && plain[2] === 0xbf ? 3 : 0);

function decryptOrNull(ciphertext: string, aesKey: AlipayAesKey): Record<string, unknown> | null {
  const bytes = decodeBase64Text(ciphertext);
  // The length and alphabet of the ciphertext are the sender's own, no secret: refusing them early tells nothing.
  if (bytes === null || bytes.length === 0 || bytes.length % BLOCK !== 0) return null;
  let decrypted: { plain: Buffer; paddingOk: boolean } | null;
  try {
    decrypted = decryptCbcZeroIv(bytes, aesKey);
  } catch {
    // Never reuse a decipher that threw: the next call starts from a fresh one.
    ecbByKey.delete(aesKey.key);
    return null;
  }
  if (decrypted === null) return null;
  const { plain, paddingOk } = decrypted;
  // The same work for every plaintext, whatever its padding: UTF-8 and the
  // JSON shape are checked over the whole buffer, neither throws nor stops
  // early, and only a plaintext that passed all three checks is parsed.
  const start = bomLength(plain);
  const utf8Ok = isUtf8(plain);
  const jsonOk = isJsonObjectBytes(plain, start);
  let body: Record<string, unknown> | null = null;
  if (paddingOk && utf8Ok && jsonOk) {
    try {
      const parsed: unknown = JSON.parse(plain.toString('utf8', start));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      body = null;
    }
  }
  plain.fill(0);
  return body;
}

/**
 * Decrypts an Alipay `response` ciphertext (AES-CBC, zero IV, PKCS#7) and
 * parses the business JSON. EVERY failure (not base64, wrong length, bad
 * padding, bad UTF-8, not JSON, not an object, wrong key) throws the same
 * DECRYPTION_FAILED with the same message, after the same work (padding,
 * UTF-8 and JSON shape are all checked, in constant flow, for every
 * ciphertext of a given length): telling them apart, by the answer or by its
 * time, would make a padding oracle. Verify the signature first.
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
