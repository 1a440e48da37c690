import { CORE_ERROR_CATALOGUE, decryptWechatData, decryptWechatEncryptedData, type DecryptWechatDataInput } from '../src';
import { observable, phonekitErrorFrom } from './support/errors';
import { createOpensslWorkspace, hexToBase64, type OpensslWorkspace } from './support/openssl';
import { WECHAT_APP_ID, WECHAT_IV, WECHAT_SESSION_KEY, WECHAT_TIMESTAMP, WECHAT_USER_INFO_VECTOR, WECHAT_VECTORS, WRAPPED_BASE64_VECTORS } from './vectors/wechat';

let openssl: OpensslWorkspace;
let sessionKeyHex: string;
let ivHex: string;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  sessionKeyHex = openssl.randomHex(16);
  ivHex = openssl.randomHex(16);
});

afterAll(() => {
  openssl.dispose();
});

const TIMESTAMP = 1767225600; // 2026-01-01T00:00:00Z

function phoneJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    phoneNumber: '13811112222',
    purePhoneNumber: '13811112222',
    countryCode: '86',
    watermark: { appid: WECHAT_APP_ID, timestamp: TIMESTAMP },
    ...overrides,
  });
}

/** What the getPhoneNumber button event carries, encrypted by openssl under this file's session key and iv. */
function event(plaintext: string | Buffer = phoneJson()): DecryptWechatDataInput {
  return {
    encryptedData: openssl.encrypt(plaintext, sessionKeyHex, { ivHex }),
    iv: hexToBase64(ivHex),
    sessionKey: hexToBase64(sessionKeyHex),
    appId: WECHAT_APP_ID,
  };
}

function refusal(input: DecryptWechatDataInput): { code: string; message: string } {
  const err = phonekitErrorFrom(() => decryptWechatData(input));
  return { code: err.code, message: err.message };
}

