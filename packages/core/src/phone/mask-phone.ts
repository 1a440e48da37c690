/**
 * Masks a phone number for logs and default display: keeps the first three
 * and last four digits of an 11-digit mainland number (`138****2222`); for
 * other lengths keeps at most the last four and never more than a third.
 *
 * @example
 * ```ts
 * maskPhone('13811112222'); // '138****2222'
 * maskPhone('+8613811112222'); // '+86138****2222'
 * ```
 */
export function maskPhone(phone: string): string {
  const match = /^(\+?\d{1,3}-|\+\d{1,3}(?=1\d{10}$)|\+)?(\d+)$/.exec(phone.trim());
  if (match === null) return '****';
  const prefix = match[1] ?? '';
  const digits = match[2] ?? '';
  // A bare '+' number too short to be E.164 with a country code: show nothing.
  if (prefix === '+' && digits.length < 8) return '****';
  if (digits.length >= 11) return `${prefix}${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
  const keep = Math.min(4, Math.floor(digits.length / 3));
  return `${prefix}${'*'.repeat(digits.length - keep)}${digits.slice(digits.length - keep)}`;
}
