// Properties over garbage for the QQ, Douyin, Kuaishou and Baidu decryptions:
// whatever goes in, what comes out is a result or a PhonekitError with one of
// the catalogued codes that function may throw, never anything else (no
// TypeError, no RangeError, no OpenSSL error). The plaintexts here are
// encrypted with node:crypto for speed (300 runs per property); the openssl
// known answers are in the platforms' own test files.
import { constants, createCipheriv, createPublicKey, publicEncrypt } from 'node:crypto';
import fc from 'fast-check';
import {
  PhonekitError,
  decryptBaiduPhoneData,
  decryptDouyinPhoneData,
  decryptDouyinPhoneNumber,
  decryptKuaishouPhoneData,
  decryptQqPhoneData,
  isCoreErrorCode,
  loadDouyinPrivateKey,
  type CoreErrorCode,
  type DecryptSessionDataInput,
  type DouyinPrivateKey,
  type NormalisedPhone,
} from '../src';
import { BAIDU_VECTORS, DOUYIN_LEGACY_VECTORS, DOUYIN_RSA_KEY_PEM, DOUYIN_RSA_VECTORS, KUAISHOU_VECTORS, QQ_VECTORS, type SessionVectorFile } from './support/platform-vectors';

const RUNS = { numRuns: 300 } as const;

/** Runs `fn`; passes when it returns or throws a PhonekitError whose code is in `codes`. */
function expectOnlyCatalogued(fn: () => unknown, codes: readonly CoreErrorCode[]): void {
  let err: unknown;
  try {
    fn();
    return;
  } catch (caught) {
    err = caught;
  }
  expect(err).toBeInstanceOf(PhonekitError);
  if (err instanceof PhonekitError) {
    expect(isCoreErrorCode(err.code)).toBe(true);
    expect(codes).toContain(err.code);
  }
}

/** Any value a field could hold, biased towards values that get far: valid base64 of the right sizes. */
const field = (valid: string): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(valid) },
    { weight: 3, arbitrary: fc.base64String({ maxLength: 120 }) },
    { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
  );

const cbc = (cipher: string, key: Buffer, iv: Buffer, plain: Buffer, autoPadding = true): string => {
  const c = createCipheriv(cipher, key, iv);
  c.setAutoPadding(autoPadding);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
};

/** Bytes that are sometimes a phone JSON object, sometimes almost one, sometimes garbage. */
const plaintext = (appId: string): fc.Arbitrary<Buffer> =>
  fc.oneof(
    fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from(b)),
    fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null', 'utf8')),
    fc
      .record(
        {
          phoneNumber: fc.oneof(fc.stringMatching(/^1[3-9]\d{9}$/), fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 0 })),
          purePhoneNumber: fc.oneof(fc.stringMatching(/^\d{4,15}$/), fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 0 })),
          countryCode: fc.oneof(fc.constantFrom('86', '852', 86, 1, '+1', ''), fc.jsonValue({ maxDepth: 0 })),
          mobile: fc.oneof(fc.stringMatching(/^1[3-9]\d{9}$/), fc.string({ maxLength: 20 })),
          watermark: fc.oneof(fc.record({ appid: fc.oneof(fc.constant(appId), fc.string({ maxLength: 10 })), timestamp: fc.oneof(fc.integer(), fc.string()) }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 1 })),
        },
        { requiredKeys: [] },
      )
      .map((o) => Buffer.from(JSON.stringify(o), 'utf8')),
  );

interface SessionPlatform {
  readonly prefix: 'QQ' | 'DOUYIN' | 'KUAISHOU';
  readonly vectors: SessionVectorFile;
  readonly decrypt: (input: DecryptSessionDataInput) => { data: Record<string, unknown>; phone: NormalisedPhone };
  readonly watermark: boolean;
}

const SESSION_PLATFORMS: readonly SessionPlatform[] = [
  { prefix: 'QQ', vectors: QQ_VECTORS, decrypt: decryptQqPhoneData, watermark: true },
  { prefix: 'DOUYIN', vectors: DOUYIN_LEGACY_VECTORS, decrypt: decryptDouyinPhoneData, watermark: true },
  { prefix: 'KUAISHOU', vectors: KUAISHOU_VECTORS, decrypt: decryptKuaishouPhoneData, watermark: false },
];

