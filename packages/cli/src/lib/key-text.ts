import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { keyTextSource } from '@phonekit/core';

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
 * `@path`, or a plain path to a file that exists (core's keyTextSource: the
 * same rule as the server's configuration). Relative paths resolve from
 * `baseDir`. Throws KeyFileError when a named file cannot be read.
 */
export function readKeyText(value: string, baseDir: string = process.cwd()): KeyText {
  if (value.trim() === '@') throw new KeyFileError('"@" must be followed by a file path.');
  const source = keyTextSource(value, (path) => existsSync(resolve(baseDir, path)));
  if (source.kind === 'text') return { text: source.text, file: undefined };
  const shown = source.path.slice(0, 200);
  if (source.kind === 'missing-file') throw new KeyFileError(`there is no file at "${shown}".`);
  const full = resolve(baseDir, source.path);
  return { text: readKeyFile(full, shown), file: full };
}
