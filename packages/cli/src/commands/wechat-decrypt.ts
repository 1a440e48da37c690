import { decryptWechatEncryptedData } from '@phonekit/core';
import { sessionKeyDecryptCommand, sessionKeyDecryptHelp, type SessionKeyPlatform } from '../lib/session-key-decrypt';

// The fixes of WECHAT_* codes worded for the command line are in lib/cli-hints.ts.
const WECHAT: SessionKeyPlatform = {
  word: 'wechat',
  owner: { option: 'app-id', help: "this mini-program's AppID: watermark.appid must equal it.", checked: true },
  login: 'jscode2session',
  sessionKeyBytes: 16,
  maxAge: true,
  about: `
Decrypts the encryptedData of WeChat's legacy getPhoneNumber button event
(AES-128-CBC with the user's session_key), checks watermark.appid and prints
the decrypted JSON object on stdout, whatever it holds:

  {"phoneNumber": "...", "purePhoneNumber": "...", "countryCode": "86",
   "watermark": {"appid": "...", "timestamp": ...}}

Data that decrypts but holds no phone number (getUserInfo data is encrypted
the same way) is printed too, and stderr says there is no phone in it.`,
  sameCipher: 'getUserInfo and wx.getWeRunData data are encrypted the same way.',
  phoneShapes: ['parts'],
  codes: {
    sessionKeyInvalid: 'WECHAT_SESSION_KEY_INVALID',
    ivInvalid: 'WECHAT_IV_INVALID',
    encryptedDataInvalid: 'WECHAT_ENCRYPTED_DATA_INVALID',
    decryptionFailed: 'WECHAT_DECRYPTION_FAILED',
  },
  hints: {},
  decrypt: (input) => decryptWechatEncryptedData({ encryptedData: input.encryptedData, iv: input.iv, sessionKey: input.sessionKey, appId: input.owner, maxAgeSeconds: input.maxAgeSeconds }),
};

export const WECHAT_DECRYPT_HELP = sessionKeyDecryptHelp(WECHAT);

/** `phonekit wechat decrypt`: decrypt a legacy getPhoneNumber encryptedData. */
export const wechatDecrypt = sessionKeyDecryptCommand(WECHAT);
