const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Decodes the base64 (or base64url) text of exactly 32 bytes, or answers
 * undefined. Non-canonical text (stray bits in the last character, a wrong
 * length) is refused rather than silently truncated into another key.
 */
export function decodeKey32(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bare = text.replace(/=+$/, '');
  const standard = bare.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Buffer.from(standard, 'base64');
  if (bytes.length !== 32) return undefined;
  if (bytes.toString('base64').replace(/=+$/, '') !== standard) return undefined;
  return bytes;
}
