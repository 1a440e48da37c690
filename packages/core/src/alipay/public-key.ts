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
  'This is a PRIVATE key. The Alipay public key (支付宝公钥) is the one shown in the Alipay console under 接口加签方式; your application private key is never given out where a public key is asked for.';

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

/** One DER tag-length-value at `at`: where its content starts and ends, or null when it overruns `end`. */
function derItem(der: Buffer, at: number, end: number): { tag: number; start: number; end: number } | null {
  if (at + 2 > end) return null;
  const tag = der[at] ?? -1;
  let length = der[at + 1] ?? 0;
  let start = at + 2;
  if (length >= 0x80) {
    const octets = length - 0x80;
    if (octets < 1 || octets > 3 || start + octets > end) return null;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (der[start + i] ?? 0);
    start += octets;
  }
  return start + length > end ? null : { tag, start, end: start + length };
}

/** AlgorithmIdentifier { rsaEncryption, NULL }, as every RSA SPKI carries it. */
const RSA_ALGORITHM = Buffer.from('300d06092a864886f70d0101010500', 'hex');

/** An unsigned big-endian INTEGER's magnitude as base64url (a JWK field). */
const jwkInteger = (der: Buffer, item: { start: number; end: number }): string => {
  let start = item.start;
  while (start < item.end - 1 && der[start] === 0) start++;
  return der.subarray(start, item.end).toString('base64url');
};

/**
 * The common case, cheaply: an RSA SPKI DER (what the console shows, and what
 * a "BEGIN PUBLIC KEY" PEM holds). OpenSSL 3 parses DER through its generic
 * decoder search, about ten times slower than building the key from its
 * modulus and exponent (JWK), so read those two out here, build the key, and
 * keep it only if it exports back to exactly the input bytes: then it is the
 * very key OpenSSL would have read. Anything else (PKCS#1, a private key, an
 * odd encoding) returns null and takes the full path with its diagnoses. An
 * SPKI is never a private key, so this path needs no private-key probe.
 */
function rsaSpkiFast(der: Buffer): KeyObject | null {
  const outer = derItem(der, 0, der.length);
  if (outer === null || outer.tag !== 0x30 || outer.end !== der.length) return null;
  const algorithmEnd = outer.start + RSA_ALGORITHM.length;
  if (algorithmEnd > outer.end || !der.subarray(outer.start, algorithmEnd).equals(RSA_ALGORITHM)) return null;
  const bits = derItem(der, algorithmEnd, outer.end);
  if (bits === null || bits.tag !== 0x03 || bits.end !== outer.end || der[bits.start] !== 0) return null;
  const rsa = derItem(der, bits.start + 1, bits.end);
  if (rsa === null || rsa.tag !== 0x30 || rsa.end !== bits.end) return null;
  const n = derItem(der, rsa.start, rsa.end);
  const e = n === null ? null : derItem(der, n.end, rsa.end);
  if (n === null || e === null || n.tag !== 0x02 || e.tag !== 0x02 || e.end !== rsa.end) return null;
  try {
    const key = createPublicKey({ key: { kty: 'RSA', n: jwkInteger(der, n), e: jwkInteger(der, e) }, format: 'jwk' });
    return key.export({ type: 'spki', format: 'der' }).equals(der) ? key : null;
  } catch {
    return null;
  }
}

/** The DER inside the first "BEGIN PUBLIC KEY" PEM block, when it is plain base64 (no PEM headers). */
function spkiPemBody(text: string): Buffer | null {
  const block = /-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----/.exec(text);
  return block?.[1] === undefined ? null : decodeBase64Text(block[1].replace(/\s+/g, ''));
}

function checkRsa(key: KeyObject, format: AlipayPublicKeyFormat): AlipayPublicKey {
  if (key.asymmetricKeyType !== 'rsa') {
    throw invalid(`This is a ${key.asymmetricKeyType ?? 'non-RSA'} key; Alipay signs with RSA.`);
  }
  const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (modulusBits < 1024) throw invalid(`This RSA key has only ${modulusBits} bits; Alipay keys have 2048.`);
  return { key, format, modulusBits };
}

/** A self-issued CA certificate: a root, which vouches for other certificates and verifies nothing itself. */
function isRootCertificate(cert: X509Certificate): boolean {
  return cert.ca && cert.issuer === cert.subject;
}

const ROOT_CERTIFICATE_MESSAGE =
  "This is the Alipay ROOT certificate (alipayRootCert.crt): it vouches for Alipay's other certificates and verifies no payload. As the Alipay public key use alipayCertPublicKey_RSA2.crt (the Alipay public-key certificate); the root certificate only serves to compute alipay_root_cert_sn.";

/**
 * Whether the text is Alipay's root bundle rather than the public-key
 * certificate: its first certificate is a root, and either that root's key is
 * SM2 (node names no type for it: the real bundle starts with the SM2 root
 * NRCAC ROOTCA) or the file holds several certificates, a root with a key
 * other than RSA among them (the bundle also holds an ECDSA root). Self-signed
 * RSA certificates alone (a test set-up) are not.
 */
function isRootBundle(first: X509Certificate, pems: readonly string[]): boolean {
  if (!isRootCertificate(first)) return false;
  if (first.publicKey.asymmetricKeyType === undefined) return true;
  return pems.length > 1 && pems.some((pem) => {
    try {
      const cert = new X509Certificate(pem);
      return isRootCertificate(cert) && cert.publicKey.asymmetricKeyType !== 'rsa';
    } catch {
      return false;
    }
  });
}

function fromCertificate(text: string): AlipayPublicKey {
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const firstPem = pems[0];
  if (firstPem === undefined) throw invalid('The certificate is not a complete PEM block.');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(firstPem);
  } catch {
    throw invalid(
      'The certificate could not be read. In certificate mode use alipayCertPublicKey_RSA2.crt (the Alipay public-key certificate), not the root certificate or your app certificate.',
    );
  }
  if (isRootBundle(cert, pems)) throw invalid(ROOT_CERTIFICATE_MESSAGE);
  if (cert.publicKey.asymmetricKeyType !== 'rsa') {
    throw invalid(
      `This certificate holds ${cert.publicKey.asymmetricKeyType === undefined ? 'an SM2 or other non-RSA' : `a ${cert.publicKey.asymmetricKeyType}`} key; the RSA2 and RSA sign types need alipayCertPublicKey_RSA2.crt, whose key is RSA.`,
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
    const der = spkiPemBody(text);
    const fast = der === null ? null : rsaSpkiFast(der);
    if (fast !== null) return checkRsa(fast, 'spki-pem');
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
  const fast = rsaSpkiFast(der);
  if (fast !== null) return checkRsa(fast, 'spki-base64');
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
