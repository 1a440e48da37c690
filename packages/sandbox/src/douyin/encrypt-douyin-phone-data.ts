import { constants, publicEncrypt } from 'node:crypto';
import { encryptWatermarkedPhoneData, phoneJson, type EncryptedOpenData, type WatermarkedPhoneDataInput } from '../lib/encrypt-open-data';

export interface EncryptDouyinPhoneNumberInfoInput {
  /** `13811112222`, or `1-2125550123` for an overseas number. */
  readonly phone: string;
  /** The mini-program's appid (`tt…`), written into `watermark.appid`. */
  readonly appId: string;
  /** The app public key the developer uploaded to Douyin (PEM, SPKI or PKCS#1). */
  readonly appPublicKeyPem: string;
  /** `watermark.timestamp` in seconds; now when omitted. */
  readonly timestamp?: number;
}

/**
 * The `data` of a get_phonenumber_info answer, as Douyin makes it: the JSON
 * `{phoneNumber, purePhoneNumber, countryCode, watermark: {appid, timestamp}}`
 * encrypted with the app's public key, RSA PKCS#1 v1.5, base64
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/new-phone-method:
 * 通过开发者…配置的应用公钥进行RSA非对称加密后的密文数据,需要开发者通过对应的应用私钥进行解密).
 * The JSON (about 130 bytes) fits one RSA-2048 block.
 *
 * @example
 * ```ts
 * const data = encryptDouyinPhoneNumberInfo({ phone: '13811112222', appId: 'tt0123456789abcdef', appPublicKeyPem });
 * ```
 */
export function encryptDouyinPhoneNumberInfo(input: EncryptDouyinPhoneNumberInfoInput): string {
  const plain = phoneJson(input.phone, { appid: input.appId, timestamp: input.timestamp ?? Math.floor(Date.now() / 1000) });
  return publicEncrypt({ key: input.appPublicKeyPem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plain, 'utf8')).toString('base64');
}

/** `appId` is the mini-program's appid (`tt…`); `sessionKey` as jscode2session gave it. */
export type EncryptDouyinPhoneDataInput = WatermarkedPhoneDataInput;

/**
 * The legacy `encryptedData`/`iv` of the getPhoneNumber event (still sent
 * beside `code`): WeChat's scheme, AES-128-CBC with the session_key, PKCS#7,
 * the same JSON with a `tt…` watermark
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/acquire-phone-number-acquire).
 */
export function encryptDouyinPhoneData(input: EncryptDouyinPhoneDataInput): EncryptedOpenData {
  return encryptWatermarkedPhoneData(input);
}
