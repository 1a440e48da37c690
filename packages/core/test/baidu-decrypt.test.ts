import { CORE_ERROR_CATALOGUE, decryptBaiduEncryptedData, decryptBaiduPhoneData, type DecryptBaiduDataInput } from '../src';
import { observable, phonekitErrorFrom } from './support/errors';
import { createOpensslWorkspace, hexToBase64, type OpensslWorkspace } from './support/openssl';
import { BAIDU_VECTORS, vectorTitled } from './support/platform-vectors';

// Vectors: test/vectors/platforms/baidu.json. Each frame (16 random bytes ||
// 4-byte big-endian length || JSON || app key, padded by hand to 32-byte
// blocks) was encrypted with
//   printf '%s' "$FRAME_HEX" | xxd -r -p | openssl enc -aes-192-cbc -K <sessionKey.hex> -iv <iv.hex> -nopad -base64 -A
// and officialSample is the sample of Baidu's own decryption doc.

let openssl: OpensslWorkspace;
let keyHex: string;
let ivHex: string;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  keyHex = openssl.randomHex(24);
  ivHex = openssl.randomHex(16);
});

afterAll(() => {
  openssl.dispose();
});

const APP_KEY = BAIDU_VECTORS.appKey;

/** Baidu's frame around `json`, padded PKCS#7-style to 32-byte blocks unless `pad` says otherwise. */
function frame(json: string | Buffer, options: { appKey?: string; declaredLength?: number; pad?: Buffer } = {}): Buffer {
  const body = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(options.declaredLength ?? body.length);
  const unpadded = Buffer.concat([Buffer.from(openssl.randomHex(16), 'hex'), length, body, Buffer.from(options.appKey ?? APP_KEY, 'utf8')]);
  const count = 32 - (unpadded.length % 32);
  return Buffer.concat([unpadded, options.pad ?? Buffer.alloc(count, count)]);
}

/** The button event of a frame encrypted by openssl (AES-192-CBC, no padding of its own) under this file's key and iv. */
function event(plain: Buffer = frame('{"mobile":"13811112222"}')): DecryptBaiduDataInput {
  return { encryptedData: openssl.encrypt(plain, keyHex, { ivHex, noPad: true }), iv: hexToBase64(ivHex), sessionKey: hexToBase64(keyHex), appKey: APP_KEY };
}

const vectorInput = (encryptedData: string): DecryptBaiduDataInput => ({
  encryptedData,
  iv: BAIDU_VECTORS.iv.base64,
  sessionKey: BAIDU_VECTORS.sessionKey.base64,
  appKey: APP_KEY,
});

function refusal(input: DecryptBaiduDataInput): { code: string; message: string } {
  const err = phonekitErrorFrom(() => decryptBaiduPhoneData(input));
  return { code: err.code, message: err.message };
}

