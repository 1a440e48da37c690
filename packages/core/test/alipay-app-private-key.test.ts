import { loadAlipayAppPrivateKey, loadAlipayPublicKey } from '../src';
import { phonekitErrorFrom } from './support/errors';
import { createOpensslWorkspace, type OpensslRsaKey, type OpensslWorkspace } from './support/openssl';

let openssl: OpensslWorkspace;
let app: OpensslRsaKey;
let ecPrivateKeyPem: string;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  app = openssl.rsaKey('app');
  ecPrivateKeyPem = openssl.run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']).toString('utf8');
}, 30_000);

afterAll(() => {
  openssl.dispose();
});

describe('loadAlipayAppPrivateKey', () => {
  test.each([
    ['bare base64 PKCS#8 (the key tool\'s Java format)', 'pkcs8-base64', (k: OpensslRsaKey) => k.privateKeyPkcs8Base64],
    ['bare base64 PKCS#1', 'pkcs1-base64', (k: OpensslRsaKey) => k.privateKeyPkcs1Base64],
    ['a PKCS#8 PEM', 'pkcs8-pem', (k: OpensslRsaKey) => k.privateKeyPem],
    ['a PKCS#1 PEM', 'pkcs1-pem', (k: OpensslRsaKey) => k.privateKeyPkcs1Pem],
    ['base64 wrapped at 64 columns with spaces around', 'pkcs8-base64', (k: OpensslRsaKey) => `  ${k.privateKeyPkcs8Base64.replace(/(.{64})/g, '$1\n')}  `],
  ] as const)('reads %s', (_what, format, text) => {
    const key = loadAlipayAppPrivateKey(text(app));
    expect(key.format).toBe(format);
    expect(key.modulusBits).toBe(2048);
    expect(key.key.type).toBe('private');
  });

  test('derives the application public key to upload, equal to openssl pkey -pubout', () => {
    expect(loadAlipayAppPrivateKey(app.privateKeyPkcs1Base64).publicKeyBase64).toBe(app.publicKeyBase64);
    // ...which the public-key loader reads as the same key.
    expect(loadAlipayPublicKey(loadAlipayAppPrivateKey(app.privateKeyPem).publicKeyBase64).modulusBits).toBe(2048);
  });

  test.each([
    ['the public key (SPKI base64)', (k: OpensslRsaKey) => k.publicKeyBase64, /PUBLIC key/],
    ['the public key (PKCS#1 base64)', (k: OpensslRsaKey) => k.publicKeyPkcs1Base64, /PUBLIC key/],
    ['the public key PEM', (k: OpensslRsaKey) => k.publicKeyPem, /PUBLIC key/],
    ['a certificate', (k: OpensslRsaKey) => k.certificatePem, /certificate/],
    ['an AES key', () => 'q83vEjRWeJASNFZ4kBI0VQ==', /not an RSA private key/],
    ['words', () => '应用私钥', /not base64 or PEM/],
    ['nothing', () => '   ', /empty/],
    ['a truncated PEM', (k: OpensslRsaKey) => k.privateKeyPem.slice(0, 200) + '\n-----END PRIVATE KEY-----', /truncated/],
    ['an encrypted PEM', () => '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----', /encrypted/],
  ] as const)('refuses %s with APP_PRIVATE_KEY_INVALID and a message naming the mistake', (_what, text, message) => {
    const err = phonekitErrorFrom(() => loadAlipayAppPrivateKey(text(app)));
    expect(err.code).toBe('APP_PRIVATE_KEY_INVALID');
    expect(err.message).toMatch(message);
  });

  test('refuses an EC key: RSA2 needs RSA', () => {
    const err = phonekitErrorFrom(() => loadAlipayAppPrivateKey(ecPrivateKeyPem));
    expect(err.code).toBe('APP_PRIVATE_KEY_INVALID');
    expect(err.message).toMatch(/ec key/);
  });

  test('never repeats the key in its message', () => {
    const broken = app.privateKeyPkcs8Base64.slice(0, -40);
    const err = phonekitErrorFrom(() => loadAlipayAppPrivateKey(broken));
    expect(err.message).not.toContain(broken.slice(20, 60));
  });
});
