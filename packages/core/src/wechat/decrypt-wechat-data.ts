import { PhonekitError } from '../errors/phonekit-error';
import { normalisePhoneParts, type NormalisedPhone } from '../phone/normalise-phone';
import { decryptWechatEncryptedData, type DecryptWechatDataInput } from './decrypt-wechat-encrypted-data';

export type { DecryptWechatDataInput } from './decrypt-wechat-encrypted-data';

/** What WeChat's legacy getPhoneNumber encryptedData decrypts to. */
export interface WechatPhoneData {
  readonly phoneNumber: string;
  readonly purePhoneNumber: string;
  readonly countryCode: string;
  readonly watermark: { readonly appid: string; readonly timestamp: number };
}

/**
 * Decrypts WeChat's legacy getPhoneNumber data (AES-128-CBC, base64
 * session_key and iv, PKCS#7), checks `watermark.appid` (and optionally its
 * age) and reads the phone number.
 * Text that is not base64 of whole blocks is WECHAT_ENCRYPTED_DATA_INVALID;
 * wrong key, wrong iv or a damaged buffer are one error,
 * WECHAT_DECRYPTION_FAILED; a watermark for another app is
 * WECHAT_WATERMARK_MISMATCH; old data is WECHAT_DATA_EXPIRED; data that
 * decrypts but holds no phone number (getUserInfo data, say) is PHONE_INVALID.
 *
 * @example
 * ```ts
 * const { data, phone } = decryptWechatData({ encryptedData, iv, sessionKey, appId: 'wx0123456789abcdef' });
 * phone.e164; // '+8613811112222'
 * ```
 */
export function decryptWechatData(input: DecryptWechatDataInput): { data: WechatPhoneData; phone: NormalisedPhone } {
  const record = decryptWechatEncryptedData(input);
  const purePhoneNumber = record['purePhoneNumber'];
  const countryCode = record['countryCode'];
  if (typeof purePhoneNumber !== 'string' || (typeof countryCode !== 'string' && typeof countryCode !== 'number')) {
    throw new PhonekitError('PHONE_INVALID', {
      message: 'The data decrypts but holds no phone number (no purePhoneNumber and countryCode): it is not the encryptedData of a getPhoneNumber button.',
    });
  }
  const phone = normalisePhoneParts(countryCode, purePhoneNumber);
  const watermark = record['watermark'];
  const timestamp = typeof watermark === 'object' && watermark !== null && 'timestamp' in watermark ? watermark.timestamp : undefined;
  return {
    data: {
      phoneNumber: typeof record['phoneNumber'] === 'string' ? record['phoneNumber'] : purePhoneNumber,
      purePhoneNumber,
      countryCode: String(countryCode),
      watermark: { appid: input.appId, timestamp: typeof timestamp === 'number' ? timestamp : 0 },
    },
    phone,
  };
}
