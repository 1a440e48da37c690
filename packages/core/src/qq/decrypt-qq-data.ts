import { decryptSessionKeyData, sessionDataPhone, type DecryptSessionDataInput, type SessionDataPlatform } from '../lib/session-key-data';
import type { NormalisedPhone } from '../phone/normalise-phone';

export type { DecryptSessionDataInput } from '../lib/session-key-data';

/**
 * QQ mini-programs encrypt open data exactly as WeChat does: AES-128-CBC,
 * PKCS#7, key = Base64_Decode(session_key) (16 bytes, from code2Session),
 * iv = Base64_Decode(iv), and a `watermark` (appid, timestamp) in the
 * plaintext to check it against: QQ's "开放数据校验和解密", section
 * "加密数据解密算法" (mirrored at https://www.w3cschool.cn/qqxiaochengxu/qqxiaochengxu-enk8386s.html;
 * QQ's user-data guide is https://q.qq.com/wiki/develop/miniprogram/frame/open_ability/open_userinfo.html,
 * which QQ SDKs cite for their Decrypt).
 */
const QQ: SessionDataPlatform = {
  name: 'QQ',
  codes: {
    sessionKeyInvalid: 'QQ_SESSION_KEY_INVALID',
    ivInvalid: 'QQ_IV_INVALID',
    encryptedDataInvalid: 'QQ_ENCRYPTED_DATA_INVALID',
    decryptionFailed: 'QQ_DECRYPTION_FAILED',
  },
  watermark: { watermarkMismatch: 'QQ_WATERMARK_MISMATCH', dataExpired: 'QQ_DATA_EXPIRED' },
};

/**
 * Decrypts a QQ mini-program's encrypted data (getPhoneNumber,
 * getUserInfo, getShareInfo: AES-128-CBC under the user's session_key) and
 * checks `watermark.appid` (and, with maxAgeSeconds, its age), returning the
 * decrypted object whatever it holds.
 *
 * Text that is not base64 of whole blocks is QQ_ENCRYPTED_DATA_INVALID; a
 * wrong key, a wrong iv or a damaged buffer are one error,
 * QQ_DECRYPTION_FAILED; a watermark for another app is QQ_WATERMARK_MISMATCH;
 * old data is QQ_DATA_EXPIRED.
 *
 * @example
 * ```ts
 * const data = decryptQqEncryptedData({ encryptedData, iv, sessionKey, appId: '1112345678' });
 * data['watermark']; // { appid: '1112345678', timestamp: 1735689600 }
 * ```
 */
export function decryptQqEncryptedData(input: DecryptSessionDataInput): Record<string, unknown> {
  return decryptSessionKeyData(input, QQ);
}

/**
 * Decrypts QQ's getPhoneNumber encryptedData (as decryptQqEncryptedData) and
 * reads the phone number from it (`purePhoneNumber` and `countryCode`, as
 * WeChat's). Data that decrypts but holds no phone number is PHONE_INVALID.
 *
 * @example
 * ```ts
 * const { phone } = decryptQqPhoneData({ encryptedData, iv, sessionKey, appId: '1112345678' });
 * phone.e164; // '+8613811112222'
 * ```
 */
export function decryptQqPhoneData(input: DecryptSessionDataInput): { data: Record<string, unknown>; phone: NormalisedPhone } {
  const data = decryptQqEncryptedData(input);
  return { data, phone: sessionDataPhone(data) };
}
