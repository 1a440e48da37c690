import { generateKeyPairSync, randomBytes } from 'node:crypto';

/**
 * Everything a test needs to play one Alipay app: Alipay's RSA key pair (in
 * every form a developer meets it) and the app's AES content-encryption key.
 * Sandbox only: the private key is the one real Alipay keeps to itself.
 */
export interface AlipaySandboxKeys {
  /** The mini-program's appId, 16 digits like `2021009999000001`. */
  appId: string;
  /** Alipay's private key, PKCS#8 PEM (`BEGIN PRIVATE KEY`). Signs responses. */
  privateKeyPem: string;
  /** Alipay's public key, SPKI PEM (`BEGIN PUBLIC KEY`). */
  publicKeyPem: string;
  /** The same public key as bare base64 SPKI, the way the Alipay console shows "支付宝公钥". */
  publicKeyBase64: string;
  /** The same public key as PKCS#1 PEM (`BEGIN RSA PUBLIC KEY`). */
  publicKeyPkcs1Pem: string;
  /** The app's AES key: base64 of 16 random bytes (24/32 when asked), as the console shows it. */
  aesKeyBase64: string;
}

/** Options for {@link generateAlipaySandboxKeys}. */
export interface GenerateAlipaySandboxKeysOptions {
  /** Defaults to `2021009999000001`. */
  appId?: string;
  /** RSA modulus bits; Alipay uses 2048 (the default). */
  modulusLength?: 2048 | 3072 | 4096;
  /** AES key bytes: 16 (AES-128, what the console issues, the default), 24 or 32. */
  aesKeyBytes?: 16 | 24 | 32;
}

const DEFAULT_APP_ID = '2021009999000001';
const MODULUS_LENGTHS: readonly number[] = [2048, 3072, 4096];
const AES_KEY_BYTES: readonly number[] = [16, 24, 32];

function stripPem(pem: string): string {
  return pem
    .replace(/-----(BEGIN|END) [A-Z ]+-----/g, '')
    .replace(/\s+/g, '');
}

/**
 * Makes a fresh set of sandbox keys: an RSA key pair standing in for Alipay's
 * and a random AES key standing in for the app's. A 2048-bit key takes about
 * 100 ms; generate once per test file, not per test.
 *
 * Throws a TypeError for an empty appId and a RangeError for a modulus or AES
 * key size Alipay does not use.
 *
 * @example
 * ```ts
 * const keys = generateAlipaySandboxKeys({ appId: '2021000000000000' });
 * // Configure the server under test as the Alipay console would:
 * process.env.ALIPAY_PUBLIC_KEY = keys.publicKeyBase64;
 * process.env.ALIPAY_AES_KEY = keys.aesKeyBase64;
 * ```
 */
export function generateAlipaySandboxKeys(options: GenerateAlipaySandboxKeysOptions = {}): AlipaySandboxKeys {
  const appId = options.appId ?? DEFAULT_APP_ID;
  const modulusLength = options.modulusLength ?? 2048;
  const aesKeyBytes = options.aesKeyBytes ?? 16;
  if (typeof appId !== 'string' || appId.trim() === '') {
    throw new TypeError('appId must be a non-empty string.');
  }
  if (!MODULUS_LENGTHS.includes(modulusLength)) {
    throw new RangeError(`modulusLength must be 2048, 3072 or 4096, not ${String(modulusLength)}.`);
  }
  if (!AES_KEY_BYTES.includes(aesKeyBytes)) {
    throw new RangeError(`aesKeyBytes must be 16, 24 or 32, not ${String(aesKeyBytes)}.`);
  }

  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength, publicExponent: 0x10001 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    appId,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem,
    publicKeyBase64: stripPem(publicKeyPem),
    publicKeyPkcs1Pem: publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    aesKeyBase64: randomBytes(aesKeyBytes).toString('base64'),
  };
}
