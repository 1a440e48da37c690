import { createCipheriv, sign as rsaSign } from 'node:crypto';
import fc from 'fast-check';
import {
  PhonekitError,
  decryptAlipayContent,
  decryptWechatData,
  inspectAlipayPhoneResponse,
  isCoreErrorCode,
  loadAlipayAesKey,
  loadAlipayPublicKey,
  maskPhone,
  openAlipayPhoneResponse,
  parseAlipayPhoneResponse,
  type AlipayAppKeys,
  type AlipayInspection,
  type CoreErrorCode,
} from '../src';
import { rawTopLevelMembers } from '../src/lib/raw-json';
import { thrownBy } from './support/errors';
import { createOpensslWorkspace, type OpensslRsaKey, type OpensslWorkspace } from './support/openssl';
import { AES_128_KEY } from './vectors/alipay-aes';
import { FIXED_ALIPAY_PUBLIC_KEY, FIXED_MAINLAND } from './vectors/alipay-signed';

const RUNS = { numRuns: 300 } as const;

let openssl: OpensslWorkspace;
let signer: OpensslRsaKey;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  signer = openssl.rsaKey('alipay');
}, 30_000);

afterAll(() => {
  openssl.dispose();
});

/** The app of the pasted known-answer payload: real keys, so arbitrary payloads can reach every step. */
const fixedApp = (): AlipayAppKeys => ({ publicKey: loadAlipayPublicKey(FIXED_ALIPAY_PUBLIC_KEY), aesKey: loadAlipayAesKey(AES_128_KEY.base64) });
const FIXED_TEXT = `{"response":"${FIXED_MAINLAND.ciphertext}","sign":"${FIXED_MAINLAND.rsa2Sign}","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"}`;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The invariant of inspect: a phone or a catalogued PhonekitError, never both, never neither, never INTERNAL. */
function expectWellFormed(report: AlipayInspection): void {
  expect((report.phone === undefined) !== (report.error === undefined)).toBe(true);
  if (report.error !== undefined) {
    expect(report.error).toBeInstanceOf(PhonekitError);
    expect(isCoreErrorCode(report.error.code)).toBe(true);
    // INTERNAL would mean something threw that phonekit did not expect.
    expect(report.error.code).not.toBe('INTERNAL');
  }
  expect(report.diagnosis.length).toBeGreaterThan(0);
  for (const line of report.diagnosis) expect(typeof line).toBe('string');
}

function expectOnlyPhonekitErrors(fn: () => unknown, codes: readonly CoreErrorCode[]): void {
  let err: unknown;
  try {
    fn();
    return;
  } catch (caught) {
    err = caught;
  }
  expect(err).toBeInstanceOf(PhonekitError);
  if (err instanceof PhonekitError) expect(codes).toContain(err.code);
}

const appKeys = (): fc.Arbitrary<AlipayAppKeys> =>
  fc.record({
    publicKey: fc.option(fc.constant(loadAlipayPublicKey(FIXED_ALIPAY_PUBLIC_KEY)), { nil: undefined }),
    aesKey: fc.option(fc.constant(loadAlipayAesKey(AES_128_KEY.base64)), { nil: undefined }),
    signType: fc.option(fc.constantFrom('RSA2' as const, 'RSA' as const), { nil: undefined }),
    allowUnsigned: fc.boolean(),
  });

/** Any value a field could hold, biased towards values that get far into the pipeline. */
const fieldValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.base64String({ maxLength: 64 }),
    fc.constantFrom('RSA2', 'RSA', '', 'AES', 'UTF-8', FIXED_MAINLAND.ciphertext, FIXED_MAINLAND.rsa2Sign, FIXED_MAINLAND.rsaSign),
    fc.record({ code: fc.oneof(fc.constantFrom('10000', '20000', '40001', '40003', 10000), fc.jsonValue({ maxDepth: 1 })), mobile: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }),
  );

