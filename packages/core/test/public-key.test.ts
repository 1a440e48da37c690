import { loadAlipayPublicKey } from '../src';
import { phonekitErrorFrom } from './support/errors';
import { createOpensslWorkspace, type OpensslRsaKey, type OpensslWorkspace } from './support/openssl';
import { AES_128_KEY, AES_256_KEY } from './vectors/alipay-aes';
import { makeCertificate } from './support/openssl-certificates';
import { ALIPAY_CERT_PUBLIC_KEY_RSA2, ALIPAY_ROOT_CERT } from './vectors/alipay-certificates';
import { FIXED_ALIPAY_PUBLIC_KEY } from './vectors/alipay-signed';

const PRIVATE_KEY_MESSAGE =
  'This is a PRIVATE key. The Alipay public key (支付宝公钥) is the one shown in the Alipay console under 接口加签方式; your application private key is never given out where a public key is asked for.';

const ROOT_CERTIFICATE_MESSAGE =
  "This is the Alipay ROOT certificate (alipayRootCert.crt): it vouches for Alipay's other certificates and verifies no payload. As the Alipay public key use alipayCertPublicKey_RSA2.crt (the Alipay public-key certificate); the root certificate only serves to compute alipay_root_cert_sn.";

let openssl: OpensslWorkspace;
let alipay: OpensslRsaKey;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  alipay = openssl.rsaKey('alipay');
}, 30_000);

afterAll(() => {
  openssl.dispose();
});

