import { isUtf8 } from 'node:buffer';
import { constants, createHash, createHmac, KeyObject, privateDecrypt } from 'node:crypto';
import { isJsonObjectBytes } from '../alipay/json-object-bytes';
import { PhonekitError } from '../errors/phonekit-error';
import { compactBase64, checkWatermark, jsonObjectOf, sessionDataPhone } from '../lib/session-key-data';
import { decodeBase64Text } from '../lib/base64';
import type { NormalisedPhone } from '../phone/normalise-phone';
import type { DouyinPrivateKey } from './douyin-private-key';

// Douyin's current getPhoneNumber flow: the button gives a code, the server
// exchanges it at get_phonenumber_info (open.douyin.com, api/apps/v1), and the
// answer's `data` is "通过开发者在「抖音开放平台-控制台-找到对应的小程序-开发-开发配置」配置的应用公钥
// 进行RSA非对称加密后的密文数据,需要开发者通过对应的应用私钥进行解密"
// (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/new-phone-method):
// base64 of one RSA ciphertext under the uploaded application public key. The
// encryption padding is PKCS#1 v1.5: public SDKs decrypt it with
// `private_key.decrypt(ciphertext, padding.PKCS1v15())` (Python cryptography).
// The plaintext is the JSON the legacy flow decrypts to: phoneNumber,
// purePhoneNumber, countryCode and watermark { appid, timestamp }, the appid
// being the mini-program's tt… id that SDKs check it against.

/** What decryptDouyinPhoneInfo takes. */
export interface DecryptDouyinPhoneInfoInput {
  /** The `data` field of get_phonenumber_info's answer: base64 of one RSA ciphertext. */
  readonly data: string;
  readonly privateKey: DouyinPrivateKey;
  /** When given, `watermark.appid` must equal it (DOUYIN_WATERMARK_MISMATCH). */
  readonly appId?: string;
}

const dataInvalid = (message: string): PhonekitError => new PhonekitError('DOUYIN_PHONE_DATA_INVALID', { message });
const decryptionFailed = (): PhonekitError => new PhonekitError('DOUYIN_PHONE_DECRYPTION_FAILED');

/**
 * The ciphertext bytes, or DOUYIN_PHONE_DATA_INVALID saying what is wrong
 * with the text. Only public properties are told apart here: the alphabet,
 * and the length against the public modulus's.
 */
function ciphertextOf(value: unknown, modulusBytes: number): Buffer {
  if (typeof value !== 'string') throw dataInvalid('The phone data must be the text of the data field of get_phonenumber_info.');
  const raw = value.trim();
  const compact = compactBase64(raw);
  if (compact === '') throw dataInvalid('The phone data is empty.');
  const bytes = decodeBase64Text(compact);
  if (bytes === null) {
    throw dataInvalid(
      /[-_]/.test(compact) && /^[A-Za-z0-9_=-]+$/.test(compact)
        ? 'The phone data is not base64: it uses the URL-safe alphabet (- and _), not + and / as Douyin sends it.'
        : 'The phone data is not base64: it holds characters other than A-Z, a-z, 0-9, +, / and =.',
    );
  }
  if (bytes.length !== modulusBytes) {
    const spaced = raw.includes(' ') ? ', or a "+" in it became a space on the way (URL-decoding)' : '';
    throw dataInvalid(
      `The phone data decodes to ${bytes.length} bytes, not the ${modulusBytes} of an RSA ciphertext under this ${modulusBytes * 8}-bit key: it was cut short, or was encrypted for a key of another size${spaced}.`,
    );
  }
  return bytes;
}

// ---------------------------------------------------------------------------
// PKCS#1 v1.5 decryption without a padding oracle.
//
// Node 20.11.1 and later refuse RSA_PKCS1_PADDING in privateDecrypt
// (CVE-2023-46809, the Marvin attack: OpenSSL's PKCS#1 v1.5 unpadding told
// good padding from bad by its timing, and that is enough to decrypt any
// ciphertext, or sign, with a few hundred thousand queries). Turning that back
// on with --security-revert would bring the oracle back, so the RSA operation
// runs with RSA_NO_PADDING and the padding is removed here the way OpenSSL 3.2
// does it and draft-irtf-cfrg-rsa-guidance ("Implicit Rejection") describes:
//
// - the unpadding has no early exit and no branch on the decrypted bytes:
//   every byte of the block is read, each check is folded into one `good`
//   word with masks, and the result is chosen byte by byte with a mask;
// - on bad padding it does not fail: it carries on with a synthetic message,
//   a deterministic pseudo-random string derived with HMAC-SHA256 from the
//   private exponent and the ciphertext (so the same ciphertext always gives
//   the same answer, and nobody without the key can tell it from a real
//   plaintext). That message then goes through the same UTF-8 and JSON checks
//   as a real one, and fails them as a real plaintext that is not JSON does:
//   one DOUYIN_PHONE_DECRYPTION_FAILED, one message, the same steps.
//
// The exposure is small to begin with: this ciphertext comes from Douyin's
// answer over HTTPS to the server's own request, not from the mini-program
// client, so an attacker cannot simply submit chosen ciphertexts. The
// unpadding is written as if they could, because callers (tools, tests, other
// servers) may pass data of any origin.
// ---------------------------------------------------------------------------

