import { createCipheriv, randomBytes } from 'node:crypto';
import { wechatPhoneInfo } from '../wechat/wechat-phone-info';
import { isStrictBase64 } from './strict-base64';

/** The `encryptedData`/`iv` pair of a getPhoneNumber event, both base64. */
export interface EncryptedOpenData {
  readonly encryptedData: string;
  readonly iv: string;
}

/** Decodes base64 of exactly `bytes` bytes, or throws a TypeError naming `name` (never echoing the value). */
export function base64OfLength(value: string, bytes: number, name: string): Buffer {
  const decoded = isStrictBase64(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (decoded.length !== bytes) throw new TypeError(`${name} must be base64 of ${bytes} bytes`);
  return decoded;
}

/**
 * AES-CBC over `plain` with PKCS#7 padding to `blockBytes`: 16 is the usual
 * padding (what openssl and WeChat do); Baidu pads to 32-byte blocks, so the
 * pad value runs from 1 to 32.
 */
export function encryptAesCbc(plain: Buffer, key: Buffer, iv: Buffer, blockBytes: 16 | 32 = 16): Buffer {
  const pad = blockBytes - (plain.length % blockBytes);
  const cipher = createCipheriv(`aes-${key.length * 8}-cbc`, key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]);
}

/** A base64 16-byte iv: the given one, checked, or a fresh random one as the platforms send. */
export function ivBytes(iv: string | undefined): Buffer {
  return iv === undefined ? randomBytes(16) : base64OfLength(iv, 16, 'iv');
}

/**
 * The phone JSON WeChat documents and the platforms that copied it send:
 * `{phoneNumber, purePhoneNumber, countryCode}` and, when a watermark is
 * given, `watermark: {appid, timestamp}`. Key order as WeChat's.
 */
export function phoneJson(phone: string, watermark: { readonly appid: string; readonly timestamp: number } | undefined): string {
  const info = wechatPhoneInfo(phone);
  return JSON.stringify({
    phoneNumber: info.phoneNumber,
    purePhoneNumber: info.purePhoneNumber,
    countryCode: String(info.countryCode),
    ...(watermark === undefined ? {} : { watermark: { appid: watermark.appid, timestamp: watermark.timestamp } }),
  });
}

/** AES-128-CBC (key: the 16-byte session_key), PKCS#7, base64: WeChat's scheme, also QQ's, Douyin's legacy data and Kuaishou's. */
export function encryptAes128OpenData(plainJson: string, sessionKey: string, iv?: string): EncryptedOpenData {
  const key = base64OfLength(sessionKey, 16, 'sessionKey');
  const ivRaw = ivBytes(iv);
  return { encryptedData: encryptAesCbc(Buffer.from(plainJson, 'utf8'), key, ivRaw).toString('base64'), iv: ivRaw.toString('base64') };
}

/** The input of WeChat's phone scheme as the platforms that copied it use it (QQ, Douyin's legacy data). */
export interface WatermarkedPhoneDataInput {
  /** `13811112222`, or `1-2125550123` for an overseas number. */
  readonly phone: string;
  /** The mini-program's appid, written into `watermark.appid`. */
  readonly appId: string;
  /** The user's current session_key: base64 of 16 bytes, as the platform's code2session gave it. */
  readonly sessionKey: string;
  /** base64 of 16 bytes; random when omitted. */
  readonly iv?: string;
  /** `watermark.timestamp` in seconds; now when omitted. */
  readonly timestamp?: number;
}

/** The phone JSON with `watermark: {appid, timestamp}`, AES-128-CBC with the session_key: WeChat's getPhoneNumber data. */
export function encryptWatermarkedPhoneData(input: WatermarkedPhoneDataInput): EncryptedOpenData {
  const plain = phoneJson(input.phone, { appid: input.appId, timestamp: input.timestamp ?? Math.floor(Date.now() / 1000) });
  return encryptAes128OpenData(plain, input.sessionKey, input.iv);
}
