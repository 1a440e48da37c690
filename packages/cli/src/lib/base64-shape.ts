/**
 * What is wrong with text that should be standard base64 (a key, an iv, a
 * ciphertext), told exactly: the CLI's words for the shapes people paste.
 *
 * Core decides what is accepted; the CLI asks this only after core refused a
 * value, to say why in the user's terms. Nothing here repeats the value: it
 * names lengths, positions, Unicode code points and characters that are in
 * no base64 alphabet, and an environment variable name pasted before a key.
 */

/** The alphabets' own characters: standard (+ /), URL-safe (- _), and the padding. */
const ANY_BASE64_CHAR = /[A-Za-z0-9+/=_-]/;

/** `ALIPAY_AES_KEY=` (or `export NAME=`) pasted with the value: an upper-case name holding an underscore. */
const ASSIGNMENT = /^(?:export\s+)?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)=(?=\S)/;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A character that is no base64 at all, as the user can find it: printable ASCII shown, anything else by code point. */
function shown(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (ch === '"') return `'"'`;
  return code > 0x20 && code < 0x7f ? `"${ch}"` : codePoint(ch);
}

/**
 * Why `text` is not standard base64 (the + / alphabet, "=" padding only at
 * the end), or undefined when it is. `what` starts the sentence: "The AES
 * key", "The encryptedData". Whitespace is ignored, as the loaders ignore
 * it; `paddingOptional` for inputs whose loader accepts missing "=".
 *
 * @example
 * ```ts
 * base64Problem('The AES key', 'hello');
 * // 'The AES key is not base64: 5 characters is one more than a whole number of 4-character groups, ...'
 * ```
 */
export function base64Problem(what: string, text: string, options: { readonly paddingOptional?: boolean } = {}): string | undefined {
  const trimmed = text.trim();
  const compact = trimmed.replace(/\s+/g, '');
  if (compact === '') return `${what} is empty.`;

  const quote = /^(["'`\u201c\u2018])/.exec(compact)?.[1];
  if (quote !== undefined && compact.length >= 2 && /["'`\u201d\u2019]$/.test(compact)) {
    return `${what} is in quotes: give only the text between them.`;
  }
  // A "+" that something URL-decoded into a space (spaces alone, not a log's line breaks).
  if (/\S +\S/.test(trimmed) && !/[\t\r\n]/.test(trimmed) && base64Problem(what, trimmed.replace(/ +/g, (spaces) => '+'.repeat(spaces.length)), options) === undefined) {
    return `${what} has spaces where base64 has "+": something URL-decoded it on the way. Put "+" back in place of each space, or copy it again from where it is shown.`;
  }
  const assignment = ASSIGNMENT.exec(trimmed);
  if (assignment !== undefined && assignment !== null) {
    return `${what} starts with "${(assignment[1] ?? '').slice(0, 40)}=": that is a line of an env file; give only what follows the "=".`;
  }
  if (/%[0-9A-Fa-f]{2}/.test(compact) && /%(2[BbFf]|3[Dd])/.test(compact)) {
    return `${what} is URL-encoded (it holds %2B, %2F or %3D): decode it first (%2B is +, %2F is /, %3D is =), or copy it from where it is shown, not from a URL.`;
  }
  let position = 0;
  const foreign: string[] = [];
  for (const ch of compact) {
    position += 1;
    if (ANY_BASE64_CHAR.test(ch)) continue;
    if ((ch.codePointAt(0) ?? 0) > 0x7e) {
      return `${what} holds a non-ASCII character (${codePoint(ch)}, character ${position} of ${[...compact].length}): a full-width or invisible character came with the copy; copy it again, or type that character in ASCII.`;
    }
    if (!foreign.includes(ch)) foreign.push(ch);
  }
  if (foreign.length > 0) {
    return `${what} is not base64: it holds ${foreign.slice(0, 5).map(shown).join(', ')}, which no base64 alphabet has (base64 is A-Z, a-z, 0-9, + and /, with "=" only at the end).`;
  }

  const firstPad = compact.indexOf('=');
  if (firstPad >= 0 && /[^=]/.test(compact.slice(firstPad))) {
    return `${what} has "=" in the middle (character ${firstPad + 1} of ${compact.length}): "=" only ever ends base64, so this is two values joined, or text after it.`;
  }
  const body = compact.replace(/=+$/, '');
  const padding = compact.length - body.length;
  if (padding > 2) return `${what} ends in ${padding} "=": base64 has at most two.`;

  const standard = /[+/]/.test(body);
  const urlSafe = /[-_]/.test(body);
  if (standard && urlSafe) {
    return `${what} mixes the standard base64 alphabet (+ and /) with the URL-safe one (- and _): no encoder writes both, so it was edited or joined from two copies.`;
  }
  if (body.length % 4 === 1) {
    const before = padding === 0 ? '' : ' before its "="';
    const alsoUrlSafe = urlSafe ? ' (It also holds - or _, of the URL-safe alphabet, but no alphabet fixes the length.)' : '';
    return `${what} is not base64: ${plural(body.length, 'character')}${before} is one more than a whole number of 4-character groups, which no base64 text has in either alphabet: a character is missing or extra, or the copy was cut.${alsoUrlSafe}`;
  }
  const needed = (4 - (body.length % 4)) % 4;
  if (padding > 0 && padding !== needed) {
    return `${what} has the wrong "=" padding: ${plural(body.length, 'character')} take${body.length === 1 ? 's' : ''} ${needed === 0 ? 'no "="' : `${needed} "="`}, not ${padding}: a character is missing or extra.`;
  }
  if (urlSafe) {
    const pad = padding === 0 && needed > 0 ? ` and add its ${needed === 1 ? '"="' : '"=="'} padding` : '';
    return `${what} uses the URL-safe base64 alphabet (- and _): write - as + and _ as /${pad}, as the console shows it.`;
  }
  if (padding === 0 && needed > 0 && options.paddingOptional !== true) {
    return `${what} is missing its "=" padding (${plural(body.length, 'character')}; base64 comes in groups of 4): add ${needed === 1 ? '"="' : '"=="'}.`;
  }
  return undefined;
}
