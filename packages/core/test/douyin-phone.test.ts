import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CORE_ERROR_CATALOGUE,
  decryptDouyinPhoneInfo,
  decryptDouyinPhoneNumber,
  loadDouyinPrivateKey,
  type DecryptDouyinPhoneInfoInput,
  type DouyinPrivateKey,
} from '../src';
import { observable, phonekitErrorFrom } from './support/errors';
import { createOpensslWorkspace, type OpensslWorkspace } from './support/openssl';
import { DOUYIN_RSA_KEY_PATH, DOUYIN_RSA_KEY_PEM, DOUYIN_RSA_VECTORS, vectorTitled } from './support/platform-vectors';

// Douyin's current flow: get_phonenumber_info's `data`, RSA PKCS#1 v1.5 under
// the application public key. Vectors: test/vectors/platforms/douyin-rsa.json,
// made with the key in douyin-rsa-key.pem by
//   openssl pkey -in douyin-rsa-key.pem -pubout -out public.pem
//   printf '%s' "$PLAINTEXT" | openssl pkeyutl -encrypt -pubin -inkey public.pem -pkeyopt rsa_padding_mode:pkcs1 | base64 -w0
// Crafted blocks (bad padding, short PS, ...) are encrypted raw by
//   openssl pkeyutl -encrypt -pubin -inkey public.pem -pkeyopt rsa_padding_mode:none

const APP_ID = DOUYIN_RSA_VECTORS.appId;
const K = 256;

let openssl: OpensslWorkspace;
let privateKey: DouyinPrivateKey;
let publicPath: string;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  privateKey = loadDouyinPrivateKey(DOUYIN_RSA_KEY_PEM);
  publicPath = join(openssl.dir, 'douyin-public.pem');
  openssl.run(['pkey', '-in', DOUYIN_RSA_KEY_PATH, '-pubout', '-out', publicPath]);
}, 30_000);

afterAll(() => {
  openssl.dispose();
});

/** `openssl pkeyutl -encrypt` of `plaintext` under the vectors' public key, PKCS#1 v1.5 (or no padding for a crafted block). */
function opensslEncrypt(plaintext: string | Buffer, mode: 'pkcs1' | 'none' = 'pkcs1'): string {
  return openssl.run(['pkeyutl', '-encrypt', '-pubin', '-inkey', publicPath, '-pkeyopt', `rsa_padding_mode:${mode}`], plaintext).toString('base64');
}

/** `openssl pkeyutl -decrypt` with the vectors' private key, PKCS#1 v1.5. */
function opensslDecrypt(data: string): string {
  const path = join(openssl.dir, 'data.bin');
  writeFileSync(path, Buffer.from(data, 'base64'));
  return openssl.run(['pkeyutl', '-decrypt', '-inkey', DOUYIN_RSA_KEY_PATH, '-pkeyopt', 'rsa_padding_mode:pkcs1', '-in', path]).toString('utf8');
}

/** A block 0x00 || 0x02 || PS || 0x00 || M of K bytes, with PS random non-zero bytes; parts overridable. */
function block(message: Buffer, options: { first?: number; second?: number; psLength?: number; separator?: number } = {}): Buffer {
  const psLength = options.psLength ?? K - 3 - message.length;
  const ps = Buffer.from(openssl.randomHex(psLength), 'hex').map((b) => (b === 0 ? 0x5a : b));
  const em = Buffer.concat([Buffer.from([options.first ?? 0, options.second ?? 2]), ps, Buffer.from([options.separator ?? 0]), message]);
  if (em.length !== K) throw new Error(`block of ${em.length} bytes`);
  return em;
}

const phoneJson = (overrides: Record<string, unknown> = {}): string =>
  JSON.stringify({ phoneNumber: '13811112222', purePhoneNumber: '13811112222', countryCode: '86', watermark: { appid: APP_ID, timestamp: DOUYIN_RSA_VECTORS.timestamp }, ...overrides });

const input = (data: string, appId: string = APP_ID): DecryptDouyinPhoneInfoInput => ({ data, privateKey, appId });

function refusal(value: DecryptDouyinPhoneInfoInput): { code: string; message: string } {
  const err = phonekitErrorFrom(() => decryptDouyinPhoneNumber(value));
  return { code: err.code, message: err.message };
}

