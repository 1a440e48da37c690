import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { keyTextSource } from '@phonekit/core';

/** A key's text and where it came from (for messages such as "read from ./alipay.crt"; never the key itself). */
export interface KeyText {
  readonly text: string;
  /** The file it was read from, when it was one (an absolute path). */
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
 * The text of a key setting (the server's configuration, the CLI's options):
 * base64 or PEM text as it is, or the content of the file it names (`@path`,
 * or a plain path that exists; core's keyTextSource decides). Relative paths
 * resolve from `baseDir`. Files over 64 KiB are refused. Throws KeyFileError
 * when a named file cannot be read; never echoes a key.
 *
 * @example
 * ```ts
 * const { text, file } = readKeyText('@keys/alipay-public.pem', configDir);
 * const publicKey = loadAlipayPublicKey(text);
 * ```
 */
export function readKeyText(value: string, baseDir: string = process.cwd()): KeyText {
  if (value.trim() === '@') throw new KeyFileError('"@" must be followed by a file path.');
  const source = keyTextSource(value, (path) => existsSync(resolve(baseDir, path)));
  if (source.kind === 'text') return { text: source.text, file: undefined };
  const shown = source.path.slice(0, 200);
  const full = resolve(baseDir, source.path);
  if (source.kind === 'missing-file') {
    const where = full === source.path ? '' : ` (looked for ${full.slice(0, 300)})`;
    throw new KeyFileError(`there is no file at "${shown}"${where}. Give the key as base64, as a PEM, or as a path to a file.`);
  }
  return { text: readKeyFile(full, shown), file: full };
}
