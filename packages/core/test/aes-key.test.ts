import { inspect } from 'node:util';
import { loadAlipayAesKey } from '../src';
import { phonekitErrorFrom } from './support/errors';
import { createOpensslWorkspace, type OpensslRsaKey, type OpensslWorkspace } from './support/openssl';
import { AES_128_KEY, AES_192_KEY, AES_256_KEY } from './vectors/alipay-aes';
import type { Vector } from './vectors/vector';

let openssl: OpensslWorkspace;
let rsa: OpensslRsaKey;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  rsa = openssl.rsaKey('app');
}, 30_000);

afterAll(() => {
  openssl.dispose();
});

function refusal(input: string): { code: string; message: string } {
  const err = phonekitErrorFrom(() => loadAlipayAesKey(input));
  return { code: err.code, message: err.message };
}

const KEY_VECTORS: readonly Vector<string, { bits: number; cipher: string; hex: string }>[] = [
  { title: 'a 128-bit key', input: AES_128_KEY.base64, output: { bits: 128, cipher: 'aes-128-cbc', hex: AES_128_KEY.hex } },
  { title: 'a 192-bit key', input: AES_192_KEY.base64, output: { bits: 192, cipher: 'aes-192-cbc', hex: AES_192_KEY.hex } },
  { title: 'a 256-bit key', input: AES_256_KEY.base64, output: { bits: 256, cipher: 'aes-256-cbc', hex: AES_256_KEY.hex } },
  { title: 'a 128-bit key with surrounding whitespace', input: `  ${AES_128_KEY.base64}\n`, output: { bits: 128, cipher: 'aes-128-cbc', hex: AES_128_KEY.hex } },
];

describe('loadAlipayAesKey', () => {
  test.each(KEY_VECTORS)('reads $title', ({ input, output }) => {
    const aes = loadAlipayAesKey(input);
    expect({ bits: aes.bits, cipher: aes.cipher, hex: aes.key.export().toString('hex') }).toEqual(output);
    expect(aes.key.type).toBe('secret');
  });

  test.each([16, 24, 32])('reads a %i-byte key from openssl rand -base64', (bytes) => {
    const base64 = openssl.run(['rand', '-base64', String(bytes)]).toString('utf8');
    expect(loadAlipayAesKey(base64).bits).toBe(bytes * 8);
  });

  test('never prints the key bytes', () => {
    const aes = loadAlipayAesKey(AES_128_KEY.base64);
    const printed = `${inspect(aes)} ${String(aes.key)} ${JSON.stringify(aes)}`;
    expect(printed).not.toContain(AES_128_KEY.base64);
    expect(printed).not.toContain(AES_128_KEY.hex);
  });

  describe('refuses what is not the AES key, saying what it looks like', () => {
    test('a PKCS#8 private key in bare base64 looks like an RSA key', () => {
      expect(refusal(rsa.privateKeyPkcs8Base64)).toEqual({
        code: 'AES_KEY_INVALID',
        message: `The AES key decodes to ${rsa.privateKeyPkcs8Bytes} bytes: this looks like an RSA key, not the AES key.`,
      });
      expect(rsa.privateKeyPkcs8Bytes).toBeGreaterThanOrEqual(1215);
      expect(rsa.privateKeyPkcs8Bytes).toBeLessThanOrEqual(1219);
    });

    test('the Alipay public key in bare base64 looks like an RSA key', () => {
      expect(refusal(rsa.publicKeyBase64).message).toBe('The AES key decodes to 294 bytes: this looks like an RSA key, not the AES key.');
    });

    test.each([
      ['32', AES_128_KEY.hex],
      ['48', AES_192_KEY.hex],
      ['64', AES_256_KEY.hex],
    ])('%s hex digits', (digits, hex) => {
      expect(refusal(hex)).toEqual({
        code: 'AES_KEY_INVALID',
        message: `The AES key looks like hex (${digits} hex digits); the Alipay console shows it as base64 (24 characters for 128 bits). Convert it: echo <hex> | xxd -r -p | base64.`,
      });
    });

    test('upper-case hex', () => {
      expect(refusal(AES_128_KEY.hex.toUpperCase()).message).toMatch(/^The AES key looks like hex \(32 hex digits\)/);
    });

    const URL_SAFE = 'The AES key uses the URL-safe base64 alphabet (- and _); use the standard alphabet (+ and /) as the console shows it.';

    test('the URL-safe alphabet, unpadded', () => {
      expect(refusal(Buffer.from(AES_256_KEY.hex, 'hex').toString('base64url'))).toEqual({ code: 'AES_KEY_INVALID', message: URL_SAFE });
    });

    test('the URL-safe alphabet, padded', () => {
      expect(refusal(AES_256_KEY.base64.replace(/\+/g, '-').replace(/\//g, '_')).message).toBe(URL_SAFE);
    });

    test.each([
      ['hello', 'hello'],
      ['nine letters', 'abcdefghi'],
      ['a 25-character paste of a 24-character key plus one', `${AES_128_KEY.base64.replace(/=+$/, '')}AAAA`.slice(0, 25)],
      ['only digits', '12345'],
    ])('does not call %s (alphanumeric, 4n+1 characters) URL-safe', (_title, text) => {
      const { code, message } = refusal(text);
      expect(code).toBe('AES_KEY_INVALID');
      expect(message).not.toMatch(/URL-safe/);
      expect(message).toBe(
        `The AES key is not base64: ${text.length} characters is one more than a whole number of 4-character groups, which no base64 text has. Copy the whole key from 接口内容加密方式 (24 characters for the usual 128-bit key).`,
      );
    });

    test('a PEM', () => {
      expect(refusal(rsa.privateKeyPem).message).toBe('This is a PEM key, not the AES key: the AES key is 24 base64 characters.');
      expect(refusal(rsa.publicKeyPem).message).toBe('This is a PEM key, not the AES key: the AES key is 24 base64 characters.');
    });

    test('an empty value', () => {
      expect(refusal(' \n\t')).toEqual({ code: 'AES_KEY_INVALID', message: 'The AES key is empty.' });
    });

    test('base64 of 8 bytes', () => {
      expect(refusal('AAECAwQFBgc=').message).toBe('The AES key decodes to 8 bytes; an AES key has 16, 24 or 32.');
    });

    test('base64 of 20 bytes', () => {
      expect(refusal(Buffer.alloc(20, 7).toString('base64')).message).toBe('The AES key decodes to 20 bytes; an AES key has 16, 24 or 32.');
    });

    test('text that is not base64', () => {
      expect(refusal('my secret key!').message).toBe('The AES key is not base64 (12 characters).');
    });

    test('never echoes the value in the message', () => {
      for (const input of [AES_128_KEY.hex, AES_256_KEY.base64.replace(/\+/g, '-'), 'AAECAwQFBgc=', rsa.privateKeyPkcs8Base64]) {
        const err = phonekitErrorFrom(() => loadAlipayAesKey(input));
        expect(JSON.stringify(err)).not.toContain(input.slice(0, 12));
      }
    });
  });
});
