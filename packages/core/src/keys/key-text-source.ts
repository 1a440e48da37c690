/**
 * Where a key setting's text is: the value itself (base64 or PEM), or a file
 * it names. One rule for the server's configuration and the CLI's options.
 */
export type KeyTextSource =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'missing-file'; readonly path: string };

const BASE64ISH = /^[A-Za-z0-9+/=\s]+$/;
// What a path looks like (a mistyped key does not): ./x, ../x, /x, ~/x, C:\x, or a key-file extension.
const PATHISH = /^(\.{1,2}[\\/]|[\\/~]|[A-Za-z]:[\\/])|\.(pem|crt|cer|key|txt|json)$/i;

/**
 * Decides what a key setting holds: `-----BEGIN …` is a PEM; `@path` always
 * names a file; base64 is the key itself unless it is short and a file of
 * that name exists; anything else is a path only if it looks like one. A
 * value that looks like neither (a mistyped key: URL-safe alphabet, stray
 * quotes) is handed on as text, so the key loader says what is wrong with it
 * and no "no file at …" message ever echoes a key. Core does no I/O: the
 * caller says which paths exist (resolving them as it likes).
 *
 * @example
 * ```ts
 * keyTextSource('@keys/alipay.pem', (p) => existsSync(p)); // { kind: 'file', path: 'keys/alipay.pem' }
 * ```
 */
export function keyTextSource(value: string, fileExists: (path: string) => boolean): KeyTextSource {
  const text = value.trim();
  if (text.startsWith('-----')) return { kind: 'text', text };
  const explicitPath = text.startsWith('@');
  const path = explicitPath ? text.slice(1) : text;
  // Base64 keys are long; a short base64-looking value is a path only if that file exists.
  if (!explicitPath && BASE64ISH.test(text) && !(text.length < 200 && fileExists(path))) return { kind: 'text', text };
  if (fileExists(path)) return { kind: 'file', path };
  if (!explicitPath && !PATHISH.test(text)) return { kind: 'text', text };
  return { kind: 'missing-file', path };
}
