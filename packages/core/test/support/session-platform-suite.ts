/**
 * The tests every WeChat-shaped session_key platform (QQ, Douyin's legacy
 * flow, Kuaishou) must pass, run by each platform's own test file: the
 * openssl known answers, fresh openssl ciphertexts, one negative test per
 * error code, and no secret in any error.
 */
import { CORE_ERROR_CATALOGUE, type CoreErrorCode, type DecryptSessionDataInput, type NormalisedPhone } from '../../src';
import { observable, phonekitErrorFrom } from './errors';
import { createOpensslWorkspace, hexToBase64, type OpensslWorkspace } from './openssl';
import type { SessionVectorFile } from './platform-vectors';

export interface SessionPlatformUnderTest {
  /** As messages name it: 'QQ', 'Douyin', 'Kuaishou'. */
  readonly name: string;
  readonly prefix: 'QQ' | 'DOUYIN' | 'KUAISHOU';
  readonly vectors: SessionVectorFile;
  /** What each vector's phone function answers: an E.164 number, or the code it throws. */
  readonly expected: Readonly<Record<string, string>>;
  readonly decryptData: (input: DecryptSessionDataInput) => Record<string, unknown>;
  readonly decryptPhone: (input: DecryptSessionDataInput) => { data: Record<string, unknown>; phone: NormalisedPhone };
  /** Whether the platform's data carries a watermark that is checked. */
  readonly watermark: boolean;
}

