import { createDecipheriv } from 'node:crypto';
import { PhonekitError } from '../errors/phonekit-error';
import { decodeBase64Text } from '../lib/base64';
import { isRecord } from '../lib/is-record';

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

const BLOCK = 16;

/** base64 as a client logged or pasted it: whitespace (line wrapping) dropped. */
const compactBase64 = (value: unknown): string => (typeof value === 'string' ? value.replace(/\s+/g, '') : '');

function base64Of16(value: string, code: 'WECHAT_SESSION_KEY_INVALID' | 'WECHAT_IV_INVALID'): Buffer {
  const bytes = decodeBase64Text(compactBase64(value));
  if (bytes === null || bytes.length !== BLOCK) throw new PhonekitError(code);
  return bytes;
}

const dataInvalid = (message: string): PhonekitError => new PhonekitError('WECHAT_ENCRYPTED_DATA_INVALID', { message });

/**
 * The ciphertext bytes, or a WECHAT_ENCRYPTED_DATA_INVALID saying what is
 * wrong with the text. Only public properties of the input are told apart
 * here (its alphabet and length); everything that depends on the key stays
 * one WECHAT_DECRYPTION_FAILED.
 */
function ciphertextOf(value: unknown): Buffer {
  const raw = typeof value === 'string' ? value.trim() : '';
  const compact = compactBase64(raw);
  if (compact === '') throw dataInvalid('The encryptedData is empty.');
  const bytes = decodeBase64Text(compact);
  if (bytes === null) {
    throw dataInvalid(
      /[-_]/.test(compact) && /^[A-Za-z0-9_=-]+$/.test(compact)
        ? 'The encryptedData is not base64: it uses the URL-safe alphabet (- and _), not + and / as WeChat sends it.'
        : 'The encryptedData is not base64: it holds characters other than A-Z, a-z, 0-9, +, / and =.',
    );
  }
  if (bytes.length % BLOCK !== 0) {
    const spaced = raw.includes(' ') ? ', or a "+" in it became a space on the way (URL-decoding)' : '';
    throw dataInvalid(`The encryptedData decodes to ${bytes.length} bytes, not a multiple of 16: it was cut short${spaced}.`);
  }
  return bytes;
}

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
  const key = base64Of16(input.sessionKey, 'WECHAT_SESSION_KEY_INVALID');
  const iv = base64Of16(input.iv, 'WECHAT_IV_INVALID');
  const ciphertext = ciphertextOf(input.encryptedData);
  let data: unknown;
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, iv);
    const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch {
    throw new PhonekitError('WECHAT_DECRYPTION_FAILED');
  }
  if (!isRecord(data)) throw new PhonekitError('WECHAT_DECRYPTION_FAILED');
  const watermark = isRecord(data['watermark']) ? data['watermark'] : {};
  const appid = watermark['appid'];
  if (appid !== input.appId) {
    throw new PhonekitError('WECHAT_WATERMARK_MISMATCH', {
      message: `The data's watermark.appid is ${typeof appid === 'string' ? `"${appid.slice(0, 32)}"` : 'missing'}, not this app's "${input.appId}".`,
    });
  }
  if (input.maxAgeSeconds !== undefined) {
    const timestamp = watermark['timestamp'];
    const nowSeconds = (input.now ?? Date.now()) / 1000;
    if (typeof timestamp !== 'number' || nowSeconds - timestamp > input.maxAgeSeconds) {
      throw new PhonekitError('WECHAT_DATA_EXPIRED');
    }
  }
  return data;
}
