/**
 * Finds the raw text of each top-level member of a JSON object, so a
 * signature can be checked over exactly the bytes the platform signed.
 * The text must already have passed JSON.parse; this only locates spans.
 */
export interface RawMember {
  /** The member's value text, from its first to its last character (no surrounding whitespace). */
  readonly raw: string;
  readonly start: number;
  readonly end: number;
}

/** JSON whitespace: space, tab, line feed, carriage return. */
function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function skipWhitespace(text: string, at: number): number {
  let i = at;
  while (i < text.length && isJsonWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Index just past the string literal starting at `at` (which is a '"').
 * Jumps from quote to quote with indexOf rather than walking characters (a
 * signature or a ciphertext is hundreds of characters with no escape in it).
 * A quote ends the string when an even number of backslashes precedes it.
 * Linear on any input: each backslash run is counted once.
 */
function skipString(text: string, at: number): number {
  let from = at + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) throw new SyntaxError('unterminated string');
    let backslashes = 0;
    for (let j = quote - 1; j > at && text.charCodeAt(j) === 92; j--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Index just past the JSON value starting at `at`. */
function skipValue(text: string, at: number): number {
  const first = text.charAt(at);
  if (first === '"') return skipString(text, at);
  if (first === '{' || first === '[') {
    let depth = 0;
    let i = at;
    while (i < text.length) {
      const ch = text.charAt(i);
      if (ch === '"') {
        i = skipString(text, i);
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new SyntaxError('unterminated container');
  }
  // number, true, false, null: runs until a delimiter
  let i = at;
  while (i < text.length && !',}] \t\n\r'.includes(text.charAt(i))) i++;
  return i;
}

/**
 * Maps each top-level key of a JSON object text to the raw text of its value.
 * Keys that occur more than once are reported in `duplicates` (JSON.parse
 * would silently keep the last one; a verifier must not guess).
 */
export function rawTopLevelMembers(text: string): { members: Map<string, RawMember>; duplicates: string[] } {
  const members = new Map<string, RawMember>();
  const duplicates: string[] = [];
  let i = skipWhitespace(text, 0);
  if (text.charAt(i) !== '{') throw new SyntaxError('not an object');
  i = skipWhitespace(text, i + 1);
  if (text.charAt(i) === '}') return { members, duplicates };
  for (;;) {
    i = skipWhitespace(text, i);
    const keyEnd = skipString(text, i);
    const rawKey = text.slice(i + 1, keyEnd - 1);
    // Without a backslash the key is its raw text (the whole text already passed JSON.parse).
    const key = rawKey.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : rawKey;
    i = skipWhitespace(text, keyEnd);
    if (text.charAt(i) !== ':') throw new SyntaxError('expected colon');
    const start = skipWhitespace(text, i + 1);
    const end = skipValue(text, start);
    if (members.has(key)) duplicates.push(key);
    members.set(key, { raw: text.slice(start, end), start, end });
    i = skipWhitespace(text, end);
    const ch = text.charAt(i);
    if (ch === ',') {
      i++;
      continue;
    }
    if (ch === '}') return { members, duplicates };
    throw new SyntaxError('expected comma or end of object');
  }
}