/** Per key: the public modulus (fixed length) and SHA-256 of the private exponent, the key of the KDK. */
interface KeyMaterial {
  readonly modulus: Buffer;
  readonly exponentHash: Buffer;
}

const materialByKey = new WeakMap<KeyObject, KeyMaterial>();

function fixedLength(bytes: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  bytes.copy(out, Math.max(0, length - bytes.length), Math.max(0, bytes.length - length));
  return out;
}

function materialOf(privateKey: DouyinPrivateKey): KeyMaterial | null {
  const cached = materialByKey.get(privateKey.keyObject);
  if (cached !== undefined) return cached;
  const jwk = privateKey.keyObject.export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.d !== 'string') return null;
  const modulus = fixedLength(Buffer.from(jwk.n, 'base64url'), privateKey.modulusBytes);
  const d = fixedLength(Buffer.from(jwk.d, 'base64url'), privateKey.modulusBytes);
  const material = { modulus, exponentHash: createHash('sha256').update(d).digest() };
  d.fill(0);
  materialByKey.set(privateKey.keyObject, material);
  return material;
}

const uint16 = (value: number): Buffer => Buffer.from([(value >>> 8) & 0xff, value & 0xff]);

/** The draft's IRPRF: HMAC-SHA256(kdk, I || label || bitLength) for I = 0, 1, ..., cut to `length` bytes. */
function prf(kdk: Buffer, label: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  const bits = uint16(length * 8);
  for (let at = 0, i = 0; at < length; at += 32, i++) {
    createHmac('sha256', kdk).update(uint16(i)).update(label, 'latin1').update(bits).digest().copy(out, at);
  }
  return out;
}

// Constant-time-style helpers on small non-negative integers (below 2^31):
// each answers 0 or 1 from arithmetic, never from a branch.
const isZero = (x: number): number => ((x - 1) >>> 31) & 1;
const equals = (a: number, b: number): number => isZero(a ^ b);
const lessThan = (a: number, b: number): number => ((a - b) >>> 31) & 1;
/** `a` when bit is 1, `b` when it is 0. */
const select = (bit: number, a: number, b: number): number => b ^ (-bit & (a ^ b));

/** Candidate lengths drawn for the synthetic message, as OpenSSL's MAX_LEN_GEN_TRIES. */
const LENGTH_TRIES = 128;

/**
 * EM = 0x00 || 0x02 || PS (at least 8 non-zero bytes) || 0x00 || M. Returns M
 * when EM is well formed, else the synthetic message; which of the two it
 * returned is not visible in the flow of the code.
 */
function unpadWithImplicitRejection(em: Buffer, ciphertext: Buffer, material: KeyMaterial): Buffer {
  const k = em.length;
  const kdk = createHmac('sha256', material.exponentHash).update(ciphertext).digest();
  const candidates = prf(kdk, 'length', LENGTH_TRIES * 2);
  const synthetic = prf(kdk, 'message', k);

  // The synthetic length: the last candidate (masked to the next power of two) that is a possible message length.
  const maxLength = k - 2 - 8;
  let mask = maxLength;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  let syntheticLength = 0;
  for (let i = 0; i < LENGTH_TRIES * 2; i += 2) {
    const candidate = (((candidates[i] ?? 0) << 8) | (candidates[i + 1] ?? 0)) & mask;
    syntheticLength = select(lessThan(candidate, maxLength), candidate, syntheticLength);
  }

  let good = isZero(em[0] ?? 1) & equals(em[1] ?? 0, 2);
  let foundZero = 0;
  let zeroIndex = 0;
  for (let i = 2; i < k; i++) {
    const zero = isZero(em[i] ?? 1);
    zeroIndex = select(zero & (foundZero ^ 1), i, zeroIndex);
    foundZero |= zero;
  }
  // PS is at least 8 bytes (no zero found leaves zeroIndex 0, which fails this too).
  good &= 1 - lessThan(zeroIndex, 2 + 8);
  const from = select(good, zeroIndex + 1, k - syntheticLength);
  const out = Buffer.alloc(k - from);
  for (let i = from; i < k; i++) out[i - from] = select(good, em[i] ?? 0, synthetic[i] ?? 0);
  synthetic.fill(0);
  return out;
}