describe.each(SESSION_PLATFORMS.map((p) => [p.prefix, p] as const))('%s session_key data fails only with catalogued codes', (prefix, platform) => {
  const codes = [
    `${prefix}_SESSION_KEY_INVALID`,
    `${prefix}_IV_INVALID`,
    `${prefix}_ENCRYPTED_DATA_INVALID`,
    `${prefix}_DECRYPTION_FAILED`,
    ...(platform.watermark ? [`${prefix}_WATERMARK_MISMATCH`, `${prefix}_DATA_EXPIRED`] : []),
    'PHONE_INVALID',
  ] as CoreErrorCode[];
  const { vectors } = platform;
  const encryptedData = vectors.vectors[0]?.encryptedData ?? '';

  test('for garbage in every field', () => {
    fc.assert(
      fc.property(
        fc.record({
          encryptedData: field(encryptedData),
          iv: field(vectors.iv.base64),
          sessionKey: field(vectors.sessionKey.base64),
          appId: fc.oneof(fc.constant(vectors.appId), fc.string({ maxLength: 20 }), fc.anything({ maxDepth: 0 })),
          maxAgeSeconds: fc.option(fc.integer({ min: -10, max: 1000 }), { nil: undefined }),
        }),
        (input) => {
          expectOnlyCatalogued(() => platform.decrypt(input as unknown as DecryptSessionDataInput), codes);
        },
      ),
      RUNS,
    );
  });

  test('for any plaintext under the right key and iv', () => {
    const key = Buffer.from(vectors.sessionKey.hex, 'hex');
    const iv = Buffer.from(vectors.iv.hex, 'hex');
    fc.assert(
      fc.property(plaintext(vectors.appId), fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }), (plain, maxAgeSeconds) => {
        const input = { encryptedData: cbc('aes-128-cbc', key, iv, plain), iv: vectors.iv.base64, sessionKey: vectors.sessionKey.base64, appId: vectors.appId, ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }) };
        expectOnlyCatalogued(() => platform.decrypt(input), codes);
      }),
      RUNS,
    );
  });
});

describe('Baidu data fails only with catalogued codes', () => {
  const codes: CoreErrorCode[] = ['BAIDU_SESSION_KEY_INVALID', 'BAIDU_IV_INVALID', 'BAIDU_ENCRYPTED_DATA_INVALID', 'BAIDU_DECRYPTION_FAILED', 'BAIDU_APP_KEY_MISMATCH', 'PHONE_INVALID'];
  const key = Buffer.from(BAIDU_VECTORS.sessionKey.hex, 'hex');
  const iv = Buffer.from(BAIDU_VECTORS.iv.hex, 'hex');

  test('for garbage in every field', () => {
    fc.assert(
      fc.property(
        fc.record({
          encryptedData: field(BAIDU_VECTORS.vectors[0]?.encryptedData ?? ''),
          iv: field(BAIDU_VECTORS.iv.base64),
          sessionKey: field(BAIDU_VECTORS.sessionKey.base64),
          appKey: fc.oneof(fc.constant(BAIDU_VECTORS.appKey), fc.string({ maxLength: 40 }), fc.anything({ maxDepth: 0 })),
        }),
        (input) => {
          expectOnlyCatalogued(() => decryptBaiduPhoneData(input as never), codes);
        },
      ),
      RUNS,
    );
  });

  test('for any block of whole AES blocks under the right key (padding and frame included)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }).chain((n) => fc.uint8Array({ minLength: n * 16, maxLength: n * 16 })), (blocks) => {
        const input = { encryptedData: cbc('aes-192-cbc', key, iv, Buffer.from(blocks), false), iv: BAIDU_VECTORS.iv.base64, sessionKey: BAIDU_VECTORS.sessionKey.base64, appKey: BAIDU_VECTORS.appKey };
        expectOnlyCatalogued(() => decryptBaiduPhoneData(input), codes);
      }),
      RUNS,
    );
  });

  test('for any JSON-ish body and declared length inside a well-padded frame', () => {
    fc.assert(
      fc.property(plaintext('unused'), fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }), fc.constantFrom(BAIDU_VECTORS.appKey, '', 'other'), (body, declared, appKey) => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(declared ?? body.length);
        const unpadded = Buffer.concat([Buffer.alloc(16, 7), length, body, Buffer.from(appKey)]);
        const count = 32 - (unpadded.length % 32);
        const framed = Buffer.concat([unpadded, Buffer.alloc(count, count)]);
        const input = { encryptedData: cbc('aes-192-cbc', key, iv, framed, false), iv: BAIDU_VECTORS.iv.base64, sessionKey: BAIDU_VECTORS.sessionKey.base64, appKey: BAIDU_VECTORS.appKey };
        expectOnlyCatalogued(() => decryptBaiduPhoneData(input), codes);
      }),
      RUNS,
    );
  });
});

