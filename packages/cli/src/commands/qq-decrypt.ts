import { decryptQqEncryptedData } from '@phonekit/core';
import { sessionKeyDecryptCommand, sessionKeyDecryptHelp, sessionKeyHints, type SessionKeyPlatform } from '../lib/session-key-decrypt';

// QQ encrypts open data as WeChat does: AES-128-CBC, PKCS#7, key = the
// 16-byte session_key, with watermark.appid (QQ 小程序 开放数据校验和解密,
// q.qq.com/wiki; mirrored at https://www.w3cschool.cn/qqxiaochengxu/qqxiaochengxu-enk8386s.html).
// The session_key comes from code2Session, GET https://api.q.qq.com/sns/jscode2session
// (https://w3cschool.cn/qqxiaochengxu/qqxiaochengxu-c5fl3875.html).
const QQ: SessionKeyPlatform = {
  word: 'qq',
  owner: { option: 'app-id', help: "this mini-program's AppID: watermark.appid must equal it.", checked: true },
  login: 'code2Session',
  sessionKeyBytes: 16,
  maxAge: true,
  about: `
Decrypts the encryptedData of a QQ mini-program's getPhoneNumber button
event (AES-128-CBC with the user's session_key, as WeChat does), checks
watermark.appid and prints the decrypted JSON object on stdout, whatever it
holds:

  {"phoneNumber": "...", "purePhoneNumber": "...", "countryCode": "86",
   "watermark": {"appid": "...", "timestamp": ...}}

Data that decrypts but holds no phone number (qq.getUserInfo data is
encrypted the same way) is printed too, and stderr says there is no phone in it.`,
  sameCipher: 'qq.getUserInfo and qq.getShareInfo data are encrypted the same way.',
  phoneShapes: ['parts'],
  codes: {
    sessionKeyInvalid: 'QQ_SESSION_KEY_INVALID',
    ivInvalid: 'QQ_IV_INVALID',
    encryptedDataInvalid: 'QQ_ENCRYPTED_DATA_INVALID',
    decryptionFailed: 'QQ_DECRYPTION_FAILED',
  },
  hints: sessionKeyHints({
    login: 'code2Session',
    sessionKeyBytes: 16,
    sessionKeyInvalid: 'QQ_SESSION_KEY_INVALID',
    ivInvalid: 'QQ_IV_INVALID',
    watermarkMismatch: 'QQ_WATERMARK_MISMATCH',
    dataExpired: 'QQ_DATA_EXPIRED',
  }),
  decrypt: (input) => decryptQqEncryptedData({ encryptedData: input.encryptedData, iv: input.iv, sessionKey: input.sessionKey, appId: input.owner, maxAgeSeconds: input.maxAgeSeconds }),
};

export const QQ_DECRYPT_HELP = sessionKeyDecryptHelp(QQ);

/** `phonekit qq decrypt`: decrypt a QQ mini-program's getPhoneNumber encryptedData. */
export const qqDecrypt = sessionKeyDecryptCommand(QQ);
