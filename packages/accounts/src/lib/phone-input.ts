import { AccountsError } from '../errors/accounts-error';
import type { PhoneNumberInput } from '../types';

const E164 = /^\+[1-9][0-9]{5,14}$/;
const COUNTRY_CODE = /^[1-9][0-9]{0,2}$/;
const NATIONAL_NUMBER = /^[0-9]{4,14}$/;

/** Checks the triple is what phonekit's normaliser answers; the message never repeats the number. */
export function assertPhoneNumber(phone: unknown): asserts phone is PhoneNumberInput {
  if (typeof phone !== 'object' || phone === null) throw new AccountsError('PHONE_INVALID');
  const { e164, countryCode, nationalNumber } = phone as Record<string, unknown>;
  if (typeof e164 !== 'string' || !E164.test(e164)) {
    throw new AccountsError('PHONE_INVALID', { message: 'e164 must be "+" and 6 to 15 digits.' });
  }
  if (typeof countryCode !== 'string' || !COUNTRY_CODE.test(countryCode)) {
    throw new AccountsError('PHONE_INVALID', { message: 'countryCode must be 1 to 3 digits, not starting with 0.' });
  }
  if (typeof nationalNumber !== 'string' || !NATIONAL_NUMBER.test(nationalNumber)) {
    throw new AccountsError('PHONE_INVALID', { message: 'nationalNumber must be 4 to 14 digits.' });
  }
  if (e164 !== `+${countryCode}${nationalNumber}`) {
    throw new AccountsError('PHONE_INVALID', { message: 'e164 must be "+" + countryCode + nationalNumber.' });
  }
}

export function assertE164(e164: unknown): asserts e164 is string {
  if (typeof e164 !== 'string' || !E164.test(e164)) {
    throw new AccountsError('PHONE_INVALID', { message: 'e164 must be "+" and 6 to 15 digits.' });
  }
}

/** The three fields only: what gets encrypted. */
export function phoneFields(phone: PhoneNumberInput): PhoneNumberInput {
  return { e164: phone.e164, countryCode: phone.countryCode, nationalNumber: phone.nationalNumber };
}
