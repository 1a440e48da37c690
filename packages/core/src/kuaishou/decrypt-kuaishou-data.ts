import { decryptSessionKeyData, sessionDataPhone, type DecryptSessionDataInput, type SessionDataPlatform } from '../lib/session-key-data';
import type { NormalisedPhone } from '../phone/normalise-phone';

/**
 * Kuaishou: AES-128-CBC, PKCS#5 (PKCS#7 on 16-byte blocks), key =
 * Base64_Decode(session_key) (16 bytes, from code2session), iv =
 * Base64_Decode(iv) (https://mp.kuaishou.com/docs/develop/server/userInfo/userEncryptedData.html;
 * the button: https://mp.kuaishou.com/docs/develop/functionAccessGuide/getUserPhoneNumber.html).
 *
 * No watermark: Kuaishou's decryption page describes none, and the public
 * SDKs that read its phone data read phoneNumber and countryCode only, with
 * no appid check (NeverRetrun/kuaishou-mini-app
 * src/Handlers/Encryptor/MobileDecrypt/MobileDecryptResult.php, code-lives/Pays
 * src/Kuaishou.php decryptPhone). So none is demanded, and appId and
 * maxAgeSeconds are not checked.
 */
const KUAISHOU: SessionDataPlatform = {
  name: 'Kuaishou',
  codes: {
    sessionKeyInvalid: 'KUAISHOU_SESSION_KEY_INVALID',
    ivInvalid: 'KUAISHOU_IV_INVALID',
    encryptedDataInvalid: 'KUAISHOU_ENCRYPTED_DATA_INVALID',
    decryptionFailed: 'KUAISHOU_DECRYPTION_FAILED',
  },
};

/**
 * Decrypts a Kuaishou mini-program's encrypted data (AES-128-CBC under the
 * user's session_key), returning the decrypted object whatever it holds.
 *
 * Kuaishou's data carries no documented watermark, so unlike WeChat, QQ and
 * Douyin nothing in it is checked against `appId`, and `maxAgeSeconds` has
 * nothing to measure: both are accepted, for the shape every session_key
 * platform shares, and ignored.
 *
 * Text that is not base64 of whole blocks is KUAISHOU_ENCRYPTED_DATA_INVALID;
 * a wrong key, a wrong iv or a damaged buffer are one error,
 * KUAISHOU_DECRYPTION_FAILED.
 *
 * @example
 * ```ts
 * const data = decryptKuaishouEncryptedData({ encryptedData, iv, sessionKey, appId: 'ks123456789' });
 * data['phoneNumber']; // '13811112222'
 * ```
 */
export function decryptKuaishouEncryptedData(input: DecryptSessionDataInput): Record<string, unknown> {
  return decryptSessionKeyData(input, KUAISHOU);
}

/**
 * Decrypts Kuaishou's getPhoneNumber encryptedData (as
 * decryptKuaishouEncryptedData) and reads the phone number: `purePhoneNumber`
 * and `countryCode` when present, else `phoneNumber` (with `countryCode`, or
 * a bare mainland number). Data that decrypts but holds no phone number is
 * PHONE_INVALID.
 *
 * @example
 * ```ts
 * const { phone } = decryptKuaishouPhoneData({ encryptedData, iv, sessionKey, appId: 'ks123456789' });
 * phone.masked; // '138****2222'
 * ```
 */
export function decryptKuaishouPhoneData(input: DecryptSessionDataInput): { data: Record<string, unknown>; phone: NormalisedPhone } {
  const data = decryptKuaishouEncryptedData(input);
  return { data, phone: sessionDataPhone(data) };
}
