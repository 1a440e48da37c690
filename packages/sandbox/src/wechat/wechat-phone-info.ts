/**
 * A phone number the way WeChat describes one, in `phone_info` and in the
 * legacy encryptedData: `purePhoneNumber` without the country code,
 * `phoneNumber` with it for overseas numbers.
 */
export interface WechatPhoneInfo {
  readonly phoneNumber: string;
  readonly purePhoneNumber: string;
  /** WeChat documents a string (`"86"`); some clients and proxies hand on a number. */
  readonly countryCode: string | number;
}

const MAINLAND = /^\d{5,15}$/;
const OVERSEAS = /^\+?(\d{1,3})-(\d{4,14})$/;

/** @returns whether `phone` is a number the sandbox can play: `13811112222` or `1-2125550123`. */
export function isSandboxPhone(phone: string): boolean {
  return MAINLAND.test(phone) || OVERSEAS.test(phone);
}

/**
 * Splits a sandbox phone (`13811112222`, or `1-2125550123` for overseas) into
 * WeChat's fields.
 *
 * @example
 * ```ts
 * wechatPhoneInfo('1-2125550123'); // { phoneNumber: '+12125550123', purePhoneNumber: '2125550123', countryCode: '1' }
 * ```
 */
export function wechatPhoneInfo(phone: string, options: { countryCodeAsNumber?: boolean } = {}): WechatPhoneInfo {
  const text = phone.trim();
  const overseas = OVERSEAS.exec(text);
  let countryCode: string;
  let purePhoneNumber: string;
  if (overseas !== null) {
    countryCode = overseas[1] ?? '';
    purePhoneNumber = overseas[2] ?? '';
  } else if (MAINLAND.test(text)) {
    countryCode = '86';
    purePhoneNumber = text;
  } else {
    throw new TypeError('phone must look like 13811112222 or 1-2125550123');
  }
  return {
    phoneNumber: countryCode === '86' ? purePhoneNumber : `+${countryCode}${purePhoneNumber}`,
    purePhoneNumber,
    countryCode: options.countryCodeAsNumber === true ? Number(countryCode) : countryCode,
  };
}
