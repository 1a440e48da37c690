import { decryptDouyinEncryptedData } from '@phonekit/core';
import { sessionKeyDecryptCommand, sessionKeyDecryptHelp, sessionKeyHints, type SessionKeyPlatform } from '../lib/session-key-decrypt';

// Douyin's legacy getPhoneNumber event gives encryptedData and iv, decrypted on
// the server with the session_key of tt.login's code (AES-128-CBC, as WeChat):
// https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/acquire-phone-number-acquire
// ("使用前需先调用 tt.login ... 数据解密 参考敏感数据处理"). Base library 3.51.0 added the
// code flow (get_phonenumber_info, RSA): that is `phonekit douyin decrypt-phone`.
const DOUYIN: SessionKeyPlatform = {
  word: 'douyin',
  owner: { option: 'app-id', help: "this mini-program's AppID: watermark.appid must equal it.", checked: true },
  login: 'jscode2session',
  sessionKeyBytes: 16,
  maxAge: true,
  about: `
Decrypts the encryptedData of Douyin's legacy getPhoneNumber button event
(AES-128-CBC with the user's session_key from tt.login's code), checks
watermark.appid and prints the decrypted JSON object on stdout, whatever it
holds:

  {"phoneNumber": "...", "purePhoneNumber": "...", "countryCode": "86",
   "watermark": {"appid": "...", "timestamp": ...}}

Data that decrypts but holds no phone number (tt.getUserInfo data is
encrypted the same way) is printed too, and stderr says there is no phone in it.
The newer flow (a code for get_phonenumber_info, whose "data" is RSA-encrypted)
is 'phonekit douyin decrypt-phone'.`,
  sameCipher: 'tt.getUserInfo data is encrypted the same way.',
  phoneShapes: ['parts'],
  codes: {
    sessionKeyInvalid: 'DOUYIN_SESSION_KEY_INVALID',
    ivInvalid: 'DOUYIN_IV_INVALID',
    encryptedDataInvalid: 'DOUYIN_ENCRYPTED_DATA_INVALID',
    decryptionFailed: 'DOUYIN_DECRYPTION_FAILED',
  },
  hints: sessionKeyHints({
    login: 'jscode2session',
    sessionKeyBytes: 16,
    sessionKeyInvalid: 'DOUYIN_SESSION_KEY_INVALID',
    ivInvalid: 'DOUYIN_IV_INVALID',
    watermarkMismatch: 'DOUYIN_WATERMARK_MISMATCH',
    dataExpired: 'DOUYIN_DATA_EXPIRED',
  }),
  decrypt: (input) => decryptDouyinEncryptedData({ encryptedData: input.encryptedData, iv: input.iv, sessionKey: input.sessionKey, appId: input.owner, maxAgeSeconds: input.maxAgeSeconds }),
};

export const DOUYIN_DECRYPT_HELP = sessionKeyDecryptHelp(DOUYIN);

/** `phonekit douyin decrypt`: decrypt the encryptedData of Douyin's legacy getPhoneNumber event. */
export const douyinDecrypt = sessionKeyDecryptCommand(DOUYIN);
