// Buffer.from(text, 'base64') silently skips characters it does not know and
// accepts missing padding; a sandbox that plays Alipay must not be more
// lenient than Alipay, so keys and signatures are checked first.
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True when `text` is standard-alphabet base64 with padding (the empty string included). */
export function isStrictBase64(text: string): boolean {
  return STANDARD_BASE64.test(text);
}

/** Decodes standard padded base64, throwing a TypeError that names `what` otherwise. */
export function decodeStrictBase64(text: string, what: string): Buffer {
  if (!isStrictBase64(text)) {
    throw new TypeError(`${what} must be standard base64 with padding.`);
  }
  return Buffer.from(text, 'base64');
}