const payloadObject = (): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    {
      response: fieldValue(),
      sign: fieldValue(),
      sign_type: fieldValue(),
      encrypt_type: fieldValue(),
      charset: fieldValue(),
      encryptedData: fieldValue(),
      signType: fieldValue(),
      appId: fieldValue(),
    },
    { requiredKeys: [] },
  );

/** The payload as text, bare or inside a wrapper {"response": "<text>"}. */
const payloadText = (): fc.Arbitrary<string> =>
  fc.tuple(payloadObject(), fc.boolean()).map(([obj, wrapped]) => (wrapped ? JSON.stringify({ response: JSON.stringify(obj) }) : JSON.stringify(obj)));

describe('inspectAlipayPhoneResponse never throws and always answers a phone or a catalogued error', () => {
  test('for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })), appKeys(), (input, keys) => {
        expectWellFormed(inspectAlipayPhoneResponse(input, keys));
      }),
      RUNS,
    );
  });

  test('for arbitrary JSON texts', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 3 }), appKeys(), (input, keys) => {
        expectWellFormed(inspectAlipayPhoneResponse(input, keys));
      }),
      RUNS,
    );
  });

  test('for arbitrary objects with response, sign and sign_type of any type', () => {
    fc.assert(
      fc.property(payloadText(), appKeys(), (input, keys) => {
        expectWellFormed(inspectAlipayPhoneResponse(input, keys));
      }),
      RUNS,
    );
  });

  test('for non-string input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expectWellFormed(inspectAlipayPhoneResponse(input as string, fixedApp()));
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseAlipayPhoneResponse only ever throws PhonekitError', () => {
  const PARSE_CODES = ['PAYLOAD_MALFORMED', 'SIGN_TYPE_UNSUPPORTED'] as const;

  test('for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        expectOnlyPhonekitErrors(() => parseAlipayPhoneResponse(input), PARSE_CODES);
      }),
      RUNS,
    );
  });

  test('for arbitrary JSON and payload-shaped objects', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 3 }), payloadText()), (input) => {
        expectOnlyPhonekitErrors(() => parseAlipayPhoneResponse(input), PARSE_CODES);
      }),
      RUNS,
    );
  });

  test('and when it parses, the signed content is the raw response text', () => {
    fc.assert(
      fc.property(payloadText(), (input) => {
        let parsed: ReturnType<typeof parseAlipayPhoneResponse>;
        try {
          parsed = parseAlipayPhoneResponse(input);
        } catch {
          return;
        }
        if (parsed.variant === 'response') {
          const value: unknown = JSON.parse(parsed.signedContent);
          expect(value).toEqual(parsed.encrypted ? parsed.ciphertext : parsed.plainBody);
        } else {
          expect(parsed.signedContent).toBe(JSON.stringify(parsed.ciphertext));
        }
      }),
      RUNS,
    );
  });
});

