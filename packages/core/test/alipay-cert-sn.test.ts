import { alipayCertSn, alipayRootCertSn } from '../src';
import { phonekitErrorFrom } from './support/errors';
import { officialSns } from './support/official-sdk';
import { createOpensslWorkspace, type OpensslRsaKey, type OpensslWorkspace } from './support/openssl';
import {
  makeCertificate,
  opensslIssuerRfc2253,
  opensslMd5Hex,
  opensslSerialDecimal,
  type CertificateSpec,
  type OpensslCertificate,
} from './support/openssl-certificates';
import { ALIPAY_CERT_PUBLIC_KEY_RSA2, ALIPAY_CERT_SN_VECTORS, ALIPAY_ROOT_CERT, APP_CERT_2021001161683774 } from './vectors/alipay-certificates';

// Two independent parties: the official Node SDK (alipay-sdk's getSN, read
// through a configured AlipaySdk) for every certificate, and, for names
// without the SDK's own quirks, the openssl CLI (RFC 2253 issuer, serial,
// md5), which is how the Java SDK computes the same SN.

let openssl: OpensslWorkspace;
let sdkKey: OpensslRsaKey;
let rsaCa: OpensslCertificate;
let sha1Ca: OpensslCertificate;
let ecCa: OpensslCertificate;
let sm2Ca: OpensslCertificate;
const leaves = new Map<string, OpensslCertificate>();

/** Leaves of rsaCa, each with a name or serial shape the SN must get right. */
const LEAF_SPECS: readonly Omit<CertificateSpec, 'issuer'>[] = [
  { name: 'app-cert', subject: '/C=CN/O=杭州某某科技有限公司/OU=Alipay/CN=2088000000000001-2021000000000001', serial: '0x20200518620390409089' },
  { name: 'high-bit-serial', subject: '/CN=serial with the high bit set', serial: '0x80F1E2D3C4B5A69788' },
  { name: 'small-serial', subject: '/CN=a one-byte serial', serial: '7' },
  { name: 'negative-serial', subject: '/CN=a negative serial', serial: '-5' },
];

beforeAll(() => {
  openssl = createOpensslWorkspace();
  sdkKey = openssl.rsaKey('sdk-app');
  rsaCa = makeCertificate(openssl, { name: 'rsa-ca', subject: '/C=CN/O=Ant Financial/OU=Certification Authority/CN=Ant Financial Certification Authority Class 1 R1' });
  sha1Ca = makeCertificate(openssl, { name: 'sha1-ca', subject: '/C=CN/O=iTrusChina/OU=China Trust Network/CN=iTrusChina Class 2 Root CA - G3', digest: 'sha1' });
  ecCa = makeCertificate(openssl, { name: 'ec-ca', subject: '/C=CN/O=Ant Financial/OU=Certification Authority/CN=Ant Financial Certification Authority E1', keyAlgorithm: 'ec', digest: 'sha384' });
  sm2Ca = makeCertificate(openssl, { name: 'sm2-ca', subject: '/C=CN/O=NRCAC/CN=ROOTCA', keyAlgorithm: 'sm2' });
  for (const spec of LEAF_SPECS) leaves.set(spec.name, makeCertificate(openssl, { ...spec, issuer: rsaCa }));
  leaves.set('odd-issuer', makeCertificate(openssl, {
    name: 'odd-issuer',
    subject: '/CN=leaf of an odd CA',
    issuer: makeCertificate(openssl, {
      name: 'odd-ca',
      // emailAddress, L, ST, a comma, a multi-valued RDN and an attribute the Node SDK has no short name for (serialNumber)
      subject: '/C=CN/ST=Zhejiang/L=Hangzhou/O=Comma\\, Inc./OU=Unit A+OU=Unit B/serialNumber=12345/emailAddress=ca@example.com/CN=Odd CA',
      multivalueRdn: true,
    }),
  }));
}, 120_000);

afterAll(() => {
  openssl.dispose();
});

const leaf = (name: string): OpensslCertificate => {
  const found = leaves.get(name);
  if (found === undefined) throw new Error(`no leaf ${name}`);
  return found;
};

/** The official SDK's SNs, with `certificate` as the app certificate and `bundle` as the root. */
const sdk = (certificate: string, bundle: string = ALIPAY_ROOT_CERT) =>
  officialSns(sdkKey.privateKeyPem, { appCert: certificate, alipayCert: ALIPAY_CERT_PUBLIC_KEY_RSA2, rootCert: bundle });

describe('alipayCertSn and alipayRootCertSn on Alipay\'s own certificates', () => {
  test.each(ALIPAY_CERT_SN_VECTORS.map((v) => [v.title, v] as const))('%s', (_title, vector) => {
    const sn = vector.input.kind === 'certificate' ? alipayCertSn(vector.input.pem) : alipayRootCertSn(vector.input.pem);
    expect(sn).toBe(vector.output);
  });

  test('equal what the official SDK computes for them', () => {
    expect(sdk(APP_CERT_2021001161683774)).toEqual({
      appCertSn: alipayCertSn(APP_CERT_2021001161683774),
      alipayCertSn: alipayCertSn(ALIPAY_CERT_PUBLIC_KEY_RSA2),
      alipayRootCertSn: alipayRootCertSn(ALIPAY_ROOT_CERT),
    });
  });
});

