import { isUtf8 } from 'node:buffer';
import { createDecipheriv } from 'node:crypto';
import { isJsonObjectBytes } from '../alipay/json-object-bytes';
import { PhonekitError } from '../errors/phonekit-error';
import { base64OfLength, ciphertextOf, jsonObjectOf, AES_BLOCK } from '../lib/session-key-data';
import { normalisePhone, type NormalisedPhone } from '../phone/normalise-phone';

export interface DecryptBaiduDataInput {
  /** base64, as the button event gave it (line breaks and spaces from a log are ignored). */
  readonly encryptedData: string;
  /** base64 of 16 bytes, as the button event gave it. */
  readonly iv: string;
  /** base64 of 24 bytes, from jscode2sessionkey. Never leaves the server. */
  readonly sessionKey: string;
  /** This smart mini-program's App Key (client_id): the decrypted data ends with it. */
  readonly appKey: string;
}

// Baidu's "用户数据的签名验证和加解密"
// (https://smartprogram.baidu.com/docs/develop/api/open/log_userdata/): AES-192-CBC,
// AESKey = Base64_Decode(session_key), 24 bytes; iv = Base64_Decode(iv); and the
// plaintext is 16 random bytes, the user data's length as a 4-byte big-endian
// unsigned integer, the user data, then the app_key. The PKCS#7 padding is to
// 32-byte blocks, not AES's 16: the doc's own sample (decrypted in
// test/baidu-decrypt.test.ts) ends in 28 bytes of 0x1c, and its PHP decrypt
// accepts a pad of 1 to 32. So Node's auto-padding (16-byte blocks) is off and
// the padding is removed here.
const BAIDU_KEY_BYTES = 24;
const PAD_BLOCK = 32;
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;
const HEADER = RANDOM_BYTES + LENGTH_BYTES;

const CODES = {
  sessionKeyInvalid: 'BAIDU_SESSION_KEY_INVALID',
  ivInvalid: 'BAIDU_IV_INVALID',
  encryptedDataInvalid: 'BAIDU_ENCRYPTED_DATA_INVALID',
  decryptionFailed: 'BAIDU_DECRYPTION_FAILED',
} as const;

/** 1 when `a < b`, else 0, for integers in [0, 2^31) without a branch. */
const lessThan = (a: number, b: number): number => ((a - b) >>> 31) & 1;

/**
 * Takes Baidu's frame apart without an early exit: the padding (its last byte
 * claims 1 to 32; every claimed byte is compared with it, bad |= differs), the
 * 4-byte length and the bounds are all computed for every plaintext, and
 * indices are clamped rather than refused, so a bad padding, a bad length and
 * a good frame do the same steps. The one answer the caller gives for any of
 * them is BAIDU_DECRYPTION_FAILED.
 */
function unframe(plain: Buffer): { ok: boolean; json: Buffer; appKey: Buffer } {
  const length = plain.length;
  const last = plain[length - 1] ?? 0;
  // 1 <= last <= 32 and last <= length.
  const inRange = (1 - lessThan(last, 1)) & lessThan(last, PAD_BLOCK + 1) & (1 - lessThan(length, last));
  const claimed = inRange * last + (1 - inRange);
  let bad = 1 - inRange;
  const span = Math.min(PAD_BLOCK, length);
  for (let i = 1; i <= span; i++) {
    const byte = plain[length - i] ?? 0;
    // All ones when this byte is inside the claimed padding.
    const mask = -lessThan(i - 1, claimed) & 0xff;
    bad |= mask & (byte ^ last);
  }
  const content = length - claimed;
  const declared = ((plain[16] ?? 0) * 0x1000000 + (plain[17] ?? 0) * 0x10000 + (plain[18] ?? 0) * 0x100 + (plain[19] ?? 0)) >>> 0;
  const fits = content >= HEADER && declared <= content - HEADER;
  const jsonEnd = Math.max(HEADER, Math.min(HEADER + declared, content));
  const json = plain.subarray(Math.min(HEADER, length), Math.min(jsonEnd, length));
  const appKey = plain.subarray(Math.min(jsonEnd, length), Math.max(content, jsonEnd));
  return { ok: bad === 0 && fits, json, appKey };
}