function pemBody(pem: string): string {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

function refusal(input: string): { code: string; message: string } {
  const err = phonekitErrorFrom(() => loadAlipayPublicKey(input));
  return { code: err.code, message: err.message };
}

describe('loadAlipayPublicKey', () => {
  describe('reads every form openssl and the Alipay console hand out', () => {
    test('bare base64 SPKI, as the console shows the 支付宝公钥', () => {
      const key = loadAlipayPublicKey(alipay.publicKeyBase64);
      expect(key.format).toBe('spki-base64');
      expect(key.modulusBits).toBe(2048);
      expect(key.key.type).toBe('public');
      expect(key.key.asymmetricKeyType).toBe('rsa');
      expect(key.certificate).toBeUndefined();
    });

    test('bare base64 SPKI wrapped over several lines', () => {
      expect(loadAlipayPublicKey(`  ${pemBody(alipay.publicKeyPem).replace(/(.{64})/g, '$1\n')}\n`).format).toBe('spki-base64');
    });

    test('an SPKI PEM from openssl pkey -pubout', () => {
      expect(loadAlipayPublicKey(alipay.publicKeyPem).format).toBe('spki-pem');
    });

    test('an SPKI PEM with CRLF line endings and surrounding blank lines', () => {
      expect(loadAlipayPublicKey(`\r\n${alipay.publicKeyPem.replace(/\n/g, '\r\n')}\r\n`).format).toBe('spki-pem');
    });

    test('a PKCS#1 PEM from openssl rsa -RSAPublicKey_out', () => {
      expect(loadAlipayPublicKey(alipay.publicKeyPkcs1Pem).format).toBe('pkcs1-pem');
    });

    test('bare base64 PKCS#1', () => {
      expect(loadAlipayPublicKey(alipay.publicKeyPkcs1Base64).format).toBe('pkcs1-base64');
    });

    test('a self-signed certificate alipayCertPublicKey_RSA2.crt', () => {
      const key = loadAlipayPublicKey(alipay.certificatePem);
      expect(key.format).toBe('certificate');
      expect(key.modulusBits).toBe(2048);
      expect(key.certificate?.subject).toBe('CN=alipayCertPublicKey_RSA2');
      expect(key.certificate?.serialNumber).toBe(alipay.certificateSerial);
      expect(Date.parse(key.certificate?.validTo ?? '') - Date.parse(key.certificate?.validFrom ?? '')).toBe(24 * 60 * 60 * 1000);
    });

    test('a certificate chain, using its first certificate', () => {
      const other = openssl.rsaKey('other');
      const key = loadAlipayPublicKey(`${alipay.certificatePem}\n${other.certificatePem}`);
      expect(key.key.export({ format: 'pem', type: 'spki' })).toBe(alipay.publicKeyPem);
    });

    test('every form yields the same key as openssl exported', () => {
      const forms = [alipay.publicKeyBase64, alipay.publicKeyPem, alipay.publicKeyPkcs1Pem, alipay.publicKeyPkcs1Base64, alipay.certificatePem];
      for (const form of forms) {
        expect(loadAlipayPublicKey(form).key.export({ format: 'der', type: 'spki' }).toString('base64')).toBe(alipay.publicKeyBase64);
      }
    });

    test('the pasted known-answer key', () => {
      expect(loadAlipayPublicKey(FIXED_ALIPAY_PUBLIC_KEY)).toMatchObject({ format: 'spki-base64', modulusBits: 2048 });
    });
  });

  describe('certificate mode, with the files the Alipay console issues', () => {
    test("reads Alipay's real alipayCertPublicKey_RSA2.crt", () => {
      const key = loadAlipayPublicKey(ALIPAY_CERT_PUBLIC_KEY_RSA2);
      expect(key).toMatchObject({ format: 'certificate', modulusBits: 2048 });
      expect(key.certificate?.subject).toMatch(/CN=支付宝\(中国\)网络技术有限公司-2088831204659217/);
    });

    test("names Alipay's real alipayRootCert.crt (its first certificate is SM2) as the ROOT certificate", () => {
      expect(refusal(ALIPAY_ROOT_CERT)).toEqual({ code: 'PUBLIC_KEY_INVALID', message: ROOT_CERTIFICATE_MESSAGE });
    });

    test('names its SM2 root alone as the ROOT certificate too', () => {
      const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(ALIPAY_ROOT_CERT)?.[0] ?? '';
      expect(refusal(first).message).toBe(ROOT_CERTIFICATE_MESSAGE);
    });

    test('names an openssl-made bundle of an SM2 root and an RSA root as the ROOT certificate', () => {
      const sm2 = makeCertificate(openssl, { name: 'sm2-root', subject: '/C=CN/O=NRCAC/CN=ROOTCA', keyAlgorithm: 'sm2' });
      const rsa = makeCertificate(openssl, { name: 'rsa-root', subject: '/C=CN/O=Ant Financial/OU=Certification Authority/CN=Ant Financial Certification Authority R1' });
      expect(refusal(`${sm2.pem}${rsa.pem}`).message).toBe(ROOT_CERTIFICATE_MESSAGE);
    });

    test('names the reordered bundle, an RSA root first, as the ROOT certificate', () => {
      const [sm2, rsaRoot, ...rest] = ALIPAY_ROOT_CERT.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
      expect(refusal([rsaRoot, sm2, ...rest].join('\n')).message).toBe(ROOT_CERTIFICATE_MESSAGE);
    });

    test('reads a leaf followed by the CA that issued it, with the leaf key', () => {
      const ca = makeCertificate(openssl, { name: 'class2-ca', subject: '/C=CN/O=Ant Financial/CN=Ant Financial Certification Authority Class 2 R1' });
      const leaf = makeCertificate(openssl, { name: 'leaf', subject: '/C=CN/O=Alipay/CN=alipayCertPublicKey_RSA2', issuer: ca });
      const key = loadAlipayPublicKey(`${leaf.pem}${ca.pem}`);
      const leafKey = openssl.run(['x509', '-in', leaf.certPath, '-noout', '-pubkey']).toString('utf8');
      expect(key.key.export({ type: 'spki', format: 'pem' })).toBe(leafKey);
    });

    test('names an SM2 leaf certificate as a key RSA2 cannot use', () => {
      const ca = makeCertificate(openssl, { name: 'sm2-ca', subject: '/CN=SM2 CA', keyAlgorithm: 'sm2' });
      const leaf = makeCertificate(openssl, { name: 'sm2-leaf', subject: '/CN=alipayCertPublicKey_SM2', keyAlgorithm: 'sm2', issuer: ca });
      expect(refusal(leaf.pem).message).toBe(
        'This certificate holds an SM2 or other non-RSA key; the RSA2 and RSA sign types need alipayCertPublicKey_RSA2.crt, whose key is RSA.',
      );
    });
  });

  describe('refuses a private key, saying it is PRIVATE', () => {
    test('a PKCS#8 PEM', () => {
      expect(refusal(alipay.privateKeyPem)).toEqual({ code: 'PUBLIC_KEY_INVALID', message: PRIVATE_KEY_MESSAGE });
    });

    test('a PKCS#1 PEM (BEGIN RSA PRIVATE KEY)', () => {
      expect(alipay.privateKeyPkcs1Pem).toContain('BEGIN RSA PRIVATE KEY');
      expect(refusal(alipay.privateKeyPkcs1Pem)).toEqual({ code: 'PUBLIC_KEY_INVALID', message: PRIVATE_KEY_MESSAGE });
    });

    // Regression: node derives a public key from a private key DER given as 'pkcs1', so these loaded as 'pkcs1-base64'.
    test('bare base64 PKCS#8', () => {
      expect(refusal(alipay.privateKeyPkcs8Base64)).toEqual({ code: 'PUBLIC_KEY_INVALID', message: PRIVATE_KEY_MESSAGE });
    });

    test('bare base64 PKCS#1', () => {
      expect(refusal(alipay.privateKeyPkcs1Base64)).toEqual({ code: 'PUBLIC_KEY_INVALID', message: PRIVATE_KEY_MESSAGE });
    });

    test('bare base64 PKCS#8 wrapped over lines', () => {
      expect(refusal(pemBody(alipay.privateKeyPem).replace(/(.{64})/g, '$1\n')).message).toBe(PRIVATE_KEY_MESSAGE);
    });

    test('never echoes the private key in the message', () => {
      const err = phonekitErrorFrom(() => loadAlipayPublicKey(alipay.privateKeyPkcs8Base64));
      expect(err.message).not.toContain(alipay.privateKeyPkcs8Base64.slice(0, 40));
      expect(JSON.stringify(err)).not.toContain(alipay.privateKeyPkcs8Base64.slice(0, 40));
    });
  });

  describe('refuses other mistakes with a message naming them', () => {
    test('the AES key given as the public key', () => {
      expect(refusal(AES_128_KEY.base64)).toEqual({
        code: 'PUBLIC_KEY_INVALID',
        message:
          'The base64 is not an RSA public key (SPKI or PKCS#1); it may be truncated. It decodes to 16 bytes: this looks like the AES key, not the Alipay public key.',
      });
    });

    test('an AES-256 key given as the public key', () => {
      expect(refusal(AES_256_KEY.base64).message).toBe(
        'The base64 is not an RSA public key (SPKI or PKCS#1); it may be truncated. It decodes to 32 bytes: this looks like the AES key, not the Alipay public key.',
      );
    });

    test('a truncated bare base64 key', () => {
      expect(refusal(alipay.publicKeyBase64.slice(0, 200))).toEqual({
        code: 'PUBLIC_KEY_INVALID',
        message: 'The base64 is not an RSA public key (SPKI or PKCS#1); it may be truncated. It decodes to 150 bytes.',
      });
    });

    test('a truncated SPKI PEM', () => {
      const lines = alipay.publicKeyPem.trim().split('\n');
      const truncated = [...lines.slice(0, 3), lines[lines.length - 1] ?? ''].join('\n');
      expect(refusal(truncated).message).toBe('The PEM ("BEGIN PUBLIC KEY") could not be read: it may be truncated.');
    });

    test('a truncated PKCS#1 PEM', () => {
      const lines = alipay.publicKeyPkcs1Pem.trim().split('\n');
      const truncated = [...lines.slice(0, 3), lines[lines.length - 1] ?? ''].join('\n');
      expect(refusal(truncated).message).toBe('The PKCS#1 PEM ("BEGIN RSA PUBLIC KEY") could not be read: it may be truncated.');
    });

    test('an empty value', () => {
      expect(refusal('  \n ')).toEqual({ code: 'PUBLIC_KEY_INVALID', message: 'The Alipay public key is empty.' });
    });

    test('garbage', () => {
      expect(refusal('please paste the key here!').message).toBe('The Alipay public key is not base64 or PEM (it contains other characters).');
    });

    test('a URL-safe base64 key', () => {
      const urlSafe = alipay.publicKeyBase64.replace(/\+/g, '-').replace(/\//g, '_');
      expect(refusal(`${urlSafe}-_`).message).toBe('The Alipay public key is not base64 or PEM (it contains other characters).');
    });

    test('a PEM block of another kind', () => {
      const params = openssl.run(['ecparam', '-name', 'prime256v1']).toString('utf8');
      expect(refusal(params).message).toBe('This PEM block is neither a public key nor a certificate.');
    });

    test('a certificate without its END line', () => {
      expect(refusal(alipay.certificatePem.replace('-----END CERTIFICATE-----', '')).message).toBe('The certificate is not a complete PEM block.');
    });

    test('a damaged certificate', () => {
      const damaged = alipay.certificatePem.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');
      expect(refusal(damaged).message).toBe(
        'The certificate could not be read. In certificate mode use alipayCertPublicKey_RSA2.crt (the Alipay public-key certificate), not the root certificate or your app certificate.',
      );
    });

    test('an EC public key', () => {
      const ec = openssl.run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
      const pub = openssl.run(['pkey', '-pubout'], ec).toString('utf8');
      expect(refusal(pub).message).toBe('This is a ec key; Alipay signs with RSA.');
    });

    test('an Ed25519 public key as bare base64', () => {
      const ed = openssl.run(['genpkey', '-algorithm', 'ED25519']);
      const der = openssl.run(['pkey', '-pubout', '-outform', 'DER'], ed).toString('base64');
      expect(refusal(der).message).toBe('This is a ed25519 key; Alipay signs with RSA.');
    });

    test('a 512-bit RSA key', () => {
      const small = openssl.run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:512']);
      const pub = openssl.run(['pkey', '-pubout'], small).toString('utf8');
      expect(refusal(pub).message).toBe('This RSA key has only 512 bits; Alipay keys have 2048.');
    });
  });
});
