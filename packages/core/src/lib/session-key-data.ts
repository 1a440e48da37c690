import { createDecipheriv } from 'node:crypto';
import type { CoreErrorCode } from '../errors/catalogue';
import { PhonekitError } from '../errors/phonekit-error';
import { normalisePhone, normalisePhoneParts, type NormalisedPhone } from '../phone/normalise-phone';
import { decodeBase64Text } from './base64';
import { isRecord } from './is-record';

/**
 * What the button event of a session_key platform gives (WeChat's legacy
 * flow, QQ, Douyin's legacy flow, Kuaishou), and what the server adds.
 */
export interface DecryptSessionDataInput {
  /** base64, as the button event gave it (line breaks and spaces from a log are ignored). */
  readonly encryptedData: string;
  /** base64 of 16 bytes, as the button event gave it. */
  readonly iv: string;
  /** base64 of the session_key from the platform's code2session. Never leaves the server. */
  readonly sessionKey: string;
  /** This mini-program's appid: `watermark.appid` must equal it (on platforms whose data carries a watermark). */
  readonly appId: string;
  /** Refuse data whose watermark.timestamp is older than this many seconds (on platforms whose data carries a watermark). */
  readonly maxAgeSeconds?: number;
  /** For tests: the current time in ms. */
  readonly now?: number;
}

/** The codes one platform throws for the four failures every session_key decryption has. */
export interface SessionDataCodes {
  readonly sessionKeyInvalid: CoreErrorCode;
  readonly ivInvalid: CoreErrorCode;
  readonly encryptedDataInvalid: CoreErrorCode;
  /** Every failure that depends on the key: wrong key, wrong iv, bad padding, not UTF-8, not a JSON object. */
  readonly decryptionFailed: CoreErrorCode;
}

/** The codes of a platform whose decrypted data carries WeChat's `watermark: { appid, timestamp }`. */
export interface WatermarkCodes {
  readonly watermarkMismatch: CoreErrorCode;
  readonly dataExpired: CoreErrorCode;
}

/** One session_key platform: how its messages name it and which codes it throws. */
export interface SessionDataPlatform {
  /** As messages name the platform: 'WeChat', 'QQ', 'Douyin', 'Kuaishou', 'Baidu'. */
  readonly name: string;
  readonly codes: SessionDataCodes;
  /** Absent for a platform whose data carries no watermark: then appId and maxAgeSeconds are not checked. */
  readonly watermark?: WatermarkCodes;
}

export const AES_BLOCK = 16;

/** base64 as a client logged or pasted it: whitespace (line wrapping) dropped. */
export const compactBase64 = (value: unknown): string => (typeof value === 'string' ? value.replace(/\s+/g, '') : '');

/** The bytes of a base64 key or iv of exactly `length` bytes, else a PhonekitError of `code` (with its catalogue message). */
export function base64OfLength(value: unknown, length: number, code: CoreErrorCode): Buffer {
  const bytes = decodeBase64Text(compactBase64(value));
  if (bytes === null || bytes.length !== length) throw new PhonekitError(code);
  return bytes;
}

/**
 * The ciphertext bytes, or a PhonekitError of `code` saying what is wrong
 * with the text. Only public properties of the input are told apart here
 * (its alphabet and length); everything that depends on the key stays one
 * decryption failure.
 */
export function ciphertextOf(value: unknown, platform: string, code: CoreErrorCode): Buffer {
  const invalid = (message: string): PhonekitError => new PhonekitError(code, { message });
  const raw = typeof value === 'string' ? value.trim() : '';
  const compact = compactBase64(raw);
  if (compact === '') throw invalid('The encryptedData is empty.');
  const bytes = decodeBase64Text(compact);
  if (bytes === null) {
    throw invalid(
      /[-_]/.test(compact) && /^[A-Za-z0-9_=-]+$/.test(compact)
        ? `The encryptedData is not base64: it uses the URL-safe alphabet (- and _), not + and / as ${platform} sends it.`
        : 'The encryptedData is not base64: it holds characters other than A-Z, a-z, 0-9, +, / and =.',
    );
  }
  if (bytes.length % AES_BLOCK !== 0) {
    const spaced = raw.includes(' ') ? ', or a "+" in it became a space on the way (URL-decoding)' : '';
    throw invalid(`The encryptedData decodes to ${bytes.length} bytes, not a multiple of 16: it was cut short${spaced}.`);
  }
  return bytes;
}

