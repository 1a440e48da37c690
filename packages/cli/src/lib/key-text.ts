import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where a key's text came from, for findings ("read from ./alipay.crt"); never the key itself. */
export interface KeyText {
  readonly text: string;
  /** The file it was read from, when it was one. */
  readonly file: string | undefined;
}

/** A key file that could not be read; the message names the path, never any content. */
export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

const BASE64ISH = /^[A-Za-z0-9+/=\s]+$/;
const PATH_LIKE = /^[^\s]*([/\\][^\s]*|\.(pem|crt|cer|key|txt|json))$/i;
// Keys, PEMs and certificates are a few KiB; anything much larger is not a key file.
const MAX_KEY_FILE_BYTES = 64 * 1024;

function readKeyFile(path: string, shown: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new KeyFileError(`there is no file at "${shown}".`);
  }
  if (size > MAX_KEY_FILE_BYTES) throw new KeyFileError(`"${shown}" is ${size} bytes: too large to be a key or certificate.`);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new KeyFileError(`the file "${shown}" cannot be read.`);
  }
}

/**
 * A key given on the command line or in a config file: base64 or PEM text,
 * `@path`, or a plain path to a file that exists (the same rules as the
 * server's configuration). Relative paths resolve from `baseDir`.
 * Throws KeyFileError when a named file cannot be read.
 */
export function readKeyText(value: string, baseDir: string = process.cwd()): KeyText {
  const text = value.trim();
  if (text.startsWith('-----')) return { text, file: undefined };
  const explicitPath = text.startsWith('@');
  const path = explicitPath ? text.slice(1) : text;
  const shown = path.slice(0, 200);
  if (explicitPath && path === '') throw new KeyFileError('"@" must be followed by a file path.');
  const full = resolve(baseDir, path);
  // Base64 keys are long; a short base64-looking value is a path only if that file exists.
  if (!explicitPath && BASE64ISH.test(text) && !(text.length < 200 && existsSync(full))) return { text, file: undefined };
  if (!explicitPath && !existsSync(full)) {
    // Not a path either: hand the text to the key loader, whose message says
    // what it looks like without echoing it (a URL-safe AES key, a stray quote).
    if (!PATH_LIKE.test(text)) return { text, file: undefined };
    throw new KeyFileError(`there is no file at "${shown}".`);
  }
  return { text: readKeyFile(full, shown), file: full };
}
