import { createPublicKey, sign, verify } from 'node:crypto';
import { generateAlipaySandboxKeys, type GenerateAlipaySandboxKeysOptions } from '../src/keys';

const keys = generateAlipaySandboxKeys();

function spkiDer(pem: string): Buffer {
  return createPublicKey(pem).export({ type: 'spki', format: 'der' });
}

describe('generateAlipaySandboxKeys', () => {
  test('uses the default appId when none is given', () => {
    expect(keys.appId).toBe('2021009999000001');
  });

  test('keeps the appId it is given', () => {
    expect(generateAlipaySandboxKeys({ appId: '2021000000000000' }).appId).toBe('2021000000000000');
  });

  test('writes the private key as PKCS#8 PEM and the public key as SPKI and PKCS#1 PEM', () => {
    expect(keys.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect(keys.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    expect(keys.publicKeyPkcs1Pem).toMatch(/^-----BEGIN RSA PUBLIC KEY-----\n[\s\S]+\n-----END RSA PUBLIC KEY-----\n$/);
  });

  test('gives the bare base64 public key as the DER of the same SPKI key, with no line breaks', () => {
    expect(keys.publicKeyBase64).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(keys.publicKeyBase64, 'base64').equals(spkiDer(keys.publicKeyPem))).toBe(true);
  });

  test('gives the PKCS#1 public key as the same key as the SPKI one', () => {
    expect(spkiDer(keys.publicKeyPkcs1Pem).equals(spkiDer(keys.publicKeyPem))).toBe(true);
  });

  test('pairs the private key with the public key', () => {
    const signature = sign('sha256', Buffer.from('pair'), keys.privateKeyPem);
    expect(verify('sha256', Buffer.from('pair'), keys.publicKeyPem, signature)).toBe(true);
  });

  test('makes a 2048-bit RSA key with exponent 65537 by default', () => {
    const details = createPublicKey(keys.publicKeyPem).asymmetricKeyDetails;
    expect(details?.modulusLength).toBe(2048);
    expect(details?.publicExponent).toBe(65537n);
  });

  test('makes a 3072-bit key when asked', () => {
    const larger = generateAlipaySandboxKeys({ modulusLength: 3072 });
    expect(createPublicKey(larger.publicKeyPem).asymmetricKeyDetails?.modulusLength).toBe(3072);
  });

  test('makes a 16-byte AES key by default, as the Alipay console does', () => {
    expect(keys.aesKeyBase64).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(Buffer.from(keys.aesKeyBase64, 'base64')).toHaveLength(16);
  });

  test.each([24, 32] as const)('makes a %i-byte AES key when asked', (aesKeyBytes) => {
    const { aesKeyBase64 } = generateAlipaySandboxKeys({ aesKeyBytes });
    expect(Buffer.from(aesKeyBase64, 'base64')).toHaveLength(aesKeyBytes);
  });

  test('makes fresh keys on every call', () => {
    const other = generateAlipaySandboxKeys();
    expect(other.publicKeyBase64).not.toBe(keys.publicKeyBase64);
    expect(other.aesKeyBase64).not.toBe(keys.aesKeyBase64);
  });

  test.each<[string, GenerateAlipaySandboxKeysOptions, ErrorConstructor]>([
    ['an empty appId', { appId: '  ' }, TypeError],
    ['a 1024-bit modulus', { modulusLength: Number('1024') as 2048 }, RangeError],
    ['a 20-byte AES key', { aesKeyBytes: Number('20') as 16 }, RangeError],
  ])('rejects %s', (_title, options, errorType) => {
    expect(() => generateAlipaySandboxKeys(options)).toThrow(errorType);
  });
});