describe("Douyin's get_phonenumber_info data fails only with catalogued codes", () => {
  const codes: CoreErrorCode[] = ['DOUYIN_PHONE_DATA_INVALID', 'DOUYIN_PHONE_DECRYPTION_FAILED', 'DOUYIN_WATERMARK_MISMATCH', 'PHONE_INVALID'];
  let privateKey: DouyinPrivateKey;
  const publicKey = createPublicKey(DOUYIN_RSA_KEY_PEM);

  beforeAll(() => {
    privateKey = loadDouyinPrivateKey(DOUYIN_RSA_KEY_PEM);
  });

  test('for any text as the data', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.base64String({ minLength: 340, maxLength: 348 }), fc.constant(DOUYIN_RSA_VECTORS.vectors[0]?.data ?? ''), fc.anything({ maxDepth: 0 })), fc.option(fc.string({ maxLength: 20 }), { nil: undefined }), (data, appId) => {
        expectOnlyCatalogued(() => decryptDouyinPhoneNumber({ data: data as string, privateKey, ...(appId === undefined ? {} : { appId }) }), codes);
      }),
      RUNS,
    );
  });

  test('for any 256 bytes (mostly bad padding: implicit rejection, then the one failure)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), (bytes) => {
        expectOnlyCatalogued(() => decryptDouyinPhoneNumber({ data: Buffer.from(bytes).toString('base64'), privateKey }), codes);
      }),
      { numRuns: 200 },
    );
  });

  test('for any block encrypted raw: random first bytes, separators and messages', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 0, 0, 1),
        fc.constantFrom(2, 2, 2, 0, 1),
        fc.integer({ min: 0, max: 20 }),
        plaintext(DOUYIN_RSA_VECTORS.appId),
        (first, second, psShort, message) => {
          const room = 256 - 3 - message.length;
          if (room < 0) return;
          const ps = Buffer.alloc(Math.max(0, room - psShort), 0x5a);
          const em = Buffer.concat([Buffer.from([first, second]), ps, Buffer.from([0]), message, Buffer.alloc(256 - 3 - ps.length - message.length, 0x41)]);
          const data = publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, em).toString('base64');
          expectOnlyCatalogued(() => decryptDouyinPhoneNumber({ data, privateKey, appId: DOUYIN_RSA_VECTORS.appId }), codes);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('loadDouyinPrivateKey fails only with DOUYIN_PRIVATE_KEY_INVALID', () => {
  test('for any text', () => {
    const pem = DOUYIN_RSA_KEY_PEM;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.base64String({ maxLength: 2000 }),
          fc.integer({ min: 0, max: pem.length }).map((n) => pem.slice(0, n)),
          fc.tuple(fc.integer({ min: 30, max: pem.length - 30 }), fc.string({ minLength: 1, maxLength: 1 })).map(([at, c]) => `${pem.slice(0, at)}${c}${pem.slice(at + 1)}`),
          fc.anything({ maxDepth: 0 }),
        ),
        (text) => {
          expectOnlyCatalogued(() => loadDouyinPrivateKey(text as string), ['DOUYIN_PRIVATE_KEY_INVALID']);
        },
      ),
      RUNS,
    );
  });
});
