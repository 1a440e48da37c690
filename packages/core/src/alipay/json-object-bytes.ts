/**
 * Whether bytes are the UTF-8 text of one JSON object (RFC 8259), decided
 * without throwing and without stopping at the first fault: every byte is
 * stepped through the same state machine, and a fault only sets a flag (the
 * state stays where it was). The decryption uses it so that a plaintext that
 * is not JSON costs the same as one that is, and neither costs less than a
 * plaintext with bad padding: JSON.parse throwing (or not) would tell them
 * apart by time. JSON.parse then runs only on a plaintext that passed every
 * check, which is no failure to hide.
 *
 * Bytes from 0x80 up are allowed inside strings only; whether they are valid
 * UTF-8 is the caller's check (buffer.isUtf8).
 */

const TOP = 0; // before the one object
const OBJECT_FIRST = 1; // after "{": a key or "}"
const OBJECT_KEY = 2; // after "," in an object: a key
const COLON = 3; // after a key
const VALUE = 4; // after ":" or "," in an array
const ARRAY_FIRST = 5; // after "[": a value or "]"
const AFTER_VALUE = 6; // "," or the container's closer
const DONE = 7; // after the object: whitespace only
const STRING = 8;
const ESCAPE = 9;
const HEX = 10;
const MINUS = 11;
const ZERO = 12;
const INTEGER = 13;
const POINT = 14;
const FRACTION = 15;
const EXPONENT_MARK = 16;
const EXPONENT_SIGN = 17;
const EXPONENT = 18;
const LITERAL = 19;

const LITERALS: Readonly<Record<number, Uint8Array>> = {
  0x74: new TextEncoder().encode('true'),
  0x66: new TextEncoder().encode('false'),
  0x6e: new TextEncoder().encode('null'),
};

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
/** The characters that may follow a backslash (u is handled apart). */
const isEscapable = (c: number): boolean => c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74;

/**
 * @returns whether `bytes` (from `start`) hold exactly one JSON object,
 * optionally surrounded by JSON whitespace.
 */
export function isJsonObjectBytes(bytes: Uint8Array, start = 0): boolean {
  // Nesting: 0x7b for an object, 0x5b for an array. Never deeper than the input is long.
  const stack = new Uint8Array(bytes.length + 1);
  let depth = 0;
  let state = TOP;
  let fault = 0;
  let keyString = false;
  let hexLeft = 0;
  let literal: Uint8Array = LITERALS[0x6e] as Uint8Array;
  let literalAt = 0;

  for (let i = start; i < bytes.length; i++) {
    const c = bytes[i] ?? 0;
    // A number ends at the first byte that cannot continue it; that byte is then read again as what follows a value.
    let again = true;
    while (again) {
      again = false;
      switch (state) {
        case STRING:
          if (c === 0x22) state = keyString ? COLON : depth === 0 ? DONE : AFTER_VALUE;
          else if (c === 0x5c) state = ESCAPE;
          else if (c < 0x20) fault = 1;
          break;
        case ESCAPE:
          if (c === 0x75) {
            state = HEX;
            hexLeft = 4;
          } else if (isEscapable(c)) state = STRING;
          else fault = 1;
          break;
        case HEX:
          if (isHex(c)) {
            hexLeft--;
            if (hexLeft === 0) state = STRING;
          } else fault = 1;
          break;
        case TOP:
          if (c === 0x7b) {
            stack[depth++] = c;
            state = OBJECT_FIRST;
          } else if (!isSpace(c)) fault = 1;
          break;
        case OBJECT_FIRST:
        case OBJECT_KEY:
          if (c === 0x22) {
            keyString = true;
            state = STRING;
          } else if (c === 0x7d && state === OBJECT_FIRST) {
            depth--;
            state = depth === 0 ? DONE : AFTER_VALUE;
          } else if (!isSpace(c)) fault = 1;
          break;
        case COLON:
          if (c === 0x3a) state = VALUE;
          else if (!isSpace(c)) fault = 1;
          break;
        case VALUE:
        case ARRAY_FIRST:
          if (c === 0x22) {
            keyString = false;
            state = STRING;
          } else if (c === 0x7b) {
            stack[depth++] = c;
            state = OBJECT_FIRST;
          } else if (c === 0x5b) {
            stack[depth++] = c;
            state = ARRAY_FIRST;
          } else if (c === 0x5d && state === ARRAY_FIRST) {
            depth--;
            state = depth === 0 ? DONE : AFTER_VALUE;
          } else if (c === 0x2d) state = MINUS;
          else if (c === 0x30) state = ZERO;
          else if (c >= 0x31 && c <= 0x39) state = INTEGER;
          else if (c === 0x74 || c === 0x66 || c === 0x6e) {
            literal = LITERALS[c] as Uint8Array;
            literalAt = 1;
            state = LITERAL;
          } else if (!isSpace(c)) fault = 1;
          break;
        case AFTER_VALUE: {
          const open = depth > 0 ? (stack[depth - 1] ?? 0) : 0;
          if (c === 0x2c) state = open === 0x7b ? OBJECT_KEY : VALUE;
          else if ((c === 0x7d && open === 0x7b) || (c === 0x5d && open === 0x5b)) {
            depth--;
            state = depth === 0 ? DONE : AFTER_VALUE;
          } else if (!isSpace(c)) fault = 1;
          break;
        }
        case DONE:
          if (!isSpace(c)) fault = 1;
          break;
        case LITERAL:
          if (c === literal[literalAt]) {
            literalAt++;
            if (literalAt === literal.length) state = depth === 0 ? DONE : AFTER_VALUE;
          } else fault = 1;
          break;
        case MINUS:
          if (c === 0x30) state = ZERO;
          else if (c >= 0x31 && c <= 0x39) state = INTEGER;
          else fault = 1;
          break;
        case POINT:
          if (isDigit(c)) state = FRACTION;
          else fault = 1;
          break;
        case EXPONENT_MARK:
          if (c === 0x2b || c === 0x2d) state = EXPONENT_SIGN;
          else if (isDigit(c)) state = EXPONENT;
          else fault = 1;
          break;
        case EXPONENT_SIGN:
          if (isDigit(c)) state = EXPONENT;
          else fault = 1;
          break;
        default:
          // ZERO, INTEGER, FRACTION, EXPONENT: a number that may end here.
          if (isDigit(c) && state !== ZERO) break;
          if (c === 0x2e && (state === ZERO || state === INTEGER)) state = POINT;
          else if ((c === 0x65 || c === 0x45) && state !== EXPONENT) state = EXPONENT_MARK;
          else {
            if (isDigit(c)) fault = 1; // a leading zero followed by a digit
            state = depth === 0 ? DONE : AFTER_VALUE;
            again = !isDigit(c);
          }
      }
    }
  }
  return fault === 0 && state === DONE;
}
