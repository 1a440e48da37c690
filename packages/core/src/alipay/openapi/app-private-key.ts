import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { PhonekitError } from '../../errors/phonekit-error';
import { decodeBase64Text } from '../../lib/base64';

/** How the application private key was given. */
export type AlipayAppPrivateKeyFormat = 'pkcs8-base64' | 'pkcs1-base64' | 'pkcs8-pem' | 'pkcs1-pem';

/** The application private key (应用私钥), parsed once at configuration time. It signs OpenAPI requests. */
export interface AlipayAppPrivateKey {
  readonly key: KeyObject;
  readonly format: AlipayAppPrivateKeyFormat;
  readonly modulusBits: number;
  /**
   * Its public half as bare base64 SPKI: the application public key (应用公钥)
   * that must be uploaded under 接口加签方式. Not secret; compare it with the
   * console to find a mismatched pair, or with the configured Alipay public
   * key to catch the application public key pasted in its place.
   */
  readonly publicKeyBase64: string;
}

const invalid = (message: string): PhonekitError => new PhonekitError('APP_PRIVATE_KEY_INVALID', { message });

const PUBLIC_KEY_MESSAGE =
  'This is a PUBLIC key or a certificate. Requests are signed with the application private key (应用私钥), which only you hold; the Alipay public key verifies answers.';

function checkRsa(key: KeyObject, format: AlipayAppPrivateKeyFormat): AlipayAppPrivateKey {
  if (key.asymmetricKeyType !== 'rsa') throw invalid(`This is a ${key.asymmetricKeyType ?? 'non-RSA'} key; Alipay's RSA2 and RSA sign types need an RSA key.`);
  const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (modulusBits < 1024) throw invalid(`This RSA key has only ${modulusBits} bits; Alipay's key tool makes 2048-bit keys.`);
  const publicKeyBase64 = createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
  return { key, format, modulusBits, publicKeyBase64 };
}

function looksPublic(der: Buffer): boolean {
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      createPublicKey({ key: der, format: 'der', type });
      return true;
    } catch {
      // not this encoding
    }
  }
  return false;
}

/**
 * Reads the application private key once, into a KeyObject. Accepts what
 * Alipay's key tool (支付宝开放平台密钥工具) and the SDKs hand out: bare base64
 * PKCS#8 (`MIIEvQ...`, the tool's "PKCS8(Java适用)") or PKCS#1 (`MIIEpA...`),
 * or a PEM of either (`BEGIN PRIVATE KEY`, `BEGIN RSA PRIVATE KEY`). File
 * paths are the caller's business (core does no I/O).
 *
 * Throws APP_PRIVATE_KEY_INVALID with a message naming the mistake (a public
 * key or certificate, an encrypted PEM, a truncated paste); the message never
 * repeats the key.
 *
 * @example
 * ```ts
 * const appKey = loadAlipayAppPrivateKey(privateKeyText);
 * appKey.publicKeyBase64; // the 应用公钥 to upload: 'MIIBIjANBg...'
 * ```
 */
export function loadAlipayAppPrivateKey(input: string): AlipayAppPrivateKey {
  if (typeof input !== 'string') throw invalid('The application private key must be text.');
  const text = input.trim();
  if (text === '') throw invalid('The application private key is empty.');
  if (text.includes('ENCRYPTED PRIVATE KEY-----') || text.includes('Proc-Type: 4,ENCRYPTED')) {
    throw invalid('This private key PEM is encrypted with a passphrase; export it unencrypted (as the key tool makes it).');
  }
  if (text.includes('PUBLIC KEY-----') || text.includes('CERTIFICATE-----')) throw invalid(PUBLIC_KEY_MESSAGE);
  for (const [marker, format] of [
    ['-----BEGIN PRIVATE KEY-----', 'pkcs8-pem'],
    ['-----BEGIN RSA PRIVATE KEY-----', 'pkcs1-pem'],
  ] as const) {
    if (!text.includes(marker)) continue;
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: text, format: 'pem' });
    } catch {
      throw invalid(`The PEM ("${marker.slice(5, -5)}") could not be read: it may be truncated.`);
    }
    return checkRsa(key, format);
  }
  if (text.startsWith('-----')) throw invalid('This PEM block is not a private key.');
  const der = decodeBase64Text(text.replace(/\s+/g, ''));
  if (der === null) throw invalid('The application private key is not base64 or PEM (it contains other characters).');
  for (const [type, format] of [
    ['pkcs8', 'pkcs8-base64'],
    ['pkcs1', 'pkcs1-base64'],
  ] as const) {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: der, format: 'der', type });
    } catch {
      continue;
    }
    return checkRsa(key, format);
  }
  if (looksPublic(der)) throw invalid(PUBLIC_KEY_MESSAGE);
  throw invalid(`The base64 is not an RSA private key (PKCS#8 or PKCS#1); it may be truncated. It decodes to ${der.length} bytes.`);
}
