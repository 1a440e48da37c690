import { createSecretKey, type KeyObject } from 'node:crypto';
import { PhonekitError } from '../errors/phonekit-error';
import { BASE64_TEXT } from '../lib/base64';

/** An Alipay AES key parsed once: a secret KeyObject (prints as `SecretKeyObject`, never its bytes). */
export interface AlipayAesKey {
  readonly key: KeyObject;
  readonly bits: 128 | 192 | 256;
  readonly cipher: 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc';
}

const invalid = (message: string): PhonekitError => new PhonekitError('AES_KEY_INVALID', { message });

function describe(bytes: number): string {
  if (bytes > 200) return `${bytes} bytes: this looks like an RSA key, not the AES key.`;
  return `${bytes} bytes; an AES key has 16, 24 or 32.`;
}

/**
 * Reads the app's AES key (as the Alipay console shows it under
 * 接口内容加密方式: base64 of 16 bytes, or 24/32 for AES-192/256).
 * Throws AES_KEY_INVALID saying what the value looks like instead.
 *
 * @example
 * ```ts
 * const aes = loadAlipayAesKey('aGVsbG8gcGhvbmVraXQhIQ==');
 * aes.cipher; // 'aes-128-cbc'
 * ```
 */
export function loadAlipayAesKey(input: string): AlipayAesKey {
  const text = input.trim();
  if (text === '') throw invalid('The AES key is empty.');
  if (text.includes('-----BEGIN')) throw invalid('This is a PEM key, not the AES key: the AES key is 24 base64 characters.');
  const compact = text.replace(/\s+/g, '');
  if (!BASE64_TEXT.test(compact) || compact.length % 4 !== 0) {
    if (/^[A-Za-z0-9+/]+$/.test(compact) && compact.length % 4 !== 1) {
      throw invalid(`The AES key is missing its "=" padding (${compact.length} characters; base64 comes in groups of 4). Copy it whole from the console.`);
    }
    // Only a "-" or "_" says URL-safe: plain letters and digits are in both alphabets.
    if (/[-_]/.test(compact) && /^[A-Za-z0-9_-]+={0,2}$/.test(compact)) {
      throw invalid('The AES key uses the URL-safe base64 alphabet (- and _); use the standard alphabet (+ and /) as the console shows it.');
    }
    if (/^[A-Za-z0-9+/]+$/.test(compact)) {
      throw invalid(
        `The AES key is not base64: ${compact.length} characters is one more than a whole number of 4-character groups, which no base64 text has. Copy the whole key from 接口内容加密方式 (24 characters for the usual 128-bit key).`,
      );
    }
    throw invalid(`The AES key is not base64 (${compact.length} characters).`);
  }
  // 32 hex digits are also valid base64 (of 24 bytes): catch the hex paste first.
  if (/^[0-9a-fA-F]+$/.test(compact) && [32, 48, 64].includes(compact.length)) {
    throw invalid(
      `The AES key looks like hex (${compact.length} hex digits); the Alipay console shows it as base64 (24 characters for 128 bits). Convert it: echo <hex> | xxd -r -p | base64.`,
    );
  }
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length !== 16 && bytes.length !== 24 && bytes.length !== 32) {
    throw invalid(`The AES key decodes to ${describe(bytes.length)}`);
  }
  const bits = (bytes.length * 8) as 128 | 192 | 256;
  const key = createSecretKey(bytes);
  bytes.fill(0);
  return { key, bits, cipher: `aes-${bits}-cbc` };
}
