/** Standard base64 as Alipay writes it: the + / alphabet, at most two '=' at the end. */
export const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Decodes `text` when it is base64 that BASE64_TEXT accepts, else returns
 * null. Canonical base64 (what Alipay sends) is recognised by re-encoding the
 * decoded bytes, which is native and several times faster than running the
 * regex over a 344-character signature; anything else falls back to the
 * regex, so exactly the same texts are accepted.
 */
export function decodeBase64Text(text: string): Buffer | null {
  if (text === '') return null;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') === text || BASE64_TEXT.test(text)) return bytes;
  return null;
}
