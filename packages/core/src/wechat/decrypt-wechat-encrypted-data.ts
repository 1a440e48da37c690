import { decryptSessionKeyData, type SessionDataPlatform } from '../lib/session-key-data';

export interface DecryptWechatDataInput {
  /** base64, as the button event gave it (line breaks and spaces from a log are ignored). */
  readonly encryptedData: string;
  /** base64 of 16 bytes, as the button event gave it. */
  readonly iv: string;
  /** base64 of 16 bytes, from jscode2session. Never leaves the server. */
  readonly sessionKey: string;
  /** This mini-program's appid: `watermark.appid` must equal it. */
  readonly appId: string;
  /** Refuse data whose watermark.timestamp is older than this many seconds. */
  readonly maxAgeSeconds?: number;
  /** For tests: the current time in ms. */
  readonly now?: number;
}

/**
 * WeChat's legacy encrypted data: AES-128-CBC under the session_key, PKCS#7,
 * with `watermark: { appid, timestamp }` in the plaintext
 * (https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/signature.html).
 */
const WECHAT: SessionDataPlatform = {
  name: 'WeChat',
  codes: {
    sessionKeyInvalid: 'WECHAT_SESSION_KEY_INVALID',
    ivInvalid: 'WECHAT_IV_INVALID',
    encryptedDataInvalid: 'WECHAT_ENCRYPTED_DATA_INVALID',
    decryptionFailed: 'WECHAT_DECRYPTION_FAILED',
  },
  watermark: { watermarkMismatch: 'WECHAT_WATERMARK_MISMATCH', dataExpired: 'WECHAT_DATA_EXPIRED' },
};

/**
 * Decrypts WeChat's legacy encrypted data (AES-128-CBC under the user's
 * session_key, PKCS#7) and checks `watermark.appid` (and optionally its age),
 * returning the decrypted object whatever it holds: getPhoneNumber,
 * getUserInfo and wx.getWeRunData data are all encrypted this way.
 * decryptWechatData reads the phone number out of it.
 *
 * Text that is not base64 of whole blocks is WECHAT_ENCRYPTED_DATA_INVALID;
 * a wrong key, a wrong iv or a damaged buffer are one error,
 * WECHAT_DECRYPTION_FAILED; a watermark for another app is
 * WECHAT_WATERMARK_MISMATCH; old data is WECHAT_DATA_EXPIRED.
 *
 * @example
 * ```ts
 * const data = decryptWechatEncryptedData({ encryptedData, iv, sessionKey, appId: 'wx0123456789abcdef' });
 * data['watermark']; // { appid: 'wx0123456789abcdef', timestamp: 1735689600 }
 * ```
 */
export function decryptWechatEncryptedData(input: DecryptWechatDataInput): Record<string, unknown> {
  return decryptSessionKeyData(input, WECHAT);
}
