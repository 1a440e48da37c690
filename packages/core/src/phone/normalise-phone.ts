import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { PhonekitError } from '../errors/phonekit-error';
import { maskPhone } from './mask-phone';

/** A phone number in every form a backend needs. */
export interface NormalisedPhone {
  /** As the platform sent it: `13811112222` or `1-1234432112`. */
  readonly mobile: string;
  /** Country calling code without '+': `86`, `1`. */
  readonly countryCode: string;
  /** The national significant number: `13811112222`, `1234432112`. */
  readonly nationalNumber: string;
  /** `+8613811112222`. */
  readonly e164: string;
  /** ISO region when it is unambiguous (`CN`, `US`), else undefined. */
  readonly region: string | undefined;
  /** Whether libphonenumber-js considers the number valid for its region. */
  readonly valid: boolean;
  /** For display and logs: `138****2222`. */
  readonly masked: string;
}

const invalid = (): PhonekitError => new PhonekitError('PHONE_INVALID');

function build(mobile: string, countryCode: string, nationalNumber: string, defaultRegion?: CountryCode): NormalisedPhone {
  const parsed = parsePhoneNumberFromString(`+${countryCode}${nationalNumber}`) ?? (defaultRegion === undefined ? undefined : parsePhoneNumberFromString(nationalNumber, defaultRegion));
  if (parsed === undefined || parsed.countryCallingCode !== countryCode) throw invalid();
  return {
    mobile,
    countryCode: parsed.countryCallingCode,
    nationalNumber: parsed.nationalNumber,
    e164: parsed.number,
    region: parsed.country,
    valid: parsed.isValid(),
    masked: maskPhone(mobile),
  };
}

/**
 * Normalises the `mobile` of a platform answer. Mainland numbers come bare
 * (`13811112222`), overseas ones as `<country code>-<number>`
 * (`1-1234432112`). Uses libphonenumber-js's metadata, not hand-written tables.
 * Throws PHONE_INVALID when the text is not a phone number at all.
 *
 * @example
 * ```ts
 * normalisePhone('13811112222').e164; // '+8613811112222'
 * normalisePhone('1-1234432112').countryCode; // '1'
 * ```
 */
export function normalisePhone(mobile: string): NormalisedPhone {
  const text = mobile.trim();
  const overseas = /^\+?(\d{1,3})-(\d{4,14})$/.exec(text);
  if (overseas !== null) return build(text, overseas[1] ?? '', overseas[2] ?? '');
  const e164 = /^\+(\d{6,15})$/.exec(text);
  if (e164 !== null) {
    const parsed = parsePhoneNumberFromString(text);
    if (parsed === undefined) throw invalid();
    return build(text, parsed.countryCallingCode, parsed.nationalNumber);
  }
  if (!/^\d{5,15}$/.test(text)) throw invalid();
  return build(text, '86', text, 'CN');
}

/**
 * Normalises a number given as separate parts, as WeChat's phone_info does
 * (`countryCode` may arrive as a number).
 *
 * @example
 * ```ts
 * normalisePhoneParts(86, '13811112222').e164; // '+8613811112222'
 * ```
 */
export function normalisePhoneParts(countryCode: string | number, nationalNumber: string): NormalisedPhone {
  const cc = String(countryCode).replace(/^\+/, '').trim();
  const national = nationalNumber.trim();
  if (!/^\d{1,3}$/.test(cc) || !/^\d{4,14}$/.test(national)) throw invalid();
  return build(cc === '86' ? national : `${cc}-${national}`, cc, national);
}