describe('decryptWechatData', () => {
  test('decrypts what openssl encrypted with the session_key and iv', () => {
    const { data, phone } = decryptWechatData(event());
    expect(data).toEqual({
      phoneNumber: '13811112222',
      purePhoneNumber: '13811112222',
      countryCode: '86',
      watermark: { appid: WECHAT_APP_ID, timestamp: TIMESTAMP },
    });
    expect(phone).toMatchObject({ mobile: '13811112222', countryCode: '86', e164: '+8613811112222', masked: '138****2222' });
  });

  test.each(WECHAT_VECTORS)('decrypts the known-answer vector: $title', ({ input, output }) => {
    const { data, phone } = decryptWechatData({
      encryptedData: input.encryptedData,
      iv: WECHAT_IV.base64,
      sessionKey: WECHAT_SESSION_KEY.base64,
      appId: WECHAT_APP_ID,
    });
    expect({ ...data, e164: phone.e164, masked: phone.masked }).toEqual({
      phoneNumber: output.phoneNumber,
      purePhoneNumber: output.purePhoneNumber,
      countryCode: output.countryCode,
      watermark: { appid: WECHAT_APP_ID, timestamp: WECHAT_TIMESTAMP },
      e164: output.e164,
      masked: output.masked,
    });
  });

  test.each(WECHAT_VECTORS)('openssl reproduces the known-answer vector: $title', ({ input }) => {
    expect(openssl.encrypt(input.plaintext, WECHAT_SESSION_KEY.hex, { ivHex: WECHAT_IV.hex })).toBe(input.encryptedData);
  });

  test('accepts a numeric countryCode', () => {
    expect(decryptWechatData(event(phoneJson({ countryCode: 86 }))).data.countryCode).toBe('86');
  });

  test('falls back to purePhoneNumber when phoneNumber is missing', () => {
    expect(decryptWechatData(event(phoneJson({ phoneNumber: undefined }))).data.phoneNumber).toBe('13811112222');
  });

  test('accepts base64 values with surrounding whitespace', () => {
    const input = event();
    expect(decryptWechatData({ ...input, sessionKey: ` ${input.sessionKey}\n`, iv: `${input.iv} `, encryptedData: `\n${input.encryptedData}` }).phone.e164).toBe(
      '+8613811112222',
    );
  });

  describe('WECHAT_SESSION_KEY_INVALID', () => {
    test.each([
      ['empty', ''],
      ['not base64', 'not a key!'],
      ['base64 of 8 bytes', 'AAECAwQFBgc='],
      ['base64 of 32 bytes', Buffer.alloc(32, 1).toString('base64')],
      ['32 hex digits', 'ec4572dd8e44ddade9e5765d1ff0b0e6'],
      ['the URL-safe alphabet', '7EVy3Y5E3a3p5XZdH_Cw5g=='],
    ])('refuses a session_key that is %s', (_title, sessionKey) => {
      expect(refusal({ ...event(), sessionKey })).toEqual({
        code: 'WECHAT_SESSION_KEY_INVALID',
        message: 'The session_key is not base64 of 16 bytes.',
      });
    });

    test('is checked before the iv', () => {
      expect(refusal({ ...event(), sessionKey: '', iv: '' }).code).toBe('WECHAT_SESSION_KEY_INVALID');
    });

    test('refuses a session_key that is not a string', () => {
      expect(refusal({ ...event(), sessionKey: 42 as unknown as string }).code).toBe('WECHAT_SESSION_KEY_INVALID');
    });
  });

  describe('WECHAT_IV_INVALID', () => {
    test.each([
      ['empty', ''],
      ['base64 of 12 bytes', Buffer.alloc(12, 1).toString('base64')],
      ['hex', '790a6df0992a74b87880cbf133bc1283'],
      ['not base64', 'iv?'],
    ])('refuses an iv that is %s', (_title, iv) => {
      expect(refusal({ ...event(), iv })).toEqual({ code: 'WECHAT_IV_INVALID', message: 'The iv is not base64 of 16 bytes.' });
    });
  });

  describe('WECHAT_DECRYPTION_FAILED', () => {
    const flipFirstBit = (hex: string): string => hexToBase64(`${(parseInt(hex.slice(0, 2), 16) ^ 1).toString(16).padStart(2, '0')}${hex.slice(2)}`);

    const failures = (): [string, DecryptWechatDataInput][] => {
      const good = event();
      const bytes = Buffer.from(good.encryptedData, 'base64');
      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 0xff;
      return [
        ['the wrong session_key', { ...good, sessionKey: hexToBase64(openssl.randomHex(16)) }],
        ['the wrong iv', { ...good, iv: hexToBase64(openssl.randomHex(16)) }],
        ['an iv off by one bit', { ...good, iv: flipFirstBit(ivHex) }],
        ['a truncated buffer', { ...good, encryptedData: bytes.subarray(0, bytes.length - 16).toString('base64') }],
        ['a damaged last block', { ...good, encryptedData: flipped.toString('base64') }],
        ['a plaintext that is not JSON', event('phoneNumber=13811112222')],
        ['a plaintext that is not UTF-8', event(Buffer.from([0x7b, 0xff, 0x7d]))],
        ['a plaintext that is JSON null', event('null')],
      ];
    };

    test('each failure is WECHAT_DECRYPTION_FAILED with the catalogue message', () => {
      for (const [title, input] of failures()) {
        expect({ title, ...refusal(input) }).toEqual({
          title,
          code: 'WECHAT_DECRYPTION_FAILED',
          message: CORE_ERROR_CATALOGUE.WECHAT_DECRYPTION_FAILED.message,
        });
      }
    });

    test('all failures share one code and message', () => {
      const seen = new Set(failures().map(([, input]) => JSON.stringify(observable(phonekitErrorFrom(() => decryptWechatData(input))))));
      expect(seen.size).toBe(1);
    });
  });

  describe('WECHAT_ENCRYPTED_DATA_INVALID: text that cannot be a ciphertext says so, and not that the session_key is stale', () => {
    const invalid = (encryptedData: string): { code: string; message: string } => refusal({ ...event(), encryptedData });

    test('non-base64 garbage', () => {
      expect(invalid('this is not encryptedData!')).toEqual({
        code: 'WECHAT_ENCRYPTED_DATA_INVALID',
        message: 'The encryptedData is not base64: it holds characters other than A-Z, a-z, 0-9, +, / and =.',
      });
    });

    test('the URL-safe alphabet', () => {
      const urlSafe = Buffer.from(event().encryptedData, 'base64').toString('base64url');
      expect(/[-_]/.test(urlSafe)).toBe(true);
      expect(invalid(`${urlSafe}-_`).message).toBe('The encryptedData is not base64: it uses the URL-safe alphabet (- and _), not + and / as WeChat sends it.');
    });

    test('an empty value', () => {
      expect(invalid(' \n ')).toEqual({ code: 'WECHAT_ENCRYPTED_DATA_INVALID', message: 'The encryptedData is empty.' });
    });

    test('a buffer cut mid-block', () => {
      const bytes = Buffer.from(event().encryptedData, 'base64');
      expect(invalid(bytes.subarray(0, bytes.length - 5).toString('base64')).message).toBe(
        `The encryptedData decodes to ${bytes.length - 5} bytes, not a multiple of 16: it was cut short.`,
      );
    });

    test('a "+" that became a space on the way', () => {
      const data = event().encryptedData;
      const plus = data.indexOf('+');
      const damaged = plus < 0 ? `${data.slice(0, 10)} ${data.slice(11)}` : `${data.slice(0, plus)} ${data.slice(plus + 1)}`;
      expect(invalid(damaged).message).toMatch(/not a multiple of 16: it was cut short, or a "\+" in it became a space on the way \(URL-decoding\)\.$/);
    });

    test('its hint is about the encryptedData, not the session_key', () => {
      const err = phonekitErrorFrom(() => decryptWechatData({ ...event(), encryptedData: '***' }));
      expect(err.hint).toMatch(/encryptedData/);
      expect(err.hint).not.toMatch(/session_key|wx\.login/);
    });
  });

  describe.each(WRAPPED_BASE64_VECTORS)('encryptedData $title', ({ input }) => {
    test('decrypts to the phone', () => {
      const wrapped = input(event().encryptedData);
      expect(wrapped).toMatch(/\s/);
      expect(decryptWechatData({ ...event(), encryptedData: wrapped }).phone.e164).toBe('+8613811112222');
    });
  });

  describe('data that decrypts but holds no phone (the WXBizDataCrypt sample: getUserInfo data)', () => {
    const sample = (): DecryptWechatDataInput => ({
      encryptedData: WECHAT_USER_INFO_VECTOR.encryptedData,
      iv: WECHAT_IV.base64,
      sessionKey: WECHAT_SESSION_KEY.base64,
      appId: WECHAT_APP_ID,
    });

    test('openssl reproduces the vector', () => {
      expect(openssl.encrypt(WECHAT_USER_INFO_VECTOR.plaintext, WECHAT_SESSION_KEY.hex, { ivHex: WECHAT_IV.hex })).toBe(WECHAT_USER_INFO_VECTOR.encryptedData);
    });

    test('decryptWechatEncryptedData gives the decrypted object as it is', () => {
      expect(decryptWechatEncryptedData(sample())).toEqual(JSON.parse(WECHAT_USER_INFO_VECTOR.plaintext));
    });

    test('decryptWechatEncryptedData still checks the watermark', () => {
      expect(phonekitErrorFrom(() => decryptWechatEncryptedData({ ...sample(), appId: 'wxffffffffffffffff' })).code).toBe('WECHAT_WATERMARK_MISMATCH');
    });

    test('decryptWechatData says there is no phone in it, in words about WeChat', () => {
      expect(refusal(sample())).toEqual({
        code: 'PHONE_INVALID',
        message: 'The data decrypts but holds no phone number (no purePhoneNumber and countryCode): it is not the encryptedData of a getPhoneNumber button.',
      });
      expect(phonekitErrorFrom(() => decryptWechatData(sample())).hint).toContain('phonekit wechat decrypt');
    });
  });

  describe('WECHAT_WATERMARK_MISMATCH', () => {
    test('refuses data made for another mini-program', () => {
      expect(refusal({ ...event(), appId: 'wxffffffffffffffff' })).toEqual({
        code: 'WECHAT_WATERMARK_MISMATCH',
        message: `The data's watermark.appid is "${WECHAT_APP_ID}", not this app's "wxffffffffffffffff".`,
      });
    });

    test('refuses data without a watermark', () => {
      expect(refusal({ ...event(phoneJson({ watermark: undefined })), appId: WECHAT_APP_ID })).toEqual({
        code: 'WECHAT_WATERMARK_MISMATCH',
        message: `The data's watermark.appid is missing, not this app's "${WECHAT_APP_ID}".`,
      });
    });

    test('cuts a long foreign appid to 32 characters', () => {
      const long = `wx${'a'.repeat(60)}`;
      expect(refusal(event(phoneJson({ watermark: { appid: long, timestamp: TIMESTAMP } }))).message).toBe(
        `The data's watermark.appid is "${long.slice(0, 32)}", not this app's "${WECHAT_APP_ID}".`,
      );
    });
  });

  describe('WECHAT_DATA_EXPIRED', () => {
    const EXPIRED = { code: 'WECHAT_DATA_EXPIRED', message: "The decrypted data's watermark.timestamp is older than the allowed age." };

    test('refuses data older than maxAgeSeconds', () => {
      expect(refusal({ ...event(), maxAgeSeconds: 300, now: (TIMESTAMP + 301) * 1000 })).toEqual(EXPIRED);
    });

    test('accepts data exactly maxAgeSeconds old', () => {
      expect(decryptWechatData({ ...event(), maxAgeSeconds: 300, now: (TIMESTAMP + 300) * 1000 }).phone.e164).toBe('+8613811112222');
    });

    test('accepts data of any age without maxAgeSeconds', () => {
      expect(decryptWechatData({ ...event(), now: (TIMESTAMP + 10 * 365 * 86400) * 1000 }).phone.e164).toBe('+8613811112222');
    });

    test('refuses data without a timestamp when an age limit is set', () => {
      const input = event(phoneJson({ watermark: { appid: WECHAT_APP_ID } }));
      expect(refusal({ ...input, maxAgeSeconds: 300, now: TIMESTAMP * 1000 })).toEqual(EXPIRED);
    });

    test('uses the real clock when now is not given', () => {
      expect(refusal({ ...event(phoneJson({ watermark: { appid: WECHAT_APP_ID, timestamp: 1_000_000_000 } })), maxAgeSeconds: 60 })).toEqual(EXPIRED);
    });
  });

  test('PHONE_INVALID: decrypted data without purePhoneNumber', () => {
    expect(refusal(event(phoneJson({ purePhoneNumber: undefined })))).toEqual({
      code: 'PHONE_INVALID',
      message: 'The data decrypts but holds no phone number (no purePhoneNumber and countryCode): it is not the encryptedData of a getPhoneNumber button.',
    });
  });

  test('never puts the session_key, the iv or the phone number into an error', () => {
    const input = event();
    const attempts: DecryptWechatDataInput[] = [
      { ...input, sessionKey: hexToBase64(openssl.randomHex(16)) },
      { ...input, appId: 'wxother' },
      { ...input, maxAgeSeconds: 1, now: (TIMESTAMP + 5) * 1000 },
      { ...input, sessionKey: sessionKeyHex },
      { ...input, iv: ivHex },
    ];
    for (const attempt of attempts) {
      const text = JSON.stringify(phonekitErrorFrom(() => decryptWechatData(attempt)));
      for (const secret of [input.sessionKey, sessionKeyHex, input.iv, ivHex, '13811112222']) expect(text).not.toContain(secret);
    }
  });
});
