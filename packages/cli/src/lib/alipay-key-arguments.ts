import {
  PhonekitError,
  isAlipaySignType,
  loadAlipayAesKey,
  loadAlipayPublicKey,
  type AlipayAesKey,
  type AlipayPublicKey,
  type AlipaySignType,
} from '@phonekit/core';
import { KeyFileError, readKeyText } from '@phonekit/express';
import { base64Problem } from './base64-shape';

export type Loaded<T> =
  | { readonly ok: true; readonly value: T; readonly file: string | undefined }
  | { readonly ok: false; readonly error: PhonekitError };

function load<T>(
  value: string,
  baseDir: string | undefined,
  code: 'PUBLIC_KEY_INVALID' | 'AES_KEY_INVALID',
  parse: (text: string) => T,
  explain: (text: string, error: PhonekitError) => PhonekitError = (_text, error) => error,
): Loaded<T> {
  let file: string | undefined;
  let text: string | undefined;
  try {
    const key = readKeyText(value, baseDir);
    file = key.file;
    text = key.text;
    return { ok: true, value: parse(key.text), file };
  } catch (err) {
    if (err instanceof KeyFileError) return { ok: false, error: new PhonekitError(code, { message: `Cannot read the key: ${err.message}` }) };
    if (err instanceof PhonekitError) return { ok: false, error: text === undefined ? err : explain(text, err) };
    // Anything else is a bug in phonekit: main() reports it as an internal error.
    throw err;
  }
}

/** The Alipay public key from an option or config value (base64, PEM, certificate, `@file` or a path). Throws only on a bug. */
export function loadPublicKeyArgument(value: string, baseDir?: string): Loaded<AlipayPublicKey> {
  return load(value, baseDir, 'PUBLIC_KEY_INVALID', loadAlipayPublicKey);
}

/**
 * Core's AES_KEY_INVALID with the exact shape of a key that is not standard
 * base64 (lib/base64-shape.ts): a length no base64 has, quotes, an env line,
 * URL-encoding, a full-width character, "=" in the middle, mixed or URL-safe
 * alphabets. A PEM, and base64 of the wrong size or hex, keep core's words.
 */
function explainAesKey(text: string, error: PhonekitError): PhonekitError {
  if (error.code !== 'AES_KEY_INVALID' || text.includes('-----BEGIN')) return error;
  const problem = base64Problem('The AES key', text);
  if (problem === undefined) return error;
  return new PhonekitError('AES_KEY_INVALID', { message: `${problem} Copy the whole key from 接口内容加密方式 (24 characters for the usual 128-bit key).` });
}

/** The AES key from an option or config value (base64, `@file` or a path). Throws only on a bug. */
export function loadAesKeyArgument(value: string, baseDir?: string): Loaded<AlipayAesKey> {
  return load(value, baseDir, 'AES_KEY_INVALID', loadAlipayAesKey, explainAesKey);
}

/**
 * A sign type as the server reads ALIPAY_SIGN_TYPE: RSA2 or RSA, any case.
 * Returns undefined for anything else.
 */
export function readSignType(value: string): AlipaySignType | undefined {
  const upper = value.trim().toUpperCase();
  return isAlipaySignType(upper) ? upper : undefined;
}
