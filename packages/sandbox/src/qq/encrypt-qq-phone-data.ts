import { encryptAes128OpenData, phoneJson, type EncryptedOpenData } from '../lib/encrypt-open-data';

export interface EncryptQqPhoneDataInput {
  /** `13811112222`, or `1-2125550123` for an overseas number. */
  readonly phone: string;
  /** The mini-program's appid (10 digits), written into `watermark.appid`. */
  readonly appId: string;
  /** The user's current session_key: base64 of 16 bytes. */
  readonly sessionKey: string;
  readonly iv?: string;
  readonly timestamp?: number;
}

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
  const plain = phoneJson(input.phone, { appid: input.appId, timestamp: input.timestamp ?? Math.floor(Date.now() / 1000) });
  return encryptAes128OpenData(plain, input.sessionKey, input.iv);
}
