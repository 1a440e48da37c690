import type { PhoneNumberInput } from '../../src';

/**
 * A distinct, valid Chinese mobile number for each n (n < 20000), spread over
 * the 13x-19x ranges so they do not all share a prefix.
 */
export function chinaMobile(n: number): PhoneNumberInput {
  const nationalNumber = `1${3 + (n % 7)}${String(48_271 * (n + 1)).padStart(9, '0')}`;
  return { e164: `+86${nationalNumber}`, countryCode: '86', nationalNumber };
}

/** A distinct UK mobile number for each n (n < 1000000), from Ofcom's drama range. */
export function ukMobile(n: number): PhoneNumberInput {
  const nationalNumber = `7700${String(900_000 + n).slice(-6)}`;
  return { e164: `+44${nationalNumber}`, countryCode: '44', nationalNumber };
}
