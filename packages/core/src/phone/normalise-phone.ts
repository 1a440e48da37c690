import { PhoneNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
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

function fromParsed(mobile: string, parsed: PhoneNumber): NormalisedPhone {
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

function build(mobile: string, countryCode: string, nationalNumber: string, defaultRegion?: CountryCode): NormalisedPhone {
  const parsed = parsePhoneNumberFromString(`+${countryCode}${nationalNumber}`) ?? (defaultRegion === undefined ? undefined : parsePhoneNumberFromString(nationalNumber, defaultRegion));
  if (parsed === undefined || parsed.countryCallingCode !== countryCode) throw invalid();
  return fromParsed(mobile, parsed);
}

/**
 * An 11-digit mainland mobile: nearly every number Alipay sends. For these,
 * parsing `+86<digits>` keeps the digits as they are: CN's national prefix
 * for parsing (0, and the carrier codes 1[12]xx and 179xx) cannot match them.
 * test/normalise-phone-fast-path.test.ts checks both paths agree.
 */
const MAINLAND_MOBILE = /^1(?:[3-689]\d|7[0-8])\d{8}$/;

/** The prefixes MAINLAND_MOBILE takes: 130-169, 170-178, 180-199. */
const MAINLAND_PREFIXES = Array.from({ length: 70 }, (_, i) => String(130 + i)).filter((prefix) => MAINLAND_MOBILE.test(`${prefix}00000000`));

/**
 * Whether libphonenumber-js's metadata holds every mainland mobile valid and
 * CN's, which it does today (CN's number pattern takes any `1\d{10}`); asked
 * of the metadata itself, once, on the first mainland mobile: the lowest and
 * highest number of each prefix must parse as themselves, CN, valid. If a
 * metadata update ever makes validity depend on more than that, this says no
 * and every mainland mobile goes through libphonenumber-js as before.
 */
let metadataTakesEveryMainlandMobile: boolean | undefined;

function everyMainlandMobileValid(): boolean {
  metadataTakesEveryMainlandMobile ??= MAINLAND_PREFIXES.every((prefix) =>
    ['00000000', '99999999'].every((rest) => {
      const parsed = parsePhoneNumberFromString(`+86${prefix}${rest}`);
      return parsed !== undefined && parsed.number === `+86${prefix}${rest}` && parsed.nationalNumber === `${prefix}${rest}` && parsed.country === 'CN' && parsed.isValid();
    }),
  );
  return metadataTakesEveryMainlandMobile;
}

function mainlandMobile(mobile: string): NormalisedPhone {
  // What libphonenumber-js answers for these (see everyMainlandMobileValid),
  // without its PhoneNumber and its validity check: some 14,000 instructions
  // per number under callgrind, more than the rest of reading the answer.
  if (everyMainlandMobileValid()) {
    return { mobile, countryCode: '86', nationalNumber: mobile, e164: `+86${mobile}`, region: 'CN', valid: true, masked: maskPhone(mobile) };
  }
  const parsed = new PhoneNumber(`+86${mobile}`);
  // What the parser sets for +86, whose only region is CN.
  parsed.country = 'CN';
  return fromParsed(mobile, parsed);
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
  if (MAINLAND_MOBILE.test(text)) return mainlandMobile(text);
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
  if (cc === '86' && MAINLAND_MOBILE.test(national)) return mainlandMobile(national);
  return build(cc === '86' ? national : `${cc}-${national}`, cc, national);
}
