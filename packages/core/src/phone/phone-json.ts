import type { NormalisedPhone } from './normalise-phone';

/** A phone as phonekit answers it over HTTP and prints it in the CLI: one shape for both platforms. */
export interface PhoneJson {
  readonly mobile: string;
  readonly countryCode: string;
  readonly nationalNumber: string;
  readonly e164: string;
  readonly masked: string;
  readonly region: string | null;
  readonly valid: boolean;
}

/**
 * The JSON form of a normalised phone (`region` is null rather than absent).
 *
 * @example
 * ```ts
 * res.json(toPhoneJson(normalisePhone('13811112222'))); // {"mobile":"13811112222",...,"region":"CN","valid":true}
 * ```
 */
export function toPhoneJson(phone: NormalisedPhone): PhoneJson {
  return {
    mobile: phone.mobile,
    countryCode: phone.countryCode,
    nationalNumber: phone.nationalNumber,
    e164: phone.e164,
    masked: phone.masked,
    region: phone.region ?? null,
    valid: phone.valid,
  };
}