describe('decryptBaiduEncryptedData and decryptBaiduPhoneData', () => {
  describe('known answers made by openssl', () => {
    test.each(BAIDU_VECTORS.vectors)('openssl reproduces the vector: $title', ({ frameHex, encryptedData }) => {
      expect(openssl.encrypt(Buffer.from(frameHex, 'hex'), BAIDU_VECTORS.sessionKey.hex, { ivHex: BAIDU_VECTORS.iv.hex, noPad: true })).toBe(encryptedData);
    });

    test.each(BAIDU_VECTORS.vectors.filter((v) => v.appKey === APP_KEY))('decrypts the vector to its JSON: $title', ({ plaintext, encryptedData }) => {
      expect(decryptBaiduEncryptedData(vectorInput(encryptedData))).toEqual(JSON.parse(plaintext));
    });

    test('reads the mobile of a phone vector', () => {
      const { data, phone } = decryptBaiduPhoneData(vectorInput(vectorTitled(BAIDU_VECTORS.vectors, 'a mainland number').encryptedData));
      expect(data).toEqual({ mobile: '13811112222' });
      expect(phone).toMatchObject({ mobile: '13811112222', e164: '+8613811112222', masked: '138****2222', region: 'CN' });
    });

    test('accepts a padding of a whole 32-byte block (pad 32, which 16-byte PKCS#7 would refuse)', () => {
      const vector = vectorTitled(BAIDU_VECTORS.vectors, 'a frame that ends on a block: 32 bytes of padding');
      expect(vector.frameHex.endsWith('20'.repeat(32))).toBe(true);
      expect(decryptBaiduPhoneData(vectorInput(vector.encryptedData)).phone.e164).toBe('+8613811112222');
    });
  });

  describe("the sample of Baidu's own decryption doc", () => {
    const sample = BAIDU_VECTORS.officialSample;
    const input = (): DecryptBaiduDataInput => ({ encryptedData: sample.encryptedData, iv: sample.iv, sessionKey: sample.sessionKey, appKey: sample.appKey });

    test('decrypts to the plaintext the doc gives', () => {
      expect(decryptBaiduEncryptedData(input())).toEqual(JSON.parse(sample.plaintext));
    });

    test('is padded to 32-byte blocks, as openssl shows (28 bytes of 0x1c)', () => {
      const key = Buffer.from(sample.sessionKey, 'base64').toString('hex');
      const iv = Buffer.from(sample.iv, 'base64').toString('hex');
      const plain = openssl.run(['enc', '-d', '-aes-192-cbc', '-K', key, '-iv', iv, '-nopad'], Buffer.from(sample.encryptedData, 'base64'));
      expect(plain.subarray(plain.length - 28)).toEqual(Buffer.alloc(28, 0x1c));
      expect(plain.length % 32).toBe(0);
    });

    test('holds no phone number: PHONE_INVALID, in words about Baidu', () => {
      expect(refusal(input())).toEqual({
        code: 'PHONE_INVALID',
        message: 'The data decrypts but holds no phone number (no mobile): it is not the encryptedData of a Baidu getPhoneNumber button.',
      });
    });
  });

  test('decrypts what openssl encrypted under a fresh 24-byte session_key', () => {
    expect(decryptBaiduPhoneData(event()).phone.e164).toBe('+8613811112222');
  });

  describe('BAIDU_SESSION_KEY_INVALID', () => {
    test.each([
      ['empty', ''],
      ['base64 of 16 bytes (a WeChat-sized key)', Buffer.alloc(16, 1).toString('base64')],
      ['base64 of 32 bytes', Buffer.alloc(32, 1).toString('base64')],
      ['not base64', 'not a key!'],
    ])('refuses a session_key that is %s', (_title, sessionKey) => {
      expect(refusal({ ...event(), sessionKey })).toEqual({ code: 'BAIDU_SESSION_KEY_INVALID', message: 'The session_key is not base64 of 24 bytes.' });
    });
  });

  describe('BAIDU_IV_INVALID', () => {
    test.each([
      ['empty', ''],
      ['base64 of 24 bytes', Buffer.alloc(24, 1).toString('base64')],
    ])('refuses an iv that is %s', (_title, iv) => {
      expect(refusal({ ...event(), iv })).toEqual({ code: 'BAIDU_IV_INVALID', message: 'The iv is not base64 of 16 bytes.' });
    });
  });

  describe('BAIDU_ENCRYPTED_DATA_INVALID', () => {
    test('an empty value', () => {
      expect(refusal({ ...event(), encryptedData: '' })).toEqual({ code: 'BAIDU_ENCRYPTED_DATA_INVALID', message: 'The encryptedData is empty.' });
    });

    test('the URL-safe alphabet, in words about Baidu', () => {
      const urlSafe = `${Buffer.from(event().encryptedData, 'base64').toString('base64url')}-_`;
      expect(refusal({ ...event(), encryptedData: urlSafe }).message).toBe('The encryptedData is not base64: it uses the URL-safe alphabet (- and _), not + and / as Baidu sends it.');
    });

    test('a buffer cut mid-block', () => {
      const bytes = Buffer.from(event().encryptedData, 'base64');
      expect(refusal({ ...event(), encryptedData: bytes.subarray(0, 40).toString('base64') }).message).toBe(
        'The encryptedData decodes to 40 bytes, not a multiple of 16: it was cut short.',
      );
    });
  });

  describe('BAIDU_DECRYPTION_FAILED: every key-dependent failure, padding and frame included, is one error', () => {
    const json = '{"mobile":"13811112222"}';
    const failures = (): [string, DecryptBaiduDataInput][] => {
      const good = event();
      const bytes = Buffer.from(good.encryptedData, 'base64');
      const damaged = Buffer.from(bytes);
      damaged[damaged.length - 1] = (damaged[damaged.length - 1] ?? 0) ^ 0xff;
      const unpadded = frame(json).subarray(0, 16 + 4 + json.length + APP_KEY.length);
      const padTo = (count: number, value: number): Buffer => Buffer.alloc(count, value);
      return [
        ['the wrong session_key', { ...good, sessionKey: hexToBase64(openssl.randomHex(24)) }],
        ['a damaged last block', { ...good, encryptedData: damaged.toString('base64') }],
        ['a truncated buffer', { ...good, encryptedData: bytes.subarray(0, bytes.length - 32).toString('base64') }],
        ['a pad byte of 0', event(frame(json, { pad: padTo(20, 0) }))],
        ['a pad byte of 33', event(Buffer.concat([unpadded, padTo(19, 20), Buffer.from([33])]))],
        ['pad bytes that disagree', event(Buffer.concat([unpadded, padTo(19, 7), Buffer.from([20])]))],
        ['a declared length past the end', event(frame(json, { declaredLength: 4096 }))],
        ['a declared length of 2^32 - 1', event(frame(json, { declaredLength: 0xffffffff }))],
        ['a frame shorter than its header', event(Buffer.concat([Buffer.from(openssl.randomHex(8), 'hex'), padTo(24, 24)]))],
        ['a body that is not JSON', event(frame('mobile=13811112222'))],
        ['a body that is not UTF-8', event(frame(Buffer.from([0x7b, 0xff, 0x7d])))],
        ['a body that is a JSON array', event(frame('[1,2,3]'))],
        ['a body that is cut (declared length one short)', event(frame(json, { declaredLength: json.length - 1 }))],
      ];
    };

    test('each failure has the code and the catalogue message', () => {
      for (const [title, input] of failures()) {
        expect({ title, ...refusal(input) }).toEqual({ title, code: 'BAIDU_DECRYPTION_FAILED', message: CORE_ERROR_CATALOGUE.BAIDU_DECRYPTION_FAILED.message });
      }
    });

    test('no two failures can be told apart', () => {
      const seen = new Set(failures().map(([, input]) => JSON.stringify(observable(phonekitErrorFrom(() => decryptBaiduEncryptedData(input))))));
      expect(seen.size).toBe(1);
    });
  });

  test('a wrong iv only garbles the 16 random bytes, which nothing reads: the data still decrypts, as with Baidu\'s own sample code', () => {
    expect(decryptBaiduPhoneData({ ...event(), iv: hexToBase64(openssl.randomHex(16)) }).phone.e164).toBe('+8613811112222');
  });

  describe('BAIDU_APP_KEY_MISMATCH', () => {
    test('refuses the openssl vector made for another app key', () => {
      expect(refusal(vectorInput(vectorTitled(BAIDU_VECTORS.vectors, 'data for another app key').encryptedData))).toEqual({
        code: 'BAIDU_APP_KEY_MISMATCH',
        message: `The decrypted data ends with the app key "AnotherBaiduAppKey0123456789abcd", not this app's "${APP_KEY}".`,
      });
    });

    test('refuses data checked against another app key', () => {
      expect(refusal({ ...event(), appKey: 'SomeOtherAppKey' }).code).toBe('BAIDU_APP_KEY_MISMATCH');
    });

    test('refuses data with no app key at its end', () => {
      expect(refusal(event(frame('{"mobile":"13811112222"}', { appKey: '' }))).message).toBe(
        `The decrypted data ends with the app key missing, not this app's "${APP_KEY}".`,
      );
    });

    test('does not show trailing bytes that are no app key', () => {
      const message = refusal(event(frame('{"mobile":"13811112222"}', { appKey: '<script>\u0000' }))).message;
      expect(message).toBe(`The decrypted data ends with the app key not an app key, not this app's "${APP_KEY}".`);
    });

    test('refuses to check without an app key', () => {
      expect(refusal({ ...event(), appKey: ' ' })).toEqual({
        code: 'BAIDU_APP_KEY_MISMATCH',
        message: "No app key was given to check the decrypted data's trailing app key against.",
      });
    });
  });

  test('PHONE_INVALID: a mobile that is not a phone number', () => {
    expect(refusal(event(frame('{"mobile":"unknown"}'))).code).toBe('PHONE_INVALID');
  });

  test('never puts the session_key, the iv or the phone number into an error', () => {
    const input = event();
    for (const attempt of [{ ...input, sessionKey: hexToBase64(openssl.randomHex(24)) }, { ...input, appKey: 'other' }, { ...input, sessionKey: keyHex }, { ...input, iv: ivHex }]) {
      const err = phonekitErrorFrom(() => decryptBaiduPhoneData(attempt));
      const text = `${JSON.stringify(err)} ${err.message}`;
      for (const secret of [input.sessionKey, keyHex, input.iv, ivHex, '13811112222']) expect(text).not.toContain(secret);
    }
  });
});
