function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/**
 * Masks a phone number for display, the way the server's `masked` field does:
 * an 11-digit mainland number keeps its first three and last four digits
 * (`138****2222`); anything else keeps at most its last four digits and any
 * leading `+86` / `1-` style prefix. Used only when the server sent no `masked`.
 *
 * @example
 * ```ts
 * maskPhone('13811112222'); // '138****2222'
 * maskPhone('1-1234432112'); // '1-*******112'
 * ```
 */
export function maskPhone(phone: string): string {
  const text = phone.trim();
  // Split off a country prefix written as "+86" before an 11-digit number or "1-" before the rest.
  let prefix = '';
  let digits = text;
  const dash = text.indexOf('-');
  if (dash > 0 && dash <= 4) {
    prefix = text.slice(0, dash + 1);
    digits = text.slice(dash + 1);
  } else if (text.charAt(0) === '+' && text.length > 12) {
    prefix = text.slice(0, text.length - 11);
    digits = text.slice(text.length - 11);
  }
  for (let i = 0; i < digits.length; i += 1) {
    if (!isDigit(digits.charAt(i))) return '****';
  }
  if (digits.length === 0) return '****';
  if (digits.length >= 11) {
    return prefix + digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
  }
  const keep = Math.min(4, Math.floor(digits.length / 3));
  return prefix + '*'.repeat(digits.length - keep) + digits.slice(digits.length - keep);
}