describe('key loaders only ever throw PhonekitError', () => {
  const pem = (label: string, bytes: Uint8Array): string =>
    `-----BEGIN ${label}-----\n${Buffer.from(bytes).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;
  const keyText = (): fc.Arbitrary<string> =>
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('hex')),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
      fc.tuple(fc.constantFrom('PUBLIC KEY', 'RSA PUBLIC KEY', 'CERTIFICATE', 'PRIVATE KEY', 'EC PARAMETERS'), fc.uint8Array({ maxLength: 300 })).map(([label, bytes]) =>
        pem(label, bytes),
      ),
      fc.constantFrom(AES_128_KEY.base64, AES_128_KEY.hex, FIXED_ALIPAY_PUBLIC_KEY.slice(0, 100), `${FIXED_ALIPAY_PUBLIC_KEY}AAAA`),
    );

  test('loadAlipayAesKey', () => {
    fc.assert(
      fc.property(keyText(), (input) => {
        expectOnlyPhonekitErrors(() => loadAlipayAesKey(input), ['AES_KEY_INVALID']);
      }),
      RUNS,
    );
  });

  test('loadAlipayPublicKey', () => {
    fc.assert(
      fc.property(keyText(), (input) => {
        expectOnlyPhonekitErrors(() => loadAlipayPublicKey(input), ['PUBLIC_KEY_INVALID']);
      }),
      RUNS,
    );
  });

  test('loadAlipayAesKey accepts exactly the base64 of 16, 24 or 32 bytes (not hex-looking)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 48 }), (bytes) => {
        const base64 = Buffer.from(bytes).toString('base64');
        const looksHex = /^[0-9a-fA-F]+$/.test(base64) && [32, 48, 64].includes(base64.length);
        if ([16, 24, 32].includes(bytes.length) && !looksHex) {
          expect(loadAlipayAesKey(base64).bits).toBe(bytes.length * 8);
        } else {
          expect(thrownBy(() => loadAlipayAesKey(base64))).toBeInstanceOf(PhonekitError);
        }
      }),
      RUNS,
    );
  });
});

describe('decryption', () => {
  test('decryptAlipayContent fails only with the one DECRYPTION_FAILED', () => {
    fc.assert(
      fc.property(fc.oneof(fc.base64String({ maxLength: 120 }), fc.string({ maxLength: 60 })), (ciphertext) => {
        expectOnlyPhonekitErrors(() => decryptAlipayContent(ciphertext, loadAlipayAesKey(AES_128_KEY.base64)), ['DECRYPTION_FAILED']);
      }),
      RUNS,
    );
  });

  test('decryptWechatData fails only with PhonekitError', () => {
    fc.assert(
      fc.property(
        fc.record({
          encryptedData: fc.oneof(fc.base64String({ maxLength: 120 }), fc.string({ maxLength: 40 })),
          iv: fc.oneof(fc.constant('eQpt8JkqdLh4gMvxM7wSgw=='), fc.base64String({ maxLength: 30 })),
          sessionKey: fc.oneof(fc.constant('7EVy3Y5E3a3p5XZdH/Cw5g=='), fc.base64String({ maxLength: 30 })),
          appId: fc.string({ maxLength: 20 }),
          maxAgeSeconds: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
        }),
        (input) => {
          expectOnlyPhonekitErrors(() => decryptWechatData(input), [
            'WECHAT_SESSION_KEY_INVALID',
            'WECHAT_IV_INVALID',
            'WECHAT_ENCRYPTED_DATA_INVALID',
            'WECHAT_DECRYPTION_FAILED',
            'WECHAT_WATERMARK_MISMATCH',
            'WECHAT_DATA_EXPIRED',
            'PHONE_INVALID',
          ]);
        },
      ),
      RUNS,
    );
  });
});

describe('genuine payloads', () => {
  /** Encrypts and signs like Alipay, with node:crypto for speed (openssl made the key). */
  function sealWithNode(plaintext: string, aesKey: Buffer): string {
    const cipher = createCipheriv(`aes-${aesKey.length * 8}-cbc`, aesKey, Buffer.alloc(16, 0));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
    const sign = rsaSign('sha256', Buffer.from(`"${ciphertext}"`, 'utf8'), signer.privateKeyPem).toString('base64');
    return `{"response":"${ciphertext}","sign":"${sign}","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"}`;
  }

  test('open any mainland mobile under any AES key, and no message or diagnosis holds the key or the number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })), (mobile, keyBytes) => {
        const aesKey = Buffer.from(keyBytes);
        const keys: AlipayAppKeys = { publicKey: loadAlipayPublicKey(signer.publicKeyBase64), aesKey: loadAlipayAesKey(aesKey.toString('base64')) };
        const text = sealWithNode(`{"code":"10000","msg":"Success","mobile":"${mobile}"}`, aesKey);
        const report = inspectAlipayPhoneResponse(text, keys);
        expect(report.phone?.e164).toBe(`+86${mobile}`);
        expect(report.phone?.masked).toBe(`${mobile.slice(0, 3)}****${mobile.slice(-4)}`);
        const visible = JSON.stringify(report.diagnosis);
        for (const secret of [mobile, aesKey.toString('base64'), aesKey.toString('hex')]) expect(visible).not.toContain(secret);
        // The same payload with another AES key: one error, and still no secrets.
        const wrong = inspectAlipayPhoneResponse(text, { ...keys, aesKey: loadAlipayAesKey(AES_128_KEY.base64) });
        const wrongVisible = JSON.stringify({ diagnosis: wrong.diagnosis, error: wrong.error });
        for (const secret of [mobile, aesKey.toString('base64'), aesKey.toString('hex')]) expect(wrongVisible).not.toContain(secret);
      }),
      { numRuns: 100 },
    );
  });

  test('changing any character of the ciphertext breaks the signature', () => {
    const ciphertext = FIXED_MAINLAND.ciphertext;
    fc.assert(
      fc.property(fc.nat({ max: ciphertext.length - 3 }), fc.constantFrom(...BASE64_ALPHABET), (index, ch) => {
        fc.pre(ciphertext.charAt(index) !== ch);
        const tampered = `${ciphertext.slice(0, index)}${ch}${ciphertext.slice(index + 1)}`;
        const report = inspectAlipayPhoneResponse(FIXED_TEXT.replace(ciphertext, tampered), fixedApp());
        expect(report.error?.code).toBe('SIGNATURE_INVALID');
        expect(report.body).toBeUndefined();
      }),
      RUNS,
    );
  });

  test('changing any character of the sign (before its last group) breaks the signature', () => {
    const sign = FIXED_MAINLAND.rsa2Sign;
    fc.assert(
      fc.property(fc.nat({ max: sign.length - 5 }), fc.constantFrom(...BASE64_ALPHABET), (index, ch) => {
        fc.pre(sign.charAt(index) !== ch);
        const tampered = `${sign.slice(0, index)}${ch}${sign.slice(index + 1)}`;
        expect(inspectAlipayPhoneResponse(FIXED_TEXT.replace(sign, tampered), fixedApp()).error?.code).toBe('SIGNATURE_INVALID');
      }),
      RUNS,
    );
  });

  test('JSON whitespace anywhere between the tokens of the payload does not matter', () => {
    const ws = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r'), maxLength: 4 });
    fc.assert(
      fc.property(fc.array(ws, { minLength: 8, maxLength: 8 }), ([a = '', b = '', c = '', d = '', e = '', f = '', g = '', h = '']) => {
        const text = `${a}{${b}"response"${c}:${d}"${FIXED_MAINLAND.ciphertext}"${e},${f}"sign":${g}"${FIXED_MAINLAND.rsa2Sign}"${h}}`;
        expect(openAlipayPhoneResponse(text, fixedApp()).e164).toBe('+8613811112222');
      }),
      { numRuns: 200 },
    );
  });
});

describe('rawTopLevelMembers', () => {
  test('finds raw texts that parse back to the values JSON.parse gives', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }), fc.constantFrom(undefined, 0, 1, 2, '\t'), (obj, indent) => {
        const text = JSON.stringify(obj, null, indent);
        const parsed = JSON.parse(text) as Record<string, unknown>;
        const { members, duplicates } = rawTopLevelMembers(text);
        expect(duplicates).toEqual([]);
        expect([...members.keys()].sort()).toEqual(Object.keys(parsed).sort());
        for (const [key, member] of members) {
          expect(JSON.parse(member.raw)).toEqual(parsed[key]);
          expect(text.slice(member.start, member.end)).toBe(member.raw);
        }
      }),
      RUNS,
    );
  });
});

describe('maskPhone', () => {
  test('never shows a whole digit string, with or without a country prefix', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,15}$/), fc.constantFrom('', '1-', '852-', '+86'), (digits, prefix) => {
        const masked = maskPhone(`${prefix}${digits}`);
        const rest = masked.startsWith(prefix) ? masked.slice(prefix.length) : masked;
        expect(rest).not.toContain(digits);
        expect(masked).toContain('*');
      }),
      RUNS,
    );
  });
});
