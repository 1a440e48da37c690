import { decryptBaiduEncryptedData } from '@phonekit/core';
import { sessionKeyDecryptCommand, sessionKeyDecryptHelp, sessionKeyHints, type SessionKeyPlatform } from '../lib/session-key-decrypt';

// Baidu smart programs: AES-192-CBC, PKCS#7, key = Base64_Decode(session_key) of
// 24 bytes, iv from the event; the plaintext is 16 random bytes, a 4-byte
// big-endian length, the data, then the app_key (用户数据的签名验证和加解密,
// https://smartprogram.baidu.com/docs/develop/api/open/log_userdata/; copy at
// https://www.bookstack.cn/read/smartprogram-20210306/a9bf6869d062a226.md). Its PHP sample unpads
// 32-byte blocks. getPhoneNumber data is {"mobile": "..."} (core's decrypt-baidu-data.ts cites the SDKs).
// The session_key comes from POST https://spapi.baidu.com/oauth/jscode2sessionkey
// (client_id = the App Key, sk = the App Secret).
const BAIDU: SessionKeyPlatform = {
  word: 'baidu',
  owner: { option: 'app-key', help: "this smart program's App Key: the decrypted data ends with it.", checked: true },
  login: 'jscode2sessionkey',
  sessionKeyBytes: 24,
  maxAge: false,
  about: `
Decrypts the encryptedData of a Baidu smart program's getPhoneNumber button
event (AES-192-CBC with the user's 24-byte session_key), checks that the App
Key at its end is this app's and prints the decrypted JSON object on stdout,
whatever it holds. Baidu's plaintext is 16 random bytes, the data's length,
the data and the App Key; only the data is printed.

Data that decrypts but holds no phone number (swan.getUserInfo data is
encrypted the same way) is printed too, and stderr says there is no phone in it.`,
  sameCipher: 'swan.getUserInfo data is encrypted the same way.',
  phoneShapes: ['mobile'],
  codes: {
    sessionKeyInvalid: 'BAIDU_SESSION_KEY_INVALID',
    ivInvalid: 'BAIDU_IV_INVALID',
    encryptedDataInvalid: 'BAIDU_ENCRYPTED_DATA_INVALID',
    decryptionFailed: 'BAIDU_DECRYPTION_FAILED',
  },
  hints: {
    ...sessionKeyHints({ login: 'jscode2sessionkey', sessionKeyBytes: 24, sessionKeyInvalid: 'BAIDU_SESSION_KEY_INVALID', ivInvalid: 'BAIDU_IV_INVALID' }),
    BAIDU_APP_KEY_MISMATCH: {
      hint: "The data ends with another smart program's App Key: give this app's App Key (the client_id of jscode2sessionkey, under 开发设置 in the Baidu smart program console) as --app-key, or decrypt data from the app --app-key names.",
      hintZh: '数据末尾的 App Key 属于其他智能小程序：请用 --app-key 传入本小程序的 App Key（即 jscode2sessionkey 的 client_id，见智能小程序开发者平台“开发设置”），或解密 --app-key 所指小程序的数据。',
    },
  },
  decrypt: (input) => decryptBaiduEncryptedData({ encryptedData: input.encryptedData, iv: input.iv, sessionKey: input.sessionKey, appKey: input.owner }),
};

export const BAIDU_DECRYPT_HELP = sessionKeyDecryptHelp(BAIDU);

/** `phonekit baidu decrypt`: decrypt a Baidu smart program's getPhoneNumber encryptedData. */
export const baiduDecrypt = sessionKeyDecryptCommand(BAIDU);
