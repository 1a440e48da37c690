/**
 * The string the gateway verifies a request's sign over, as the fake
 * gateway rebuilds it from what arrived: every parameter but `sign`, sorted
 * by name (UTF-16 order, as Java sorts strings), `name=value` joined with
 * `&`, values decoded but not re-encoded. A parameter whose name or value is
 * empty or only whitespace in Java's sense (Character.isWhitespace: \t \n \v
 * \f \r, U+001C..U+001F and the Unicode space separators but the no-break
 * ones) is left out, as Alipay's Java SDK (AlipaySignature.getSignContent)
 * leaves it out when signing.
 *
 * Written apart from @phonekit/core's alipayOpenApiSignContent on purpose:
 * the sandbox is the other side of the wire, and tests compare the two.
 */
const NOT_JAVA_WHITESPACE = new Set([0x00a0, 0x2007, 0x202f]);
const SEPARATOR = /^[\p{Zs}\p{Zl}\p{Zp}]$/u;

function javaBlank(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const control = (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
    if (!control && (NOT_JAVA_WHITESPACE.has(code) || !SEPARATOR.test(ch))) return false;
  }
  return true;
}

export function openApiSignContent(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .filter(([name, value]) => name !== 'sign' && !javaBlank(name) && !javaBlank(value))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}