export function describeSessionPlatform(platform: SessionPlatformUnderTest): void {
  const { vectors, prefix } = platform;
  const code = (suffix: string): CoreErrorCode => `${prefix}_${suffix}` as CoreErrorCode;
  const TIMESTAMP = vectors.timestamp;

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

  const phoneJson = (overrides: Record<string, unknown> = {}): string =>
    JSON.stringify({
      phoneNumber: '13811112222',
      purePhoneNumber: '13811112222',
      countryCode: '86',
      ...(platform.watermark ? { watermark: { appid: vectors.appId, timestamp: TIMESTAMP } } : {}),
      ...overrides,
    });

  /** What the button event carries, encrypted by openssl under this file's fresh session key and iv. */
  const event = (plaintext: string | Buffer = phoneJson()): DecryptSessionDataInput => ({
    encryptedData: openssl.encrypt(plaintext, sessionKeyHex, { ivHex }),
    iv: hexToBase64(ivHex),
    sessionKey: hexToBase64(sessionKeyHex),
    appId: vectors.appId,
  });

  const vectorInput = (encryptedData: string): DecryptSessionDataInput => ({
    encryptedData,
    iv: vectors.iv.base64,
    sessionKey: vectors.sessionKey.base64,
    appId: vectors.appId,
  });

  const refusal = (input: DecryptSessionDataInput): { code: string; message: string } => {
    const err = phonekitErrorFrom(() => platform.decryptPhone(input));
    return { code: err.code, message: err.message };
  };

  describe('known answers made by openssl', () => {
    test.each(vectors.vectors)('openssl reproduces the vector: $title', ({ plaintext, encryptedData }) => {
      expect(openssl.encrypt(plaintext, vectors.sessionKey.hex, { ivHex: vectors.iv.hex })).toBe(encryptedData);
    });

    test.each(vectors.vectors)('decrypts the vector to its plaintext: $title', ({ plaintext, encryptedData }) => {
      expect(platform.decryptData(vectorInput(encryptedData))).toEqual(JSON.parse(plaintext));
    });

    test.each(vectors.vectors)('reads the phone of the vector, or refuses it: $title', ({ title, encryptedData }) => {
      const expected = platform.expected[title];
      if (expected === undefined) throw new Error(`no expectation for "${title}"`);
      if (expected.startsWith('+')) {
        expect(platform.decryptPhone(vectorInput(encryptedData)).phone.e164).toBe(expected);
      } else {
        expect(refusal(vectorInput(encryptedData)).code).toBe(expected);
      }
    });
  });

  test('decrypts what openssl encrypted under a fresh session_key and iv', () => {
    const { data, phone } = platform.decryptPhone(event());
    expect(data).toEqual(JSON.parse(phoneJson()));
    expect(phone).toMatchObject({ mobile: '13811112222', countryCode: '86', e164: '+8613811112222', masked: '138****2222' });
  });

  test('accepts base64 with line breaks and surrounding whitespace', () => {
    const input = event();
    const wrapped = input.encryptedData.replace(/(.{64})/g, '$1\r\n');
    expect(platform.decryptPhone({ ...input, sessionKey: ` ${input.sessionKey}\n`, iv: `${input.iv} `, encryptedData: `\n${wrapped}` }).phone.e164).toBe('+8613811112222');
  });

  describe(`${prefix}_SESSION_KEY_INVALID`, () => {
    test.each([
      ['empty', ''],
      ['not base64', 'not a key!'],
      ['base64 of 8 bytes', 'AAECAwQFBgc='],
      ['base64 of 24 bytes (a Baidu key)', Buffer.alloc(24, 1).toString('base64')],
      ['32 hex digits', 'ec4572dd8e44ddade9e5765d1ff0b0e6'],
      ['not a string', 42],
    ])('refuses a session_key that is %s', (_title, sessionKey) => {
      expect(refusal({ ...event(), sessionKey: sessionKey as string })).toEqual({
        code: code('SESSION_KEY_INVALID'),
        message: 'The session_key is not base64 of 16 bytes.',
      });
    });
  });

  describe(`${prefix}_IV_INVALID`, () => {
    test.each([
      ['empty', ''],
      ['base64 of 12 bytes', Buffer.alloc(12, 1).toString('base64')],
      ['hex', '790a6df0992a74b87880cbf133bc1283'],
    ])('refuses an iv that is %s', (_title, iv) => {
      expect(refusal({ ...event(), iv })).toEqual({ code: code('IV_INVALID'), message: 'The iv is not base64 of 16 bytes.' });
    });
  });

  describe(`${prefix}_ENCRYPTED_DATA_INVALID: text that cannot be a ciphertext says so`, () => {
    const invalid = (encryptedData: string): { code: string; message: string } => refusal({ ...event(), encryptedData });

    test('an empty value', () => {
      expect(invalid(' \n ')).toEqual({ code: code('ENCRYPTED_DATA_INVALID'), message: 'The encryptedData is empty.' });
    });

    test('non-base64 garbage', () => {
      expect(invalid('this is not encryptedData!').message).toBe('The encryptedData is not base64: it holds characters other than A-Z, a-z, 0-9, +, / and =.');
    });

    test(`the URL-safe alphabet, in words about ${platform.name}`, () => {
      const urlSafe = `${Buffer.from(event().encryptedData, 'base64').toString('base64url')}-_`;
      expect(invalid(urlSafe).message).toBe(`The encryptedData is not base64: it uses the URL-safe alphabet (- and _), not + and / as ${platform.name} sends it.`);
    });

    test('a buffer cut mid-block', () => {
      const bytes = Buffer.from(event().encryptedData, 'base64');
      expect(invalid(bytes.subarray(0, bytes.length - 5).toString('base64'))).toEqual({
        code: code('ENCRYPTED_DATA_INVALID'),
        message: `The encryptedData decodes to ${bytes.length - 5} bytes, not a multiple of 16: it was cut short.`,
      });
    });
  });

  describe(`${prefix}_DECRYPTION_FAILED: every key-dependent failure is one error`, () => {
    const failures = (): [string, DecryptSessionDataInput][] => {
      const good = event();
      const bytes = Buffer.from(good.encryptedData, 'base64');
      const damaged = Buffer.from(bytes);
      damaged[damaged.length - 1] = (damaged[damaged.length - 1] ?? 0) ^ 0xff;
      return [
        ['the wrong session_key', { ...good, sessionKey: hexToBase64(openssl.randomHex(16)) }],
        ['the wrong iv', { ...good, iv: hexToBase64(openssl.randomHex(16)) }],
        ['a truncated buffer', { ...good, encryptedData: bytes.subarray(0, bytes.length - 16).toString('base64') }],
        ['a damaged last block', { ...good, encryptedData: damaged.toString('base64') }],
        ['a plaintext that is not JSON', event('phoneNumber=13811112222')],
        ['a plaintext that is not UTF-8', event(Buffer.from([0x7b, 0xff, 0x7d]))],
        ['a plaintext that is a JSON array', event('[1,2,3]')],
      ];
    };

    test('each failure has the code and the catalogue message', () => {
      for (const [title, input] of failures()) {
        expect({ title, ...refusal(input) }).toEqual({ title, code: code('DECRYPTION_FAILED'), message: CORE_ERROR_CATALOGUE[code('DECRYPTION_FAILED')].message });
      }
    });

    test('no two failures can be told apart', () => {
      const seen = new Set(failures().map(([, input]) => JSON.stringify(observable(phonekitErrorFrom(() => platform.decryptData(input))))));
      expect(seen.size).toBe(1);
    });
  });

  if (platform.watermark) {
    describe(`${prefix}_WATERMARK_MISMATCH`, () => {
      test('refuses data made for another mini-program', () => {
        expect(refusal({ ...event(), appId: 'other-app' })).toEqual({
          code: code('WATERMARK_MISMATCH'),
          message: `The data's watermark.appid is "${vectors.appId}", not this app's "other-app".`,
        });
      });

      test('refuses data without a watermark', () => {
        expect(refusal(event(phoneJson({ watermark: undefined })))).toEqual({
          code: code('WATERMARK_MISMATCH'),
          message: `The data's watermark.appid is missing, not this app's "${vectors.appId}".`,
        });
      });

      test('decryptData checks it too, whatever the data holds', () => {
        expect(phonekitErrorFrom(() => platform.decryptData({ ...event('{"openId":"x"}') })).code).toBe(code('WATERMARK_MISMATCH'));
      });
    });

    describe(`${prefix}_DATA_EXPIRED`, () => {
      const EXPIRED = { code: code('DATA_EXPIRED'), message: "The decrypted data's watermark.timestamp is older than the allowed age." };

      test('refuses data older than maxAgeSeconds', () => {
        expect(refusal({ ...event(), maxAgeSeconds: 300, now: (TIMESTAMP + 301) * 1000 })).toEqual(EXPIRED);
      });

      test('accepts data exactly maxAgeSeconds old', () => {
        expect(platform.decryptPhone({ ...event(), maxAgeSeconds: 300, now: (TIMESTAMP + 300) * 1000 }).phone.e164).toBe('+8613811112222');
      });

      test('refuses data without a timestamp when an age limit is set', () => {
        expect(refusal({ ...event(phoneJson({ watermark: { appid: vectors.appId } })), maxAgeSeconds: 300, now: TIMESTAMP * 1000 })).toEqual(EXPIRED);
      });
    });
  } else {
    describe('data without a watermark', () => {
      test('is not checked against appId, nor aged by maxAgeSeconds (the platform documents no watermark)', () => {
        const input = { ...event(), appId: 'another-app', maxAgeSeconds: 1, now: Date.now() + 10 * 365 * 86400 * 1000 };
        expect(platform.decryptPhone(input).phone.e164).toBe('+8613811112222');
      });
    });
  }

  describe('PHONE_INVALID: data that decrypts but holds no phone number', () => {
    test('data without any phone field', () => {
      expect(refusal(event(phoneJson({ phoneNumber: undefined, purePhoneNumber: undefined, countryCode: undefined })))).toEqual({
        code: 'PHONE_INVALID',
        message: 'The data decrypts but holds no phone number (no purePhoneNumber, phoneNumber or countryCode): it is not the data of a getPhoneNumber button.',
      });
    });

    test('a phone field that is not a phone number', () => {
      expect(refusal(event(phoneJson({ phoneNumber: 'n/a', purePhoneNumber: 'n/a' }))).code).toBe('PHONE_INVALID');
    });
  });

  test('never puts the session_key, the iv or the phone number into an error', () => {
    const input = event();
    const attempts: DecryptSessionDataInput[] = [
      { ...input, sessionKey: hexToBase64(openssl.randomHex(16)) },
      { ...input, appId: 'other-app' },
      { ...input, maxAgeSeconds: 1, now: (TIMESTAMP + 5) * 1000 },
      { ...input, sessionKey: sessionKeyHex },
      { ...input, iv: ivHex },
      event(phoneJson({ phoneNumber: '138111122220000000', purePhoneNumber: '138111122220000000' })),
    ];
    for (const attempt of attempts) {
      let text = '';
      try {
        platform.decryptPhone(attempt);
      } catch (err) {
        text = `${JSON.stringify(err)} ${(err as Error).message}`;
      }
      for (const secret of [input.sessionKey, sessionKeyHex, input.iv, ivHex, '13811112222']) expect(text).not.toContain(secret);
    }
  });
}