/**
 * Decrypts the `data` of Douyin's get_phonenumber_info answer (RSA, PKCS#1
 * v1.5, under the application public key uploaded in the Douyin console)
 * with the application private key, and, when `appId` is given, checks
 * `watermark.appid`. Returns the decrypted object whatever it holds.
 *
 * Text that is not base64, or not exactly as long as the key's modulus, is
 * DOUYIN_PHONE_DATA_INVALID; everything that depends on the private key (a
 * ciphertext for another key, bad padding, a plaintext that is not a JSON
 * object) is one DOUYIN_PHONE_DECRYPTION_FAILED, reached by the same steps
 * whatever went wrong (no padding oracle; see above); a watermark for another
 * app is DOUYIN_WATERMARK_MISMATCH.
 *
 * @example
 * ```ts
 * const privateKey = loadDouyinPrivateKey(pemText);
 * const info = decryptDouyinPhoneInfo({ data: answer.data, privateKey, appId: 'tt0123456789abcdef' });
 * info['purePhoneNumber']; // '13811112222'
 * ```
 */
export function decryptDouyinPhoneInfo(input: DecryptDouyinPhoneInfoInput): Record<string, unknown> {
  const { privateKey } = input;
  if (
    typeof privateKey !== 'object' ||
    privateKey === null ||
    !(privateKey.keyObject instanceof KeyObject) ||
    privateKey.keyObject.type !== 'private' ||
    privateKey.keyObject.asymmetricKeyType !== 'rsa' ||
    !Number.isInteger(privateKey.modulusBytes)
  ) {
    throw new PhonekitError('DOUYIN_PRIVATE_KEY_INVALID', { message: 'The private key is not one loadDouyinPrivateKey returned.' });
  }
  const ciphertext = ciphertextOf(input.data, privateKey.modulusBytes);
  const material = materialOf(privateKey);
  if (material === null) throw new PhonekitError('DOUYIN_PRIVATE_KEY_INVALID', { message: 'The private key has no RSA private exponent.' });
  // A ciphertext is a number below the modulus. Comparing with the PUBLIC
  // modulus tells nothing about the private key or the plaintext; a number
  // at or above it is data made for another key, the same failure.
  if (Buffer.compare(ciphertext, material.modulus) >= 0) throw decryptionFailed();
  let em: Buffer;
  try {
    em = privateDecrypt({ key: privateKey.keyObject, padding: constants.RSA_NO_PADDING }, ciphertext);
  } catch {
    throw decryptionFailed();
  }
  const message = unpadWithImplicitRejection(fixedLength(em, privateKey.modulusBytes), ciphertext, material);
  em.fill(0);
  // The same checks for every message, real or synthetic; only one that passed both is parsed.
  const utf8Ok = isUtf8(message);
  const jsonOk = isJsonObjectBytes(message);
  const data = utf8Ok && jsonOk ? jsonObjectOf(message) : null;
  message.fill(0);
  if (data === null) throw decryptionFailed();
  if (input.appId !== undefined) {
    checkWatermark(data, { appId: input.appId }, { watermarkMismatch: 'DOUYIN_WATERMARK_MISMATCH', dataExpired: 'DOUYIN_DATA_EXPIRED' });
  }
  return data;
}

/**
 * Decrypts get_phonenumber_info's `data` (as decryptDouyinPhoneInfo) and
 * reads the phone number (`purePhoneNumber` and `countryCode`). Data that
 * decrypts but holds no phone number is PHONE_INVALID.
 *
 * @example
 * ```ts
 * const { phone } = decryptDouyinPhoneNumber({ data: answer.data, privateKey, appId: 'tt0123456789abcdef' });
 * phone.e164; // '+8613811112222'
 * ```
 */
export function decryptDouyinPhoneNumber(input: DecryptDouyinPhoneInfoInput): { data: Record<string, unknown>; phone: NormalisedPhone } {
  const data = decryptDouyinPhoneInfo(input);
  return { data, phone: sessionDataPhone(data) };
}
