import { alipayBusinessBody } from './alipay-business-body';
import { isAlipayScenario, type AlipayScenario } from './alipay-scenarios';
import { encryptAlipayContent } from './encrypt-alipay-content';
import type { AlipaySandboxKeys } from './keys';
import { signAlipayContent, type AlipaySignType } from './sign-alipay-content';

/** Options for {@link buildAlipayPhoneResponse}. */
export interface BuildAlipayPhoneResponseOptions {
  /** Overrides the number in success bodies (see {@link alipayBusinessBody}). */
  mobile?: string;
  /** RSA2 (SHA256withRSA, the default) or RSA (SHA1withRSA); also written to `sign_type`. */
  signType?: AlipaySignType;
}

/** Options for {@link buildAlipayEventDetail}. */
export interface BuildAlipayEventDetailOptions {
  /** Overrides the default number `13811112222`. */
  mobile?: string;
}

/** Encrypts a body and signs the ciphertext's JSON string literal, quotes included, as Alipay does. */
function encryptAndSign(
  keys: AlipaySandboxKeys,
  body: Record<string, string>,
  signType: AlipaySignType,
): { ciphertext: string; sign: string } {
  const ciphertext = encryptAlipayContent(JSON.stringify(body), keys.aesKeyBase64);
  // JSON.stringify of base64 is exactly '"' + base64 + '"': the alphabet needs no escaping.
  const sign = signAlipayContent(JSON.stringify(ciphertext), keys.privateKeyPem, signType);
  return { ciphertext, sign };
}

/** Flips every bit of one byte in the middle: still base64 of the same length, no longer a valid signature. */
function tamperWithSign(sign: string): string {
  const bytes = Buffer.from(sign, 'base64');
  const middle = bytes.length >> 1;
  bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
  return bytes.toString('base64');
}

/**
 * Builds the `res.response` string `my.getPhoneNumber` hands the mini-program
 * for a scenario, byte-compatible with Alipay's:
 * `{"response":"<ciphertext>","sign":"<sign>","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"}`.
 *
 * Exceptions, as on the real platform:
 * - `missing-encrypt-key`: `{"response":{...40001 body...}}`, unencrypted and unsigned;
 * - `unsigned`: `{"response":"<ciphertext>","encrypt_type":"AES","charset":"UTF-8"}`;
 * - `tampered-sign`: a success payload whose `sign` no longer verifies (same length).
 *
 * Throws a TypeError for an unknown scenario; check input with {@link isAlipayScenario}.
 *
 * @example
 * ```ts
 * const keys = generateAlipaySandboxKeys();
 * const response = buildAlipayPhoneResponse(keys, 'success', { mobile: '13900001111' });
 * await request(app).post('/api/alipay/phone-number').send({ response });
 * ```
 */
export function buildAlipayPhoneResponse(
  keys: AlipaySandboxKeys,
  scenario: AlipayScenario,
  options: BuildAlipayPhoneResponseOptions = {},
): string {
  if (!isAlipayScenario(scenario)) throw new TypeError(`Unknown Alipay scenario: ${String(scenario)}.`);
  const signType = options.signType ?? 'RSA2';
  const body = alipayBusinessBody(scenario, { mobile: options.mobile });

  if (scenario === 'missing-encrypt-key') {
    // No AES key on the platform side, so nothing to encrypt with and nothing signed.
    return JSON.stringify({ response: body });
  }
  const { ciphertext, sign } = encryptAndSign(keys, body, signType);
  if (scenario === 'unsigned') {
    return JSON.stringify({ response: ciphertext, encrypt_type: 'AES', charset: 'UTF-8' });
  }
  return JSON.stringify({
    response: ciphertext,
    sign: scenario === 'tampered-sign' ? tamperWithSign(sign) : sign,
    sign_type: signType,
    encrypt_type: 'AES',
    charset: 'UTF-8',
  });
}

/**
 * Builds the newer button event variant (`onGetPhoneNumber`, base library
 * 2.8.0+): `event.detail = { encryptedData, sign }`, where `encryptedData` is
 * the base64 ciphertext of a success body and `sign` is RSA2 over
 * `'"' + encryptedData + '"'`, the same content the `res.response` form signs.
 *
 * @example
 * ```ts
 * const detail = buildAlipayEventDetail(keys, { mobile: '1-1234432112' });
 * await request(app).post('/api/alipay/phone-number').send(detail);
 * ```
 */
export function buildAlipayEventDetail(
  keys: AlipaySandboxKeys,
  options: BuildAlipayEventDetailOptions = {},
): { encryptedData: string; sign: string } {
  const body = alipayBusinessBody('success', { mobile: options.mobile });
  const { ciphertext, sign } = encryptAndSign(keys, body, 'RSA2');
  return { encryptedData: ciphertext, sign };
}
