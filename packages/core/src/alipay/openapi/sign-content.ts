import type { AlipayOpenApiParams } from './types';

/**
 * java.lang.Character.isWhitespace: the official Java SDK drops a parameter
 * whose value is only such characters (StringUtils.isEmpty), so the gateway's
 * string does not have it either. Space separators count, except the
 * no-break ones (U+00A0, U+2007, U+202F).
 */
const JAVA_SPACE_SEPARATOR = /^[\p{Zs}\p{Zl}\p{Zp}]$/u;
const NO_BREAK_SPACES = new Set([0x00a0, 0x2007, 0x202f]);

function isJavaWhitespace(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  // \t \n \v \f \r, and the four information separators U+001C..U+001F.
  if ((code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f)) return true;
  return !NO_BREAK_SPACES.has(code) && JAVA_SPACE_SEPARATOR.test(ch);
}

const isEmpty = (text: string): boolean => [...text].every(isJavaWhitespace);

/**
 * The string the gateway verifies a request signature over: every parameter
 * except `sign` as `key=value`, sorted by key, joined with `&`, values as
 * they are (not URL-encoded). Parameters with an empty (or whitespace-only)
 * name or value are left out, as the official SDKs do (Java
 * AlipaySignature.getSignContent with StringUtils.areNotEmpty); `sign_type`
 * stays in.
 *
 * When the gateway answers isv.invalid-signature, its sub_msg shows the
 * string it built; compare it with this one.
 *
 * @example
 * ```ts
 * alipayOpenApiSignContent({ method: 'alipay.system.oauth.token', app_id: '2021...', code: 'c', sign: 'x' });
 * // 'app_id=2021...&code=c&method=alipay.system.oauth.token'
 * ```
 */
export function alipayOpenApiSignContent(params: AlipayOpenApiParams): string {
  const pairs: string[] = [];
  // Default sort: UTF-16 code units, as Java's Collections.sort on String.
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (typeof value !== 'string') throw new TypeError(`OpenAPI parameter "${key.slice(0, 32)}" must be a string.`);
    if (key === 'sign' || isEmpty(key) || isEmpty(value)) continue;
    pairs.push(`${key}=${value}`);
  }
  return pairs.join('&');
}
