import { createDecipheriv } from 'node:crypto';
import { PhonekitError } from '../errors/phonekit-error';
import { decodeBase64Text } from '../lib/base64';
import { isRecord } from '../lib/is-record';
import { normalisePhoneParts, type NormalisedPhone } from '../phone/normalise-phone';

/** What WeChat's legacy getPhoneNumber encryptedData decrypts to. */
export interface WechatPhoneData {
  readonly phoneNumber: string;
  readonly purePhoneNumber: string;
  readonly countryCode: string;
  readonly watermark: { readonly appid: string; readonly timestamp: number };
}

export interface DecryptWechatDataInput {
  /** base64, as the button event gave it. */
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

function base64Of16(value: string, code: 'WECHAT_SESSION_KEY_INVALID' | 'WECHAT_IV_INVALID'): Buffer {
  const compact = typeof value === 'string' ? value.trim() : '';
  const bytes = decodeBase64Text(compact);
  if (bytes === null || bytes.length !== 16) throw new PhonekitError(code);
  return bytes;
}

/**
 * Decrypts WeChat's legacy data (AES-128-CBC, base64 session_key and iv,
 * PKCS#7) and checks `watermark.appid` (and optionally its age).
 * Wrong key, wrong iv or a damaged buffer are one error,
 * WECHAT_DECRYPTION_FAILED; a watermark for another app is
 * WECHAT_WATERMARK_MISMATCH; old data is WECHAT_DATA_EXPIRED.
 *
 * @example
 * ```ts
 * const { data, phone } = decryptWechatData({ encryptedData, iv, sessionKey, appId: 'wx0123456789abcdef' });
 * phone.e164; // '+8613811112222'
 * ```
 */
export function decryptWechatData(input: DecryptWechatDataInput): { data: WechatPhoneData; phone: NormalisedPhone } {
  const key = base64Of16(input.sessionKey, 'WECHAT_SESSION_KEY_INVALID');
  const iv = base64Of16(input.iv, 'WECHAT_IV_INVALID');
  let data: unknown;
  try {
    const ciphertext = decodeBase64Text(String(input.encryptedData).trim());
    if (ciphertext === null) throw new Error('not base64');
    const decipher = createDecipheriv('aes-128-cbc', key, iv);
    const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch {
    throw new PhonekitError('WECHAT_DECRYPTION_FAILED');
  }
  if (!isRecord(data)) throw new PhonekitError('WECHAT_DECRYPTION_FAILED');
  const record = data;
  const watermark = isRecord(record['watermark']) ? record['watermark'] : {};
  const appid = watermark['appid'];
  const timestamp = watermark['timestamp'];
  if (appid !== input.appId) {
    throw new PhonekitError('WECHAT_WATERMARK_MISMATCH', {
      message: `The data's watermark.appid is ${typeof appid === 'string' ? `"${appid.slice(0, 32)}"` : 'missing'}, not this app's "${input.appId}".`,
    });
  }
  if (input.maxAgeSeconds !== undefined) {
    const nowSeconds = (input.now ?? Date.now()) / 1000;
    if (typeof timestamp !== 'number' || nowSeconds - timestamp > input.maxAgeSeconds) {
      throw new PhonekitError('WECHAT_DATA_EXPIRED');
    }
  }
  const purePhoneNumber = record['purePhoneNumber'];
  const countryCode = record['countryCode'];
  if (typeof purePhoneNumber !== 'string' || (typeof countryCode !== 'string' && typeof countryCode !== 'number')) {
    throw new PhonekitError('PHONE_INVALID');
  }
  const phone = normalisePhoneParts(countryCode, purePhoneNumber);
  return {
    data: {
      phoneNumber: typeof record['phoneNumber'] === 'string' ? record['phoneNumber'] : purePhoneNumber,
      purePhoneNumber,
      countryCode: String(countryCode),
      watermark: { appid: input.appId, timestamp: typeof timestamp === 'number' ? timestamp : 0 },
    },
    phone,
  };
}