/** The JSON object `plain` holds as UTF-8, or null (not UTF-8, not JSON, not an object). */
export function jsonObjectOf(plain: Uint8Array): Record<string, unknown> | null {
  try {
    const data: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
    return isRecord(data) ? data : null;
  } catch {
    return null;
  }
}

/**
 * Checks WeChat's watermark: `watermark.appid` must be this app's, and, with
 * maxAgeSeconds, `watermark.timestamp` recent enough.
 */
export function checkWatermark(
  data: Record<string, unknown>,
  input: Pick<DecryptSessionDataInput, 'appId' | 'maxAgeSeconds' | 'now'>,
  codes: WatermarkCodes,
): void {
  const watermark = isRecord(data['watermark']) ? data['watermark'] : {};
  const appid = watermark['appid'];
  if (appid !== input.appId) {
    throw new PhonekitError(codes.watermarkMismatch, {
      message: `The data's watermark.appid is ${typeof appid === 'string' ? `"${appid.slice(0, 32)}"` : 'missing'}, not this app's "${String(input.appId)}".`,
    });
  }
  if (input.maxAgeSeconds !== undefined) {
    const timestamp = watermark['timestamp'];
    const nowSeconds = (input.now ?? Date.now()) / 1000;
    if (typeof timestamp !== 'number' || nowSeconds - timestamp > input.maxAgeSeconds) throw new PhonekitError(codes.dataExpired);
  }
}

/**
 * The session_key decryption WeChat defined and QQ, Douyin (legacy) and
 * Kuaishou copied: AES-128-CBC under base64(session_key) with base64(iv),
 * PKCS#7, the plaintext a UTF-8 JSON object; then, where the platform's data
 * carries one, the watermark check. Returns the decrypted object whatever it
 * holds.
 *
 * Text that is not base64 of whole blocks is `encryptedDataInvalid`; a wrong
 * key, a wrong iv or a damaged buffer are one error, `decryptionFailed`, with
 * the catalogue's one message.
 */
export function decryptSessionKeyData(input: DecryptSessionDataInput, platform: SessionDataPlatform): Record<string, unknown> {
  const { codes } = platform;
  const key = base64OfLength(input.sessionKey, AES_BLOCK, codes.sessionKeyInvalid);
  const iv = base64OfLength(input.iv, AES_BLOCK, codes.ivInvalid);
  const ciphertext = ciphertextOf(input.encryptedData, platform.name, codes.encryptedDataInvalid);
  let data: Record<string, unknown> | null;
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, iv);
    data = jsonObjectOf(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch {
    data = null;
  }
  if (data === null) throw new PhonekitError(codes.decryptionFailed);
  if (platform.watermark !== undefined) checkWatermark(data, input, platform.watermark);
  return data;
}

/**
 * The phone number of getPhoneNumber data in WeChat's shape
 * (`purePhoneNumber` + `countryCode`, `phoneNumber` with the country code for
 * overseas numbers). Without purePhoneNumber and countryCode, a bare
 * `phoneNumber` (what some platforms' SDKs read alone) is read as a mainland
 * or `+<code>` number. Data with neither is PHONE_INVALID.
 */
export function sessionDataPhone(data: Record<string, unknown>): NormalisedPhone {
  const pure = data['purePhoneNumber'];
  const countryCode = data['countryCode'];
  const hasCountryCode = typeof countryCode === 'string' || typeof countryCode === 'number';
  if (typeof pure === 'string' && pure !== '' && hasCountryCode) return normalisePhoneParts(countryCode, pure);
  const phoneNumber = data['phoneNumber'];
  if (typeof phoneNumber === 'string' && phoneNumber !== '') {
    if (hasCountryCode && !phoneNumber.startsWith('+')) return normalisePhoneParts(countryCode, phoneNumber);
    return normalisePhone(phoneNumber.replace(/\s+/g, ''));
  }
  if (typeof pure === 'string' && pure !== '') return normalisePhone(pure);
  throw new PhonekitError('PHONE_INVALID', {
    message: 'The data decrypts but holds no phone number (no purePhoneNumber, phoneNumber or countryCode): it is not the data of a getPhoneNumber button.',
  });
}