/** What the message may show of the app key found in the data: an app key's characters, cut to 32, or nothing. */
const shownAppKey = (found: Buffer): string => {
  const text = found.toString('latin1');
  return /^[A-Za-z0-9_-]{1,64}$/.test(text) ? `"${text.slice(0, 32)}"` : found.length === 0 ? 'missing' : 'not an app key';
};

/**
 * Decrypts a Baidu smart mini-program's encrypted data (getPhoneNumber,
 * getUserInfo: AES-192-CBC under the user's 24-byte session_key, the JSON in
 * Baidu's frame, padded to 32-byte blocks) and checks the app key the frame
 * ends with, returning the decrypted object whatever it holds.
 *
 * Text that is not base64 of whole blocks is BAIDU_ENCRYPTED_DATA_INVALID; a
 * wrong key, a damaged buffer, a bad padding or frame and a plaintext that is
 * not a JSON object are one error, BAIDU_DECRYPTION_FAILED (a wrong iv only
 * garbles the first block, the 16 random bytes nothing reads, so Baidu's
 * data still decrypts with it, as with Baidu's sample code);
 * data that ends with another app's key is BAIDU_APP_KEY_MISMATCH. Baidu's
 * data has no watermark or timestamp.
 *
 * @example
 * ```ts
 * const data = decryptBaiduEncryptedData({ encryptedData, iv, sessionKey, appKey: 'y2dTfnWfkx2OXttMEMWlGHoB1KzMogm7' });
 * data['mobile']; // '13811112222'
 * ```
 */
export function decryptBaiduEncryptedData(input: DecryptBaiduDataInput): Record<string, unknown> {
  const key = base64OfLength(input.sessionKey, BAIDU_KEY_BYTES, CODES.sessionKeyInvalid);
  const iv = base64OfLength(input.iv, AES_BLOCK, CODES.ivInvalid);
  const ciphertext = ciphertextOf(input.encryptedData, 'Baidu', CODES.encryptedDataInvalid);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-192-cbc', key, iv);
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new PhonekitError(CODES.decryptionFailed);
  }
  const frame = unframe(plain);
  // UTF-8 and the JSON shape are checked for every frame, good or bad; only a plaintext that passed all is parsed.
  const utf8Ok = isUtf8(frame.json);
  const jsonOk = isJsonObjectBytes(frame.json);
  const data = frame.ok && utf8Ok && jsonOk ? jsonObjectOf(frame.json) : null;
  const foundAppKey = Buffer.from(frame.appKey);
  plain.fill(0);
  if (data === null) throw new PhonekitError(CODES.decryptionFailed);
  const appKey = typeof input.appKey === 'string' ? input.appKey.trim() : '';
  if (appKey === '') {
    throw new PhonekitError('BAIDU_APP_KEY_MISMATCH', { message: "No app key was given to check the decrypted data's trailing app key against." });
  }
  if (!foundAppKey.equals(Buffer.from(appKey, 'utf8'))) {
    throw new PhonekitError('BAIDU_APP_KEY_MISMATCH', {
      message: `The decrypted data ends with the app key ${shownAppKey(foundAppKey)}, not this app's "${appKey.slice(0, 32)}".`,
    });
  }
  return data;
}

/**
 * Decrypts Baidu's getPhoneNumber encryptedData (as
 * decryptBaiduEncryptedData) and reads the phone number from its `mobile`
 * field: Baidu's phone data is `{"mobile": "..."}`, as the public SDKs read it
 * (nirunfa/easyapplets src/BaiduPrograms/Userinfo.php getPhoneNumber,
 * code-lives/Pays README "解密手机号": `$phone['mobile']`). Data that decrypts
 * but holds no phone number is PHONE_INVALID.
 *
 * @example
 * ```ts
 * const { phone } = decryptBaiduPhoneData({ encryptedData, iv, sessionKey, appKey });
 * phone.e164; // '+8613811112222'
 * ```
 */
export function decryptBaiduPhoneData(input: DecryptBaiduDataInput): { data: Record<string, unknown>; phone: NormalisedPhone } {
  const data = decryptBaiduEncryptedData(input);
  const mobile = data['mobile'];
  if (typeof mobile !== 'string' || mobile.trim() === '') {
    throw new PhonekitError('PHONE_INVALID', {
      message: 'The data decrypts but holds no phone number (no mobile): it is not the encryptedData of a Baidu getPhoneNumber button.',
    });
  }
  return { data, phone: normalisePhone(mobile) };
}
