import { alipayBusinessBody } from '../src/alipay-business-body';
import { buildAlipayEventDetail, buildAlipayPhoneResponse } from '../src/alipay-payload';
import { ALIPAY_SCENARIOS } from '../src/alipay-scenarios';
import { encryptAlipayContent } from '../src/encrypt-alipay-content';
import { generateAlipaySandboxKeys } from '../src/keys';
import { signAlipayContent } from '../src/sign-alipay-content';
import { aesKeyHex, makeScratchDir, openssl, opensslCipherFor, opensslVerifies, ZERO_IV_HEX } from './support/openssl';

// Everything here is checked by the openssl CLI, not by node:crypto, so a
// mistake shared by our encrypt and our test decrypt cannot hide.

const keys = generateAlipaySandboxKeys();
const scratch = makeScratchDir();
const publicKeyPath = scratch.write('alipay-public.pem', keys.publicKeyPem);
const publicKeyPkcs1Path = scratch.write('alipay-public-pkcs1.pem', keys.publicKeyPkcs1Pem);
let fileCounter = 0;

afterAll(() => {
  scratch.dispose();
});

function opensslDecrypt(ciphertextBase64: string, aesKeyBase64: string): string {
  return openssl(
    ['enc', '-d', opensslCipherFor(aesKeyBase64), '-K', aesKeyHex(aesKeyBase64), '-iv', ZERO_IV_HEX, '-base64', '-A'],
    ciphertextBase64,
  );
}

function opensslEncrypt(plaintext: string, aesKeyBase64: string): string {
  return openssl(
    ['enc', opensslCipherFor(aesKeyBase64), '-K', aesKeyHex(aesKeyBase64), '-iv', ZERO_IV_HEX, '-base64', '-A'],
    plaintext,
  ).trim();
}

/** Writes the signed content and the decoded signature to files and asks openssl. */
function opensslAccepts(content: string, signBase64: string, digest: 'sha256' | 'sha1', keyPath = publicKeyPath): boolean {
  fileCounter += 1;
  const contentPath = scratch.write(`content-${fileCounter}.txt`, content);
  const signaturePath = scratch.write(`sig-${fileCounter}.bin`, Buffer.from(signBase64, 'base64'));
  return opensslVerifies(digest, keyPath, signaturePath, contentPath);
}

function envelope(raw: string): { response: string; sign: string } {
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || !('response' in parsed) || !('sign' in parsed)) {
    throw new Error('expected a signed envelope');
  }
  const { response, sign } = parsed;
  if (typeof response !== 'string' || typeof sign !== 'string') throw new Error('expected string fields');
  return { response, sign };
}

describe('the openssl CLI', () => {
  test('derives the same public key from our private key', () => {
    const privateKeyPath = scratch.write('alipay-private.pem', keys.privateKeyPem);
    expect(openssl(['pkey', '-in', privateKeyPath, '-pubout'])).toBe(keys.publicKeyPem);
  });

  test('reads our PKCS#1 public key as the same key as our SPKI one', () => {
    expect(openssl(['rsa', '-RSAPublicKey_in', '-in', publicKeyPkcs1Path, '-pubout'])).toBe(keys.publicKeyPem);
  });

  test.each(ALIPAY_SCENARIOS.filter((scenario) => scenario !== 'missing-encrypt-key' && scenario !== 'unsigned'))(
    'decrypts our %s ciphertext to the exact body text',
    (scenario) => {
      const { response } = envelope(buildAlipayPhoneResponse(keys, scenario));
      expect(opensslDecrypt(response, keys.aesKeyBase64)).toBe(JSON.stringify(alipayBusinessBody(scenario)));
    },
  );

  test('decrypts our unsigned ciphertext to the success body', () => {
    const parsed = JSON.parse(buildAlipayPhoneResponse(keys, 'unsigned')) as { response: string };
    expect(opensslDecrypt(parsed.response, keys.aesKeyBase64)).toBe(JSON.stringify(alipayBusinessBody('success')));
  });

  test('verifies our RSA2 sign over the quoted ciphertext with SHA-256', () => {
    const { response, sign } = envelope(buildAlipayPhoneResponse(keys, 'success'));
    expect(opensslAccepts(`"${response}"`, sign, 'sha256')).toBe(true);
  });

  test('verifies our RSA2 sign with the PKCS#1 form of the public key too', () => {
    const { response, sign } = envelope(buildAlipayPhoneResponse(keys, 'busy'));
    expect(opensslAccepts(`"${response}"`, sign, 'sha256', publicKeyPkcs1Path)).toBe(true);
  });

  test('refuses our sign over the bare ciphertext without its quotes', () => {
    const { response, sign } = envelope(buildAlipayPhoneResponse(keys, 'success'));
    expect(opensslAccepts(response, sign, 'sha256')).toBe(false);
  });

  test('verifies our RSA sign with SHA-1 and refuses it with SHA-256', () => {
    const { response, sign } = envelope(buildAlipayPhoneResponse(keys, 'success', { signType: 'RSA' }));
    expect(opensslAccepts(`"${response}"`, sign, 'sha1')).toBe(true);
    expect(opensslAccepts(`"${response}"`, sign, 'sha256')).toBe(false);
  });

  test('refuses the tampered sign', () => {
    const { response, sign } = envelope(buildAlipayPhoneResponse(keys, 'tampered-sign'));
    expect(opensslAccepts(`"${response}"`, sign, 'sha256')).toBe(false);
  });

  test('verifies the event detail sign over the quoted encryptedData and decrypts it', () => {
    const { encryptedData, sign } = buildAlipayEventDetail(keys);
    expect(opensslAccepts(`"${encryptedData}"`, sign, 'sha256')).toBe(true);
    expect(opensslDecrypt(encryptedData, keys.aesKeyBase64)).toBe(JSON.stringify(alipayBusinessBody('success')));
  });

  test('verifies a sign over Chinese text made by signAlipayContent', () => {
    const content = JSON.stringify(alipayBusinessBody('insufficient-permissions'));
    expect(opensslAccepts(content, signAlipayContent(content, keys.privateKeyPem), 'sha256')).toBe(true);
  });

  describe.each([16, 24, 32] as const)('with a %i-byte AES key', (aesKeyBytes) => {
    const { aesKeyBase64 } = generateAlipaySandboxKeys({ aesKeyBytes });

    test.each(['success', 'busy', 'insufficient-permissions'] as const)('encrypts the %s body to the same bytes as we do', (scenario) => {
      const body = JSON.stringify(alipayBusinessBody(scenario));
      expect(encryptAlipayContent(body, aesKeyBase64)).toBe(opensslEncrypt(body, aesKeyBase64));
    });

    test('decrypts our payload to the body', () => {
      const { response } = envelope(buildAlipayPhoneResponse({ ...keys, aesKeyBase64 }, 'overseas'));
      expect(opensslDecrypt(response, aesKeyBase64)).toBe(JSON.stringify(alipayBusinessBody('overseas')));
    });
  });
});
