import { decryptSessionKeyData, sessionDataPhone, type DecryptSessionDataInput, type SessionDataPlatform } from '../lib/session-key-data';
import type { NormalisedPhone } from '../phone/normalise-phone';

/**
 * Douyin's legacy getPhoneNumber flow: tt.getPhoneNumber's button event gives
 * encryptedData and iv, decrypted with the session_key from code2Session:
 * AES-128-CBC, PKCS#7, key = Base64_Decode(session_key) (16 bytes), iv =
 * Base64_Decode(iv)
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-game/develop/api/open-capacity/user-information/info/sensitive-data-process,
 * "解密敏感数据"). The plaintext holds phoneNumber, purePhoneNumber,
 * countryCode and watermark { appid, timestamp }
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/acquire-phone-number-acquire,
 * "数据解密"; the appid is the mini-program's tt… id, as in
 * https://partner.open-douyin.com/docs/resource/zh-CN/developer/tools/cloud/develop-guide/invoke-sever/decrypt).
 */
const DOUYIN: SessionDataPlatform = {
  name: 'Douyin',
  codes: {
    sessionKeyInvalid: 'DOUYIN_SESSION_KEY_INVALID',
    ivInvalid: 'DOUYIN_IV_INVALID',
    encryptedDataInvalid: 'DOUYIN_ENCRYPTED_DATA_INVALID',
    decryptionFailed: 'DOUYIN_DECRYPTION_FAILED',
  },
  watermark: { watermarkMismatch: 'DOUYIN_WATERMARK_MISMATCH', dataExpired: 'DOUYIN_DATA_EXPIRED' },
};

/**
 * Decrypts a Douyin mini-program's legacy encrypted data (AES-128-CBC under
 * the user's session_key) and checks `watermark.appid` (and, with
 * maxAgeSeconds, its age), returning the decrypted object whatever it holds.
 * For the current flow (a code exchanged at get_phonenumber_info, data under
 * the application key pair) see decryptDouyinPhoneInfo.
 *
 * Text that is not base64 of whole blocks is DOUYIN_ENCRYPTED_DATA_INVALID;
 * a wrong key, a wrong iv or a damaged buffer are one error,
 * DOUYIN_DECRYPTION_FAILED; a watermark for another app is
 * DOUYIN_WATERMARK_MISMATCH; old data is DOUYIN_DATA_EXPIRED.
 *
 * @example
 * ```ts
 * const data = decryptDouyinEncryptedData({ encryptedData, iv, sessionKey, appId: 'tt0123456789abcdef' });
 * data['watermark']; // { appid: 'tt0123456789abcdef', timestamp: 1735689600 }
 * ```
 */
export function decryptDouyinEncryptedData(input: DecryptSessionDataInput): Record<string, unknown> {
  return decryptSessionKeyData(input, DOUYIN);
}

/**
 * Decrypts Douyin's legacy getPhoneNumber encryptedData (as
 * decryptDouyinEncryptedData) and reads the phone number
 * (`purePhoneNumber` and `countryCode`). Data that decrypts but holds no
 * phone number is PHONE_INVALID.
 *
 * @example
 * ```ts
 * const { phone } = decryptDouyinPhoneData({ encryptedData, iv, sessionKey, appId: 'tt0123456789abcdef' });
 * phone.e164; // '+8613811112222'
 * ```
 */
export function decryptDouyinPhoneData(input: DecryptSessionDataInput): { data: Record<string, unknown>; phone: NormalisedPhone } {
  const data = decryptDouyinEncryptedData(input);
  return { data, phone: sessionDataPhone(data) };
}
