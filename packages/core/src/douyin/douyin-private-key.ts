import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { PhonekitError } from '../errors/phonekit-error';
import { decodeBase64Text } from '../lib/base64';

/**
 * The application private key of a Douyin mini-program, parsed once at
 * configuration time. Its public half is the application public key (应用公钥)
 * uploaded in the Douyin console (开发 > 开发配置); Douyin encrypts the data of
 * get_phonenumber_info under it.
 */
export interface DouyinPrivateKey {
  readonly keyObject: KeyObject;
  /** The modulus in bytes: every ciphertext under this key is exactly this long (256 for a 2048-bit key). */
  readonly modulusBytes: number;
}

/** Douyin's console takes RSA public keys; below 2048 bits RSA is no longer considered safe. */
const MIN_MODULUS_BITS = 2048;

const invalid = (message: string): PhonekitError => new PhonekitError('DOUYIN_PRIVATE_KEY_INVALID', { message });

const PUBLIC_KEY_MESSAGE =
  'This is a PUBLIC key: it is what you upload to the Douyin console (应用公钥), and it cannot decrypt. Give its private half, the application private key only you hold.';
const CERTIFICATE_MESSAGE = 'This is a certificate, which holds a public key only. Give the application private key whose public half is uploaded to the Douyin console.';

function checkRsa(keyObject: KeyObject): DouyinPrivateKey {
  if (keyObject.asymmetricKeyType !== 'rsa') {
    throw invalid(`This is not an RSA key (it is ${keyObject.asymmetricKeyType ?? 'of another type'}); Douyin encrypts phone data with RSA, so it needs an RSA private key.`);
  }
  const modulusBits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
  if (modulusBits < MIN_MODULUS_BITS) throw invalid(`This RSA key has only ${modulusBits} bits; use an RSA key of at least ${MIN_MODULUS_BITS} bits.`);
  return { keyObject, modulusBytes: Math.ceil(modulusBits / 8) };
}

/** What DER bytes that are not a private key are: a public key, a certificate, or neither. */
function publicKind(der: Buffer): 'public' | 'certificate' | null {
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      createPublicKey({ key: der, format: 'der', type });
      return 'public';
    } catch {
      // not this encoding
    }
  }
  try {
    new X509Certificate(der);
    return 'certificate';
  } catch {
    return null;
  }
}

/**
 * Reads the application private key of a Douyin mini-program once, into a
 * KeyObject: a PEM (PKCS#1 `BEGIN RSA PRIVATE KEY` or PKCS#8 `BEGIN PRIVATE
 * KEY`) or the bare base64 of either DER, RSA of 2048 bits or more. File
 * paths are the caller's business (core does no I/O).
 *
 * Throws DOUYIN_PRIVATE_KEY_INVALID with a message saying what the text is
 * instead (a public key, a certificate, an encrypted PEM, a key cut short,
 * a key too small or not RSA); the message never repeats the key.
 *
 * @example
 * ```ts
 * const privateKey = loadDouyinPrivateKey(pemText);
 * privateKey.modulusBytes; // 256
 * ```
 */
export function loadDouyinPrivateKey(text: string): DouyinPrivateKey {
  if (typeof text !== 'string') throw invalid('The application private key must be text.');
  const trimmed = text.trim();
  if (trimmed === '') throw invalid('The application private key is empty.');
  if (trimmed.includes('ENCRYPTED PRIVATE KEY-----') || trimmed.includes('Proc-Type: 4,ENCRYPTED')) {
    throw invalid('This private key PEM is encrypted with a passphrase; export it unencrypted.');
  }
  if (trimmed.includes('PUBLIC KEY-----')) throw invalid(PUBLIC_KEY_MESSAGE);
  if (trimmed.includes('CERTIFICATE-----')) throw invalid(CERTIFICATE_MESSAGE);
  for (const marker of ['-----BEGIN PRIVATE KEY-----', '-----BEGIN RSA PRIVATE KEY-----'] as const) {
    if (!trimmed.includes(marker)) continue;
    let keyObject: KeyObject;
    try {
      keyObject = createPrivateKey({ key: trimmed, format: 'pem' });
    } catch {
      throw invalid(`The PEM ("${marker.slice(5, -5)}") could not be read: it may be cut short, or its lines changed.`);
    }
    return checkRsa(keyObject);
  }
  if (trimmed.startsWith('-----')) throw invalid('This PEM block is not a private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY).');
  const der = decodeBase64Text(trimmed.replace(/\s+/g, ''));
  if (der === null) throw invalid('The application private key is neither base64 nor a PEM (it holds other characters).');
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    let keyObject: KeyObject;
    try {
      keyObject = createPrivateKey({ key: der, format: 'der', type });
    } catch {
      continue;
    }
    return checkRsa(keyObject);
  }
  const kind = publicKind(der);
  if (kind === 'public') throw invalid(PUBLIC_KEY_MESSAGE);
  if (kind === 'certificate') throw invalid(CERTIFICATE_MESSAGE);
  throw invalid(`The base64 is not a private key (PKCS#8 or PKCS#1): it may be cut short. It decodes to ${der.length} bytes.`);
}
