/**
 * A minimal DER reader: just enough of X.690 to walk an X.509 certificate to
 * its serial number, issuer name and signature algorithm. Every read is
 * bounds-checked and returns null on anything malformed, so a hostile
 * certificate can only ever be "unreadable".
 */
export interface DerItem {
  readonly tag: number;
  /** First byte of the contents. */
  readonly start: number;
  /** Index just past the contents. */
  readonly end: number;
}

/** The tag-length-value at `at`, its contents within `limit`, or null. */
export function derItemAt(der: Uint8Array, at: number, limit: number): DerItem | null {
  if (at < 0 || at + 2 > limit || limit > der.length) return null;
  const tag = der[at] ?? 0;
  // High tag numbers (0x1f) never occur in the parts of a certificate read here.
  if ((tag & 0x1f) === 0x1f) return null;
  const first = der[at + 1] ?? 0;
  let start = at + 2;
  let length = first;
  if (first >= 0x80) {
    const octets = first - 0x80;
    // Indefinite lengths (0x80) are BER, not DER; four octets is 4 GiB, plenty.
    if (octets < 1 || octets > 4 || start + octets > limit) return null;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (der[start + i] ?? 0);
    start += octets;
  }
  const end = start + length;
  return end > limit ? null : { tag, start, end };
}

/** The items inside a constructed item, in order; null when they do not tile its contents exactly. */
export function derChildren(der: Uint8Array, parent: DerItem): DerItem[] | null {
  const children: DerItem[] = [];
  let at = parent.start;
  while (at < parent.end) {
    const child = derItemAt(der, at, parent.end);
    if (child === null) return null;
    children.push(child);
    at = child.end;
  }
  return children;
}

export const DER_INTEGER = 0x02;
export const DER_OID = 0x06;
export const DER_SEQUENCE = 0x30;
export const DER_SET = 0x31;
/** [0] EXPLICIT, constructed: the version field of a TBSCertificate. */
export const DER_CONTEXT_0 = 0xa0;

/** A dotted OID string, or null when the encoding is not a valid OID. */
export function derOid(der: Uint8Array, item: DerItem): string | null {
  if (item.tag !== DER_OID || item.end <= item.start) return null;
  const arcs: number[] = [];
  let value = 0;
  for (let i = item.start; i < item.end; i++) {
    const byte = der[i] ?? 0;
    // Arcs beyond 2^53 do not occur in signature algorithms or name attributes.
    if (value > Number.MAX_SAFE_INTEGER / 128) return null;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    } else if (i === item.end - 1) {
      return null;
    }
  }
  const [head, ...rest] = arcs;
  if (head === undefined) return null;
  const first = head < 80 ? Math.floor(head / 40) : 2;
  return [first, head - first * 40, ...rest].join('.');
}

/** An INTEGER as Java's BigInteger(byte[]) reads it: two's complement, so a leading 1 bit is negative. */
export function derSignedInteger(der: Uint8Array, item: DerItem): bigint | null {
  if (item.tag !== DER_INTEGER || item.end <= item.start) return null;
  let value = 0n;
  for (let i = item.start; i < item.end; i++) value = (value << 8n) | BigInt(der[i] ?? 0);
  const negative = ((der[item.start] ?? 0) & 0x80) !== 0;
  return negative ? value - (1n << BigInt((item.end - item.start) * 8)) : value;
}
