import { X509Certificate, createPublicKey, createPrivateKey, type KeyObject } from 'node:crypto';
import { PhonekitError } from '../errors/phonekit-error';
import { decodeBase64Text } from '../lib/base64';

/** How the Alipay public key was given. */
export type AlipayPublicKeyFormat = 'spki-base64' | 'spki-pem' | 'pkcs1-pem' | 'pkcs1-base64' | 'certificate';

/** An Alipay public key parsed once, at configuration time. */
export interface AlipayPublicKey {
  readonly key: KeyObject;
  readonly format: AlipayPublicKeyFormat;
  readonly modulusBits: number;
  /** For certificate mode: the certificate's serial number and validity, for diagnostics. */
  readonly certificate?: { readonly serialNumber: string; readonly validFrom: string; readonly validTo: string; readonly subject: string };
}

const invalid = (message: string): PhonekitError => new PhonekitError('PUBLIC_KEY_INVALID', { message });

const PRIVATE_KEY_MESSAGE =
  'This is a PRIVATE key. ALIPAY_PUBLIC_KEY takes the Alipay public key (支付宝公钥) shown in the Alipay console under 接口加签方式; your application private key never belongs on this server.';

function looksPrivate(der: Buffer): boolean {
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', type });
      return true;
    } catch {
      // not this encoding
    }
  }
  return false;
}

function checkRsa(key: KeyObject, format: AlipayPublicKeyFormat): AlipayPublicKey {
  if (key.asymmetricKeyType !== 'rsa') {
    throw invalid(`This is a ${key.asymmetricKeyType ?? 'non-RSA'} key; Alipay signs with RSA.`);
  }
  const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (modulusBits < 1024) throw invalid(`This RSA key has only ${modulusBits} bits; Alipay keys have 2048.`);
  return { key, format, modulusBits };
}

function fromCertificate(text: string): AlipayPublicKey {
  const firstPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
  if (firstPem === null) throw invalid('The certificate is not a complete PEM block.');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(firstPem[0]);
  } catch {
    throw invalid(
      'The certificate could not be read. In certificate mode use alipayCertPublicKey_RSA2.crt (the Alipay public-key certificate), not the root certificate or your app certificate.',
    );
  }
  const loaded = checkRsa(cert.publicKey, 'certificate');
  return {
    ...loaded,
    certificate: {
      serialNumber: cert.serialNumber,
      validFrom: cert.validFrom,
      validTo: cert.validTo,
      subject: cert.subject.replace(/\n/g, ', '),
    },
  };
}

function describeLength(bytes: number): string {
  if (bytes === 16 || bytes === 24 || bytes === 32) {
    return ` It decodes to ${bytes} bytes: this looks like the AES key, not the Alipay public key.`;
  }
  return ` It decodes to ${bytes} bytes.`;
}

/**
 * Reads an Alipay public key once, into a KeyObject. Accepts what the console
 * and SDKs hand out: bare base64 SPKI (`MIIBIjANBg...`), an SPKI PEM
 * (`-----BEGIN PUBLIC KEY-----`), a PKCS#1 PEM (`-----BEGIN RSA PUBLIC KEY-----`)
 * or, in certificate mode, the text of `alipayCertPublicKey_RSA2.crt`.
 * File paths are the caller's business (core does no I/O).
 *
 * Throws PUBLIC_KEY_INVALID with a message naming the mistake (a private key,
 * an AES key, a truncated paste).
 *
 * @example
 * ```ts
 * const alipayKey = loadAlipayPublicKey(process.env.ALIPAY_PUBLIC_KEY ?? '');
 * alipayKey.format; // 'spki-base64'
 * ```
 */
export function loadAlipayPublicKey(input: string): AlipayPublicKey {
  const text = input.trim();
  if (text === '') throw invalid('The Alipay public key is empty.');
  if (text.includes('PRIVATE KEY-----')) throw invalid(PRIVATE_KEY_MESSAGE);
  if (text.includes('-----BEGIN CERTIFICATE-----')) return fromCertificate(text);
  if (text.includes('-----BEGIN RSA PUBLIC KEY-----')) {
    try {
      return checkRsa(createPublicKey({ key: text, format: 'pem', type: 'pkcs1' }), 'pkcs1-pem');
    } catch (err) {
      if (err instanceof PhonekitError) throw err;
      throw invalid('The PKCS#1 PEM ("BEGIN RSA PUBLIC KEY") could not be read: it may be truncated.');
    }
  }
  if (text.includes('-----BEGIN PUBLIC KEY-----')) {
    try {
      return checkRsa(createPublicKey({ key: text, format: 'pem', type: 'spki' }), 'spki-pem');
    } catch (err) {
      if (err instanceof PhonekitError) throw err;
      throw invalid('The PEM ("BEGIN PUBLIC KEY") could not be read: it may be truncated.');
    }
  }
  if (text.startsWith('-----')) throw invalid('This PEM block is neither a public key nor a certificate.');
  const compact = text.replace(/\s+/g, '');
  const der = decodeBase64Text(compact);
  if (der === null) throw invalid('The Alipay public key is not base64 or PEM (it contains other characters).');
  // Before the public parsers: node's createPublicKey derives a public key from
  // a private key DER given as type 'pkcs1', so a pasted private key would load.
  if (looksPrivate(der)) throw invalid(PRIVATE_KEY_MESSAGE);
  for (const [type, format] of [
    ['spki', 'spki-base64'],
    ['pkcs1', 'pkcs1-base64'],
  ] as const) {
    try {
      return checkRsa(createPublicKey({ key: der, format: 'der', type }), format);
    } catch (err) {
      if (err instanceof PhonekitError) throw err;
      // try the next encoding
    }
  }
  throw invalid(`The base64 is not an RSA public key (SPKI or PKCS#1); it may be truncated.${describeLength(der.length)}`);
}
