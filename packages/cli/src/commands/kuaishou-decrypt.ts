import { decryptKuaishouEncryptedData } from '@phonekit/core';
import { sessionKeyDecryptCommand, sessionKeyDecryptHelp, sessionKeyHints, type SessionKeyPlatform } from '../lib/session-key-decrypt';

// Kuaishou encrypts as WeChat does (AES-128-CBC, PKCS#7, key = the 16-byte
// session_key from code2session, iv from the event:
// https://mp.kuaishou.com/docs/develop/server/userInfo/userEncryptedData.html), but its data
// carries no watermark to check (core's decrypt-kuaishou-data.ts says why), so --app-id is
// optional and checks nothing, and there is no --max-age. Its SDKs read phoneNumber and
// countryCode (core's comment), so a bare phoneNumber counts as a phone here too.
const KUAISHOU: SessionKeyPlatform = {
  word: 'kuaishou',
  owner: { option: 'app-id', help: "this mini-program's AppID; accepted, but Kuaishou's data has no watermark to check it against.", checked: false },
  login: 'code2session',
  sessionKeyBytes: 16,
  maxAge: false,
  about: `
Decrypts the encryptedData of a Kuaishou mini-program's getPhoneNumber button
event (AES-128-CBC with the user's session_key) and prints the decrypted JSON
object on stdout, whatever it holds:

  {"phoneNumber": "...", "countryCode": "86", ...}

Kuaishou's data carries no watermark: nothing in it names the app it was
made for, so a wrong --app-id cannot be noticed; a wrong session_key is.

Data that decrypts but holds no phone number (ks.getUserInfo data is
encrypted the same way) is printed too, and stderr says there is no phone in it.`,
  sameCipher: 'ks.getUserInfo data is encrypted the same way.',
  phoneShapes: ['parts', 'phoneNumber'],
  codes: {
    sessionKeyInvalid: 'KUAISHOU_SESSION_KEY_INVALID',
    ivInvalid: 'KUAISHOU_IV_INVALID',
    encryptedDataInvalid: 'KUAISHOU_ENCRYPTED_DATA_INVALID',
    decryptionFailed: 'KUAISHOU_DECRYPTION_FAILED',
  },
  hints: sessionKeyHints({ login: 'code2session', sessionKeyBytes: 16, sessionKeyInvalid: 'KUAISHOU_SESSION_KEY_INVALID', ivInvalid: 'KUAISHOU_IV_INVALID' }),
  decrypt: (input) => decryptKuaishouEncryptedData({ encryptedData: input.encryptedData, iv: input.iv, sessionKey: input.sessionKey, appId: input.owner }),
};

export const KUAISHOU_DECRYPT_HELP = sessionKeyDecryptHelp(KUAISHOU);

/** `phonekit kuaishou decrypt`: decrypt a Kuaishou mini-program's getPhoneNumber encryptedData. */
export const kuaishouDecrypt = sessionKeyDecryptCommand(KUAISHOU);
