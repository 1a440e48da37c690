import { createCipheriv, randomBytes } from 'node:crypto';
import { wechatPhoneInfo } from './wechat-phone-info';

export interface EncryptWechatPhoneDataInput {
  /** `13811112222`, or `1-2125550123` for an overseas number. */
  readonly phone: string;
  /** The mini-program's appid, written into `watermark.appid`. */
  readonly appId: string;
  /** The user's current session_key: base64 of 16 bytes, as jscode2session gave it. */
  readonly sessionKey: string;
  /** base64 of 16 bytes; random when omitted, as WeChat's are. */
  readonly iv?: string;
  /** `watermark.timestamp` in seconds; now when omitted. */
  readonly timestamp?: number;
}

export interface WechatEncryptedPhoneData {
  readonly encryptedData: string;
  readonly iv: string;
}

function base64Of16(value: string, name: string): Buffer {
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (bytes.length !== 16) throw new TypeError(`${name} must be base64 of 16 bytes`);
  return bytes;
}

/**
 * Produces the legacy `encryptedData`/`iv` of a getPhoneNumber event exactly
 * as WeChat does: the JSON `{phoneNumber, purePhoneNumber, countryCode,
 * watermark: {appid, timestamp}}`, AES-128-CBC with the session_key as key,
 * PKCS#7 padding, base64.
 *
 * @example
 * ```ts
 * const { encryptedData, iv } = encryptWechatPhoneData({ phone: '13811112222', appId: 'wx0123456789abcdef', sessionKey });
 * ```
 */
export function encryptWechatPhoneData(input: EncryptWechatPhoneDataInput): WechatEncryptedPhoneData {
  const key = base64Of16(input.sessionKey, 'sessionKey');
  const iv = input.iv === undefined ? randomBytes(16) : base64Of16(input.iv, 'iv');
  const info = wechatPhoneInfo(input.phone);
  const plain = JSON.stringify({
    phoneNumber: info.phoneNumber,
    purePhoneNumber: info.purePhoneNumber,
    countryCode: String(info.countryCode),
    watermark: { appid: input.appId, timestamp: input.timestamp ?? Math.floor(Date.now() / 1000) },
  });
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { encryptedData: encrypted.toString('base64'), iv: iv.toString('base64') };
}
