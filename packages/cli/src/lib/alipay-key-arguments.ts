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

export type Loaded<T> =
  | { readonly ok: true; readonly value: T; readonly file: string | undefined }
  | { readonly ok: false; readonly error: PhonekitError };

function load<T>(
  value: string,
  baseDir: string | undefined,
  code: 'PUBLIC_KEY_INVALID' | 'AES_KEY_INVALID',
  parse: (text: string) => T,
): Loaded<T> {
  let file: string | undefined;
  try {
    const key = readKeyText(value, baseDir);
    file = key.file;
    return { ok: true, value: parse(key.text), file };
  } catch (err) {
    if (err instanceof KeyFileError) return { ok: false, error: new PhonekitError(code, { message: `Cannot read the key: ${err.message}` }) };
    if (err instanceof PhonekitError) return { ok: false, error: err };
    // Anything else is a bug in phonekit: main() reports it as an internal error.
    throw err;
  }
}

/** The Alipay public key from an option or config value (base64, PEM, certificate, `@file` or a path). Throws only on a bug. */
export function loadPublicKeyArgument(value: string, baseDir?: string): Loaded<AlipayPublicKey> {
  return load(value, baseDir, 'PUBLIC_KEY_INVALID', loadAlipayPublicKey);
}

/** The AES key from an option or config value (base64, `@file` or a path). Throws only on a bug. */
export function loadAesKeyArgument(value: string, baseDir?: string): Loaded<AlipayAesKey> {
  return load(value, baseDir, 'AES_KEY_INVALID', loadAlipayAesKey);
}

/**
 * A sign type as the server reads ALIPAY_SIGN_TYPE: RSA2 or RSA, any case.
 * Returns undefined for anything else.
 */
export function readSignType(value: string): AlipaySignType | undefined {
  const upper = value.trim().toUpperCase();
  return isAlipaySignType(upper) ? upper : undefined;
}