describe('alipayCertSn', () => {
  test.each(LEAF_SPECS.map((spec) => [spec.name]))('equals the official SDK for the openssl leaf %s', (name) => {
    expect(alipayCertSn(leaf(name).pem)).toBe(sdk(leaf(name).pem).appCertSn);
  });

  test.each(LEAF_SPECS.filter((spec) => spec.name !== 'negative-serial').map((spec) => [spec.name]))(
    'equals md5(RFC 2253 issuer + decimal serial) computed by openssl for %s',
    (name) => {
      const certificate = leaf(name);
      const expected = opensslMd5Hex(openssl, `${opensslIssuerRfc2253(openssl, certificate)}${opensslSerialDecimal(openssl, certificate)}`);
      expect(alipayCertSn(certificate.pem)).toBe(expected);
    },
  );

  test('reads a negative serial as Java\'s BigInteger does, as the official SDK does for short serials', () => {
    const certificate = leaf('negative-serial');
    expect(opensslSerialDecimal(openssl, certificate)).toBe('-5');
    const expected = opensslMd5Hex(openssl, `${opensslIssuerRfc2253(openssl, certificate)}-5`);
    expect(alipayCertSn(certificate.pem)).toBe(expected);
  });

  test('prints an issuer with email, L, ST, a comma, a multi-valued RDN and an unnamed attribute as the official SDK does', () => {
    const certificate = leaf('odd-issuer');
    expect(alipayCertSn(certificate.pem)).toBe(sdk(certificate.pem).appCertSn);
    // ...which is not RFC 2253 (Java's getName()) for such a name: Alipay's CAs never use one.
    const rfc2253 = opensslMd5Hex(openssl, `${opensslIssuerRfc2253(openssl, certificate)}${opensslSerialDecimal(openssl, certificate)}`);
    expect(alipayCertSn(certificate.pem)).not.toBe(rfc2253);
  });

  test('takes the first certificate of several, as the SDKs do', () => {
    expect(alipayCertSn(`${leaf('app-cert').pem}\n${rsaCa.pem}`)).toBe(alipayCertSn(leaf('app-cert').pem));
  });

  test('reads a PEM with CRLF line ends and text around it', () => {
    const crlf = `Bag Attributes\r\n${leaf('app-cert').pem.replace(/\n/g, '\r\n')}trailing words`;
    expect(alipayCertSn(crlf)).toBe(alipayCertSn(leaf('app-cert').pem));
  });

  test('gives a different SN for a different serial under the same issuer', () => {
    expect(alipayCertSn(leaf('small-serial').pem)).not.toBe(alipayCertSn(leaf('high-bit-serial').pem));
  });
});

describe('alipayRootCertSn', () => {
  test('joins the SNs of the RSA roots with "_" in file order, skipping SM2 and ECDSA, like the official SDK', () => {
    const bundle = [sm2Ca.pem, rsaCa.pem, ecCa.pem, sha1Ca.pem].join('\n');
    const expected = `${alipayCertSn(rsaCa.pem)}_${alipayCertSn(sha1Ca.pem)}`;
    expect(alipayRootCertSn(bundle)).toBe(expected);
    expect(sdk(rsaCa.pem, bundle).alipayRootCertSn).toBe(expected);
  });

  test('is the one SN of a bundle with a single RSA root', () => {
    expect(alipayRootCertSn(rsaCa.pem)).toBe(alipayCertSn(rsaCa.pem));
    expect(sdk(rsaCa.pem, rsaCa.pem).alipayRootCertSn).toBe(alipayCertSn(rsaCa.pem));
  });

  test('keeps the file order, not a sorted one', () => {
    expect(alipayRootCertSn([sha1Ca.pem, rsaCa.pem].join('\n'))).toBe(`${alipayCertSn(sha1Ca.pem)}_${alipayCertSn(rsaCa.pem)}`);
  });
});

describe('certificates that are not readable', () => {
  const truncated = (): string => {
    const lines = rsaCa.pem.trim().split('\n');
    return [...lines.slice(0, 6), lines[lines.length - 1]].join('\n');
  };

  test.each([
    ['an empty text', ''],
    ['a public key PEM', '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----'],
    ['a certificate block of garbage', '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----'],
  ])('alipayCertSn refuses %s with ALIPAY_CERTIFICATE_INVALID', (_what, text) => {
    expect(phonekitErrorFrom(() => alipayCertSn(text)).code).toBe('ALIPAY_CERTIFICATE_INVALID');
  });

  test('alipayCertSn refuses a truncated certificate', () => {
    expect(phonekitErrorFrom(() => alipayCertSn(truncated())).code).toBe('ALIPAY_CERTIFICATE_INVALID');
  });

  test('alipayRootCertSn refuses a bundle with no RSA-signed root, naming the likely mistake', () => {
    const err = phonekitErrorFrom(() => alipayRootCertSn(`${sm2Ca.pem}\n${ecCa.pem}`));
    expect(err.code).toBe('ALIPAY_CERTIFICATE_INVALID');
    expect(err.message).toMatch(/RSA-signed/);
  });

  test('alipayRootCertSn refuses a bundle with one unreadable certificate, saying which', () => {
    const err = phonekitErrorFrom(() => alipayRootCertSn(`${rsaCa.pem}\n${truncated()}`));
    expect(err.code).toBe('ALIPAY_CERTIFICATE_INVALID');
    expect(err.message).toMatch(/Certificate 2 /);
  });

  test('alipayRootCertSn refuses a text without certificates', () => {
    expect(phonekitErrorFrom(() => alipayRootCertSn('alipayRootCert.crt')).code).toBe('ALIPAY_CERTIFICATE_INVALID');
  });
});
