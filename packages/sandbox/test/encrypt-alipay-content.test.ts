import { encryptAlipayContent } from '../src/encrypt-alipay-content';
import { decryptAlipayContent } from './support/decrypt-alipay-content';
import { ALIPAY_AES_VECTORS } from './vectors/alipay-aes-vectors';

const KEY_128 = 'AAECAwQFBgcICQoLDA0ODw==';

describe('encryptAlipayContent', () => {
  test.each(ALIPAY_AES_VECTORS.map((vector) => [vector.title, vector] as const))('matches the known answer for %s', (_title, vector) => {
    expect(encryptAlipayContent(vector.input.plaintext, vector.input.aesKeyBase64)).toBe(vector.output);
  });

  test('gives the same ciphertext for the same body and key, since the IV is always zero', () => {
    const body = '{"code":"10000","msg":"Success","mobile":"13811112222"}';
    expect(encryptAlipayContent(body, KEY_128)).toBe(encryptAlipayContent(body, KEY_128));
  });

  test('pads a body that fills whole blocks with one extra block', () => {
    const ciphertext = encryptAlipayContent('x'.repeat(32), KEY_128);
    expect(Buffer.from(ciphertext, 'base64')).toHaveLength(48);
    expect(decryptAlipayContent(ciphertext, KEY_128)).toBe('x'.repeat(32));
  });

  test('encrypts the UTF-8 bytes of Chinese text', () => {
    const body = '{"subMsg":"系统繁忙"}';
    expect(decryptAlipayContent(encryptAlipayContent(body, KEY_128), KEY_128)).toBe(body);
  });

  test('accepts a key copied with surrounding whitespace', () => {
    expect(encryptAlipayContent('', `  ${KEY_128}\n`)).toBe(encryptAlipayContent('', KEY_128));
  });

  test.each([
    ['a key that is not base64', 'not a key!'],
    ['a key without its padding', 'AAECAwQFBgcICQoLDA0ODw'],
    ['a URL-safe base64 key', 'AAECAwQFBgcICQoLDA0OD_-='],
  ])('rejects %s', (_title, key) => {
    expect(() => encryptAlipayContent('{}', key)).toThrow(TypeError);
  });

  test.each([
    ['a 15-byte key', Buffer.alloc(15).toString('base64')],
    ['a 17-byte key', Buffer.alloc(17).toString('base64')],
    ['an empty key', ''],
  ])('rejects %s as the wrong length', (_title, key) => {
    expect(() => encryptAlipayContent('{}', key)).toThrow(RangeError);
  });
});
