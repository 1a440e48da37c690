import type { NormalisedPhone } from '@phonekit/core';

/** The 200 answer of both phone-number routes (Alipay and WeChat): one shape for clients of either. */
export function phoneJson(phone: NormalisedPhone): Record<string, unknown> {
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
