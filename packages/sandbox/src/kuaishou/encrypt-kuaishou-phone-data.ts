import { encryptAes128OpenData, phoneJson, type EncryptedOpenData } from '../lib/encrypt-open-data';

export interface EncryptKuaishouPhoneDataInput {
  /** `13811112222`, or `1-2125550123` for an overseas number. */
  readonly phone: string;
  /** The user's current session_key: base64 of 16 bytes. */
  readonly sessionKey: string;
  readonly iv?: string;
  /** Adds `watermark: {appid, timestamp}` (not confirmed for Kuaishou: off unless asked for). */
  readonly watermark?: { readonly appId: string; readonly timestamp?: number };
}

/**
 * The getPhoneNumber `encryptedData`/`iv` of a Kuaishou mini-program:
 * AES-128-CBC with the session_key, PKCS#7, base64
 * (https://mp.kuaishou.com/docs/develop/functionAccessGuide/getUserPhoneNumber.html: 获取到快手服务器返回的加密数据,
 * 然后在第三方服务端结合 session_key 以及 app_id 进行解密获取手机号), over
 * `{phoneNumber, purePhoneNumber, countryCode}`. The Kuaishou SDKs read
 * phoneNumber and countryCode (NeverRetrun/kuaishou-mini-app MobileDecryptResult); whether Kuaishou adds
 * WeChat's watermark was not found, so it is optional here.
 *
 * @example
 * ```ts
 * const { encryptedData, iv } = encryptKuaishouPhoneData({ phone: '13811112222', sessionKey });
 * ```
 */
export function encryptKuaishouPhoneData(input: EncryptKuaishouPhoneDataInput): EncryptedOpenData {
  const watermark = input.watermark === undefined ? undefined : { appid: input.watermark.appId, timestamp: input.watermark.timestamp ?? Math.floor(Date.now() / 1000) };
  return encryptAes128OpenData(phoneJson(input.phone, watermark), input.sessionKey, input.iv);
}
