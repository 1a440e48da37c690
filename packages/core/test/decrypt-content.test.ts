import { PhonekitError, decryptAlipayContent, loadAlipayAesKey } from '../src';
import { observable, phonekitErrorFrom } from './support/errors';
import { createOpensslWorkspace, type OpensslWorkspace } from './support/openssl';
import { AES_128_KEY, AES_192_KEY, ALIPAY_AES_UNREADABLE_VECTORS, ALIPAY_AES_VECTORS } from './vectors/alipay-aes';

let openssl: OpensslWorkspace;

beforeAll(() => {
  openssl = createOpensslWorkspace();
});

afterAll(() => {
  openssl.dispose();
});

const SUCCESS = '{"code":"10000","msg":"Success","mobile":"13811112222"}';

describe('decryptAlipayContent', () => {
  describe('known-answer vectors', () => {
    test.each(ALIPAY_AES_VECTORS)('decrypts $title', ({ input, output }) => {
      const aes = loadAlipayAesKey(input.aesKey.base64);
      expect(aes.cipher).toBe(output.cipher);
      expect(decryptAlipayContent(output.ciphertext, aes)).toEqual(JSON.parse(input.plaintext));
    });

    test.each(ALIPAY_AES_VECTORS)('openssl reproduces $title', ({ input, output }) => {
      expect(openssl.encrypt(input.plaintext, input.aesKey.hex)).toBe(output.ciphertext);
    });

    test.each(ALIPAY_AES_UNREADABLE_VECTORS)('refuses $title', ({ input, output }) => {
      expect(phonekitErrorFrom(() => decryptAlipayContent(input.ciphertext, loadAlipayAesKey(input.aesKey.base64))).code).toBe(output);
    });
  });

  test.each([16, 24, 32])('decrypts what openssl encrypted under a fresh %i-byte key', (bytes) => {
    const keyHex = openssl.randomHex(bytes);
    const ciphertext = openssl.encrypt(SUCCESS, keyHex);
    expect(decryptAlipayContent(ciphertext, loadAlipayAesKey(Buffer.from(keyHex, 'hex').toString('base64')))).toEqual(JSON.parse(SUCCESS));
  });

  test('decrypts a body with multi-byte UTF-8 text', () => {
    const plaintext = '{"code":"40001","msg":"Missing Required Arguments","subCode":"isv.missing-encrypt-key","subMsg":"缺少加密配置"}';
    const body = decryptAlipayContent(openssl.encrypt(plaintext, AES_128_KEY.hex), loadAlipayAesKey(AES_128_KEY.base64));
    expect(body['subMsg']).toBe('缺少加密配置');
  });

  describe('fails every way with one and the same error', () => {
    const aes128 = (): ReturnType<typeof loadAlipayAesKey> => loadAlipayAesKey(AES_128_KEY.base64);
    const cases = (): [string, () => unknown][] => {
      const good = openssl.encrypt(SUCCESS, AES_128_KEY.hex);
      const wrongKeyHex = openssl.randomHex(16);
      return [
        ['the wrong key', () => decryptAlipayContent(good, loadAlipayAesKey(Buffer.from(wrongKeyHex, 'hex').toString('base64')))],
        ['a key of another size', () => decryptAlipayContent(good, loadAlipayAesKey(AES_192_KEY.base64))],
        ['a ciphertext truncated by a block', () => decryptAlipayContent(Buffer.from(good, 'base64').subarray(0, 48).toString('base64'), aes128())],
        ['a ciphertext truncated mid-block', () => decryptAlipayContent(Buffer.from(good, 'base64').subarray(0, 40).toString('base64'), aes128())],
        ['a ciphertext cut inside its base64', () => decryptAlipayContent(good.slice(0, 30), aes128())],
        ['bad padding', () => decryptAlipayContent(openssl.encrypt('{"code":"10000"}', AES_128_KEY.hex, { noPad: true }), aes128())],
        ['a plaintext that is not UTF-8', () => decryptAlipayContent(openssl.encrypt(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), AES_128_KEY.hex), aes128())],
        ['a plaintext that is not JSON', () => decryptAlipayContent(openssl.encrypt('code=10000&mobile=13811112222', AES_128_KEY.hex), aes128())],
        ['a plaintext that is a JSON array', () => decryptAlipayContent(openssl.encrypt('[{"code":"10000"}]', AES_128_KEY.hex), aes128())],
        ['a plaintext that is a JSON string', () => decryptAlipayContent(openssl.encrypt('"10000"', AES_128_KEY.hex), aes128())],
        ['a plaintext that is JSON null', () => decryptAlipayContent(openssl.encrypt('null', AES_128_KEY.hex), aes128())],
        ['an empty plaintext', () => decryptAlipayContent(openssl.encrypt('', AES_128_KEY.hex), aes128())],
        ['an empty ciphertext', () => decryptAlipayContent('', aes128())],
        ['a ciphertext that is not base64', () => decryptAlipayContent('***not base64***', aes128())],
        ['a ciphertext where a "+" became a space', () => decryptAlipayContent(openssl.encrypt(SUCCESS, AES_192_KEY.hex).replace(/\+/g, ' '), loadAlipayAesKey(AES_192_KEY.base64))],
      ];
    };

    test('each failure is a DECRYPTION_FAILED with the catalogue message and no cause', () => {
      for (const [title, attempt] of cases()) {
        const err = phonekitErrorFrom(attempt);
        expect({ title, code: err.code, message: err.message }).toEqual({ title, code: 'DECRYPTION_FAILED', message: 'The payload could not be decrypted.' });
        expect(err).toBeInstanceOf(PhonekitError);
        expect(err.cause).toBeUndefined();
        expect(err.upstream).toBeUndefined();
      }
    });

    test('all failures share a single code, message and hint (no padding oracle)', () => {
      const distinct = new Set(cases().map(([, attempt]) => JSON.stringify(observable(phonekitErrorFrom(attempt)))));
      expect(distinct.size).toBe(1);
      expect([...distinct]).toEqual([
        JSON.stringify({ code: 'DECRYPTION_FAILED', message: 'The payload could not be decrypted.', retryable: false, hint: new PhonekitError('DECRYPTION_FAILED').hint }),
      ]);
    });
  });
});
