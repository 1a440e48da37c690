import { encryptWatermarkedPhoneData, type EncryptedOpenData, type WatermarkedPhoneDataInput } from '../lib/encrypt-open-data';

/** `appId` is the mini-program's appid (10 digits). */
export type EncryptQqPhoneDataInput = WatermarkedPhoneDataInput;

/**
 * The getPhoneNumber `encryptedData`/`iv` of a QQ mini-program: WeChat's
 * scheme and JSON (AES-128-CBC with the session_key, PKCS#7,
 * `{phoneNumber, purePhoneNumber, countryCode, watermark: {appid, timestamp}}`).
 * QQ's page on the phone number (q.qq.com/wiki/develop/miniprogram/frame/open_ability) was not
 * found; the multi-platform kode/mini-app SDK decrypts QQ's data so and checks watermark.appid.
 *
 * @example
 * ```ts
 * const { encryptedData, iv } = encryptQqPhoneData({ phone: '13811112222', appId: '1109876543', sessionKey });
 * ```
 */
export function encryptQqPhoneData(input: EncryptQqPhoneDataInput): EncryptedOpenData {
  return encryptWatermarkedPhoneData(input);
}
