import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadDouyinPrivateKey } from '../src';
import { phonekitErrorFrom } from './support/errors';
import { createOpensslWorkspace, type OpensslRsaKey, type OpensslWorkspace } from './support/openssl';
import { DOUYIN_RSA_KEY_PEM } from './support/platform-vectors';

let openssl: OpensslWorkspace;
let key: OpensslRsaKey;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  key = openssl.rsaKey('douyin');
}, 30_000);

afterAll(() => {
  openssl.dispose();
});

/** The refusal of `text`: its code and message, after checking the message repeats no part of the text. */
function refusal(text: string): { code: string; message: string } {
  const err = phonekitErrorFrom(() => loadDouyinPrivateKey(text));
  const compact = text.replace(/-----[A-Z ]+-----|\s+/g, '');
  for (let at = 0; at + 24 <= compact.length; at += 24) expect(err.message).not.toContain(compact.slice(at, at + 24));
  return { code: err.code, message: err.message };
}

describe('loadDouyinPrivateKey', () => {
  describe('reads the application private key in every form', () => {
    test.each([
      ['PKCS#8 PEM (BEGIN PRIVATE KEY), as openssl genpkey writes it', (k: OpensslRsaKey) => k.privateKeyPem],
      ['PKCS#1 PEM (BEGIN RSA PRIVATE KEY)', (k: OpensslRsaKey) => k.privateKeyPkcs1Pem],
      ['bare base64 of the PKCS#8 DER', (k: OpensslRsaKey) => k.privateKeyPkcs8Base64],
      ['bare base64 of the PKCS#1 DER', (k: OpensslRsaKey) => k.privateKeyPkcs1Base64],
      ['bare base64 wrapped every 64 characters', (k: OpensslRsaKey) => k.privateKeyPkcs8Base64.replace(/(.{64})/g, '$1\n')],
      ['a PEM with surrounding whitespace and CRLF line ends', (k: OpensslRsaKey) => `\n  ${k.privateKeyPem.replace(/\n/g, '\r\n')}  `],
    ])('%s', (_title, form) => {
      const loaded = loadDouyinPrivateKey(form(key));
      expect(loaded.modulusBytes).toBe(256);
      expect(loaded.keyObject.type).toBe('private');
      expect(loaded.keyObject.asymmetricKeyType).toBe('rsa');
    });

    test('the test vectors\' key, and a 3072-bit key (modulusBytes follows the key)', () => {
      expect(loadDouyinPrivateKey(DOUYIN_RSA_KEY_PEM).modulusBytes).toBe(256);
      const path = join(openssl.dir, 'rsa3072.pem');
      openssl.run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072', '-out', path]);
      expect(loadDouyinPrivateKey(readFileSync(path, 'utf8')).modulusBytes).toBe(384);
    });
  });

  describe('DOUYIN_PRIVATE_KEY_INVALID, saying what the text is instead', () => {
    const PUBLIC = 'This is a PUBLIC key: it is what you upload to the Douyin console (应用公钥), and it cannot decrypt. Give its private half, the application private key only you hold.';
    const CERTIFICATE = 'This is a certificate, which holds a public key only. Give the application private key whose public half is uploaded to the Douyin console.';

    test.each([
      ['an SPKI public key PEM', (k: OpensslRsaKey) => k.publicKeyPem, PUBLIC],
      ['a PKCS#1 public key PEM', (k: OpensslRsaKey) => k.publicKeyPkcs1Pem, PUBLIC],
      ['bare base64 of a public key (SPKI)', (k: OpensslRsaKey) => k.publicKeyBase64, PUBLIC],
      ['bare base64 of a public key (PKCS#1)', (k: OpensslRsaKey) => k.publicKeyPkcs1Base64, PUBLIC],
      ['a certificate PEM', (k: OpensslRsaKey) => k.certificatePem, CERTIFICATE],
      [
        'bare base64 of a certificate',
        (k: OpensslRsaKey) => Buffer.from(k.certificatePem.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64').toString('base64'),
        CERTIFICATE,
      ],
    ])('refuses %s', (_title, form, message) => {
      expect(refusal(form(key))).toEqual({ code: 'DOUYIN_PRIVATE_KEY_INVALID', message });
    });

    test('refuses a PEM cut short', () => {
      const pem = key.privateKeyPem;
      const cut = `${pem.slice(0, pem.length / 2)}\n-----END PRIVATE KEY-----\n`;
      expect(refusal(cut)).toEqual({
        code: 'DOUYIN_PRIVATE_KEY_INVALID',
        message: 'The PEM ("BEGIN PRIVATE KEY") could not be read: it may be cut short, or its lines changed.',
      });
    });

    test('refuses bare base64 cut short, saying how long it is', () => {
      const cut = key.privateKeyPkcs8Base64.slice(0, 400);
      expect(refusal(cut)).toEqual({
        code: 'DOUYIN_PRIVATE_KEY_INVALID',
        message: 'The base64 is not a private key (PKCS#8 or PKCS#1): it may be cut short. It decodes to 300 bytes.',
      });
    });

    test('refuses a private key PEM encrypted with a passphrase', () => {
      const encrypted = openssl.run(['pkcs8', '-topk8', '-in', key.privateKeyPath, '-v2', 'aes-256-cbc', '-passout', 'pass:phonekit']).toString('utf8');
      expect(encrypted).toContain('ENCRYPTED PRIVATE KEY');
      expect(refusal(encrypted).message).toBe('This private key PEM is encrypted with a passphrase; export it unencrypted.');
    });

    test('refuses an EC key: Douyin encrypts with RSA', () => {
      const path = join(openssl.dir, 'ec.pem');
      openssl.run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
      expect(refusal(readFileSync(path, 'utf8')).message).toBe('This is not an RSA key (it is ec); Douyin encrypts phone data with RSA, so it needs an RSA private key.');
    });

    test('refuses an RSA key of fewer than 2048 bits', () => {
      const path = join(openssl.dir, 'rsa1024.pem');
      openssl.run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', path]);
      expect(refusal(readFileSync(path, 'utf8')).message).toBe('This RSA key has only 1024 bits; use an RSA key of at least 2048 bits.');
    });

    test.each([
      ['empty text', '  \n', 'The application private key is empty.'],
      ['text that is neither base64 nor PEM', 'my douyin key?', 'The application private key is neither base64 nor a PEM (it holds other characters).'],
      ['a PEM block of another kind', '-----BEGIN DH PARAMETERS-----\nMIIBCAKCAQEA\n-----END DH PARAMETERS-----', 'This PEM block is not a private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY).'],
    ])('refuses %s', (_title, text, message) => {
      expect(refusal(text)).toEqual({ code: 'DOUYIN_PRIVATE_KEY_INVALID', message });
    });

    test('refuses a value that is not text', () => {
      expect(phonekitErrorFrom(() => loadDouyinPrivateKey(42 as unknown as string)).message).toBe('The application private key must be text.');
    });
  });
});