describe('decryptDouyinPhoneInfo and decryptDouyinPhoneNumber', () => {
  describe('known answers made by openssl pkeyutl (PKCS#1 v1.5)', () => {
    test.each(DOUYIN_RSA_VECTORS.vectors)('openssl decrypts the vector back to its plaintext: $title', ({ plaintext, data }) => {
      expect(opensslDecrypt(data)).toBe(plaintext);
    });

    test.each(DOUYIN_RSA_VECTORS.vectors.filter((v) => v.plaintext.startsWith('{')))('decrypts the vector to its JSON: $title', ({ plaintext, data }) => {
      expect(decryptDouyinPhoneInfo(input(data))).toEqual(JSON.parse(plaintext));
    });

    test.each([
      ['a mainland number', '+8613811112222', '138****2222'],
      ['a Hong Kong number', '+85291234567', '852-******67'],
    ])('reads the phone of the vector: %s', (title, e164, masked) => {
      const { phone } = decryptDouyinPhoneNumber(input(vectorTitled(DOUYIN_RSA_VECTORS.vectors, title).data));
      expect({ e164: phone.e164, masked: phone.masked }).toEqual({ e164, masked });
    });

    test('refuses the well-padded vector that is not JSON with the one decryption failure', () => {
      expect(refusal(input(vectorTitled(DOUYIN_RSA_VECTORS.vectors, 'well-padded text that is not JSON').data))).toEqual({
        code: 'DOUYIN_PHONE_DECRYPTION_FAILED',
        message: CORE_ERROR_CATALOGUE.DOUYIN_PHONE_DECRYPTION_FAILED.message,
      });
    });
  });

  test('decrypts what openssl encrypts now', () => {
    expect(decryptDouyinPhoneNumber(input(opensslEncrypt(phoneJson()))).phone.e164).toBe('+8613811112222');
  });

  test('sandbox-style encryption (node publicEncrypt, RSA_PKCS1_PADDING) is what openssl and phonekit both decrypt', () => {
    const plaintext = phoneJson({ purePhoneNumber: '13900001111', phoneNumber: '13900001111' });
    const data = publicEncrypt({ key: createPublicKey(DOUYIN_RSA_KEY_PEM), padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plaintext, 'utf8')).toString('base64');
    expect(opensslDecrypt(data)).toBe(plaintext);
    expect(decryptDouyinPhoneInfo(input(data))).toEqual(JSON.parse(plaintext));
  });

  test('reads a key given as bare base64 just the same', () => {
    const der = DOUYIN_RSA_KEY_PEM.replace(/-----[A-Z ]+-----|\s+/g, '');
    const data = vectorTitled(DOUYIN_RSA_VECTORS.vectors, 'a mainland number').data;
    expect(decryptDouyinPhoneNumber({ data, privateKey: loadDouyinPrivateKey(der) }).phone.e164).toBe('+8613811112222');
  });

  test('accepts base64 wrapped by a log', () => {
    const data = vectorTitled(DOUYIN_RSA_VECTORS.vectors, 'a mainland number').data;
    expect(decryptDouyinPhoneNumber(input(`\n${data.replace(/(.{76})/g, '$1\n')} `)).phone.e164).toBe('+8613811112222');
  });

  describe('DOUYIN_PHONE_DATA_INVALID: only public properties (alphabet, length against the modulus)', () => {
    test.each([
      ['empty', ' ', 'The phone data is empty.'],
      ['not base64', 'this is not data!', 'The phone data is not base64: it holds characters other than A-Z, a-z, 0-9, +, / and =.'],
      ['of 128 bytes (a 1024-bit ciphertext)', Buffer.alloc(128, 7).toString('base64'), 'The phone data decodes to 128 bytes, not the 256 of an RSA ciphertext under this 2048-bit key: it was cut short, or was encrypted for a key of another size.'],
      ['of 512 bytes (a 4096-bit ciphertext)', Buffer.alloc(512, 7).toString('base64'), 'The phone data decodes to 512 bytes, not the 256 of an RSA ciphertext under this 2048-bit key: it was cut short, or was encrypted for a key of another size.'],
    ])('refuses data that is %s', (_title, data, message) => {
      expect(refusal(input(data))).toEqual({ code: 'DOUYIN_PHONE_DATA_INVALID', message });
    });

    test('the URL-safe alphabet', () => {
      const data = `${Buffer.from(vectorTitled(DOUYIN_RSA_VECTORS.vectors, 'a mainland number').data, 'base64').toString('base64url')}-_`;
      expect(refusal(input(data)).message).toBe('The phone data is not base64: it uses the URL-safe alphabet (- and _), not + and / as Douyin sends it.');
    });

    test('a "+" that became a space on the way', () => {
      const data = opensslEncrypt(phoneJson());
      const plus = data.indexOf('+');
      const damaged = plus < 0 ? `${data.slice(0, 10)} ${data.slice(11)}` : `${data.slice(0, plus)} ${data.slice(plus + 1)}`;
      expect(refusal(input(damaged)).message).toMatch(/not the 256 of an RSA ciphertext under this 2048-bit key: it was cut short, or was encrypted for a key of another size, or a "\+" in it became a space on the way \(URL-decoding\)\.$/);
    });

    test('a value that is not text', () => {
      expect(refusal(input(42 as unknown as string)).code).toBe('DOUYIN_PHONE_DATA_INVALID');
    });
  });

  describe('DOUYIN_PHONE_DECRYPTION_FAILED: everything that depends on the private key is one error', () => {
    const json = Buffer.from(phoneJson(), 'utf8');
    const failures = (): [string, string][] => {
      const other = openssl.rsaKey('other-douyin-app');
      const otherData = publicEncrypt({ key: other.publicKeyPem, padding: constants.RSA_PKCS1_PADDING }, json).toString('base64');
      return [
        ['data encrypted for another key', otherData],
        ['a number at or above the modulus', Buffer.alloc(K, 0xff).toString('base64')],
        ['the number zero', Buffer.alloc(K, 0).toString('base64')],
        ['a first byte that is not 0', opensslEncrypt(block(json, { first: 1 }), 'none')],
        ['a block type of 1 (signature padding)', opensslEncrypt(block(json, { second: 1 }), 'none')],
        ['a block type of 0', opensslEncrypt(block(json, { second: 0 }), 'none')],
        ['no zero separator', opensslEncrypt(Buffer.concat([Buffer.from([0, 2]), Buffer.alloc(K - 2, 0x33)]), 'none')],
        ['a padding string of 7 bytes', opensslEncrypt(block(Buffer.concat([json, Buffer.alloc(K - 3 - 7 - json.length, 0x20)]), { psLength: 7 }), 'none')],
        ['good padding, a message that is not JSON', opensslEncrypt('phoneNumber=13811112222')],
        ['good padding, a message that is not UTF-8', opensslEncrypt(Buffer.from([0x7b, 0xff, 0x7d]))],
        ['good padding, a JSON array', opensslEncrypt('[1,2,3]')],
        ['good padding, an empty message', opensslEncrypt(block(Buffer.alloc(0)), 'none')],
      ];
    };

    test('each failure has the code and the catalogue message', () => {
      for (const [title, data] of failures()) {
        expect({ title, ...refusal(input(data)) }).toEqual({ title, code: 'DOUYIN_PHONE_DECRYPTION_FAILED', message: CORE_ERROR_CATALOGUE.DOUYIN_PHONE_DECRYPTION_FAILED.message });
      }
    });

    test('no two failures can be told apart', () => {
      const seen = new Set(failures().map(([, data]) => JSON.stringify(observable(phonekitErrorFrom(() => decryptDouyinPhoneInfo(input(data)))))));
      expect(seen.size).toBe(1);
    });

    test('a PS of exactly 8 bytes is good padding (the shortest PKCS#1 v1.5 allows)', () => {
      const message = Buffer.concat([json, Buffer.alloc(K - 3 - 8 - json.length, 0x20)]);
      expect(decryptDouyinPhoneInfo(input(opensslEncrypt(block(message, { psLength: 8 }), 'none')))).toEqual(JSON.parse(phoneJson()));
    });
  });

  describe('no padding oracle', () => {
    test('a bad-padding ciphertext and a good-padding ciphertext that is not JSON end in the same code, message and hint', () => {
      const badPadding = opensslEncrypt(block(json(), { second: 1 }), 'none');
      const goodPaddingNotJson = opensslEncrypt(block(Buffer.from('phoneNumber=13811112222', 'utf8')), 'none');
      expect(opensslDecrypt(goodPaddingNotJson)).toBe('phoneNumber=13811112222');
      expect(() => opensslDecrypt(badPadding)).toThrow();
      const bad = observable(phonekitErrorFrom(() => decryptDouyinPhoneInfo(input(badPadding))));
      const good = observable(phonekitErrorFrom(() => decryptDouyinPhoneInfo(input(goodPaddingNotJson))));
      expect(bad).toEqual(good);
      expect(bad.code).toBe('DOUYIN_PHONE_DECRYPTION_FAILED');
    });

    test('the same bad-padding ciphertext is refused the same way every time (the synthetic message is deterministic)', () => {
      const badPadding = opensslEncrypt(block(json(), { first: 9 }), 'none');
      const answers = new Set([1, 2, 3].map(() => JSON.stringify(observable(phonekitErrorFrom(() => decryptDouyinPhoneInfo(input(badPadding)))))));
      expect(answers.size).toBe(1);
    });

    function json(): Buffer {
      return Buffer.from(phoneJson(), 'utf8');
    }
  });

  describe('DOUYIN_WATERMARK_MISMATCH', () => {
    test('refuses data made for another mini-program when an appId is given', () => {
      expect(refusal(input(opensslEncrypt(phoneJson()), 'tt-other-app'))).toEqual({
        code: 'DOUYIN_WATERMARK_MISMATCH',
        message: `The data's watermark.appid is "${APP_ID}", not this app's "tt-other-app".`,
      });
    });

    test('refuses data without a watermark when an appId is given', () => {
      expect(refusal(input(opensslEncrypt(phoneJson({ watermark: undefined })))).code).toBe('DOUYIN_WATERMARK_MISMATCH');
    });

    test('checks nothing without an appId', () => {
      expect(decryptDouyinPhoneNumber({ data: opensslEncrypt(phoneJson({ watermark: undefined })), privateKey }).phone.e164).toBe('+8613811112222');
    });
  });

  test('PHONE_INVALID: data that decrypts but holds no phone number', () => {
    expect(refusal(input(vectorTitled(DOUYIN_RSA_VECTORS.vectors, 'JSON without a phone').data)).code).toBe('PHONE_INVALID');
  });

  describe('DOUYIN_PRIVATE_KEY_INVALID: a key loadDouyinPrivateKey did not return', () => {
    test.each([
      ['a public KeyObject', () => ({ keyObject: createPublicKey(DOUYIN_RSA_KEY_PEM), modulusBytes: K })],
      ['a PEM string in its place', () => DOUYIN_RSA_KEY_PEM],
      ['nothing', () => undefined],
    ])('refuses %s', (_title, make) => {
      const data = vectorTitled(DOUYIN_RSA_VECTORS.vectors, 'a mainland number').data;
      expect(refusal({ data, privateKey: make() as unknown as DouyinPrivateKey })).toEqual({
        code: 'DOUYIN_PRIVATE_KEY_INVALID',
        message: 'The private key is not one loadDouyinPrivateKey returned.',
      });
    });
  });

  test('never puts the key, the plaintext or the phone number into an error', () => {
    const attempts = [input(opensslEncrypt(phoneJson()), 'tt-other'), input(opensslEncrypt('phoneNumber=13811112222')), input(Buffer.alloc(K, 0xff).toString('base64'))];
    const keyBase64 = DOUYIN_RSA_KEY_PEM.replace(/-----[A-Z ]+-----|\s+/g, '');
    for (const attempt of attempts) {
      const err = phonekitErrorFrom(() => decryptDouyinPhoneNumber(attempt));
      const text = `${JSON.stringify(err)} ${err.message} ${err.hint}`;
      expect(text).not.toContain('13811112222');
      for (let at = 0; at + 32 <= keyBase64.length; at += 32) expect(text).not.toContain(keyBase64.slice(at, at + 32));
    }
  });
});
