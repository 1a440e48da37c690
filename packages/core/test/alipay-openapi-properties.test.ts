import fc from 'fast-check';
import {
  PhonekitError,
  alipayCertSn,
  alipayOpenApiSignContent,
  alipayRootCertSn,
  buildOauthTokenRequest,
  loadAlipayAppPrivateKey,
  loadAlipayPublicKey,
  signAlipayOpenApiRequest,
  verifyAlipayOauthTokenResponse,
  verifyAlipayOpenApiResponse,
  type AlipayAppPrivateKey,
  type AlipayPublicKey,
  type CoreErrorCode,
} from '../src';
import { createOpensslWorkspace, type OpensslRsaKey, type OpensslWorkspace } from './support/openssl';
import { ALIPAY_ROOT_CERT, APP_CERT_2021001161683774 } from './vectors/alipay-certificates';
import { OAUTH_ANSWER_VECTORS, OPENAPI_ALIPAY_PUBLIC_KEY } from './vectors/alipay-openapi';

const RUNS = { numRuns: 300 } as const;

let openssl: OpensslWorkspace;
let app: OpensslRsaKey;
let appKey: AlipayAppPrivateKey;
let alipayKey: AlipayPublicKey;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  app = openssl.rsaKey('app');
  appKey = loadAlipayAppPrivateKey(app.privateKeyPem);
  alipayKey = loadAlipayPublicKey(OPENAPI_ALIPAY_PUBLIC_KEY);
}, 30_000);

afterAll(() => {
  openssl.dispose();
});

/** Runs `fn`; it may return, or throw a PhonekitError with one of `codes`: nothing else. */
function expectOnlyPhonekitErrors(fn: () => unknown, codes: readonly CoreErrorCode[]): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PhonekitError);
    if (err instanceof PhonekitError) expect(codes).toContain(err.code);
  }
}

const ANSWER_CODES: readonly CoreErrorCode[] = [
  'ALIPAY_GATEWAY_RESPONSE_MALFORMED',
  'ALIPAY_GATEWAY_SIGNATURE_MISSING',
  'ALIPAY_GATEWAY_SIGNATURE_INVALID',
  'ALIPAY_GATEWAY_BUSY',
  'ALIPAY_AUTH_CODE_INVALID',
  'ALIPAY_REFRESH_TOKEN_INVALID',
  'ALIPAY_APP_ID_INVALID',
  'ALIPAY_REQUEST_SIGNATURE_INVALID',
  'ALIPAY_GATEWAY_ERROR',
];

const KNOWN_SIGN = (() => {
  const first = OAUTH_ANSWER_VECTORS[0];
  if (first === undefined) throw new Error('no vector');
  const parsed: unknown = JSON.parse(first.input.rawText);
  return typeof parsed === 'object' && parsed !== null && 'sign' in parsed && typeof parsed.sign === 'string' ? parsed.sign : '';
})();

/** A field value, biased towards what gets far: codes, sub_codes, the known sign. */
const fieldValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('10000', '20000', '40002', 'isv.code-invalid', 'isv.invalid-app-id', '__proto__', 'constructor', KNOWN_SIGN, ''),
    fc.record(
      {
        code: fc.oneof(fc.constantFrom('10000', '20000', '40002', 40004), fc.jsonValue({ maxDepth: 1 })),
        sub_code: fc.oneof(fc.constantFrom('isv.code-invalid', 'isp.unknow-error', '__proto__', 'toString'), fc.jsonValue({ maxDepth: 1 })),
        access_token: fc.jsonValue({ maxDepth: 1 }),
        open_id: fc.jsonValue({ maxDepth: 1 }),
        expires_in: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    ),
  );

const answerText = (): fc.Arbitrary<string> =>
  fc
    .record(
      { alipay_system_oauth_token_response: fieldValue(), error_response: fieldValue(), sign: fieldValue(), alipay_cert_sn: fieldValue() },
      { requiredKeys: [] },
    )
    .map((obj) => JSON.stringify(obj));

describe('verifying gateway answers never throws anything but a catalogued PhonekitError', () => {
  test.each([
    ['arbitrary strings', fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }))],
    ['arbitrary JSON texts', fc.json({ maxDepth: 3 })],
    ['answer-shaped objects with fields of any type', answerText()],
  ] as const)('for %s', (_what, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, fc.constantFrom('RSA2' as const, 'RSA' as const), (text, signType) => {
        expectOnlyPhonekitErrors(() => verifyAlipayOauthTokenResponse(text, alipayKey, signType), ANSWER_CODES);
        expectOnlyPhonekitErrors(() => verifyAlipayOpenApiResponse(text, 'alipay.system.oauth.token', alipayKey, signType), ANSWER_CODES);
      }),
      RUNS,
    );
  });

  test('for non-string input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expectOnlyPhonekitErrors(() => verifyAlipayOauthTokenResponse(input as string, alipayKey), ANSWER_CODES);
      }),
      { numRuns: 200 },
    );
  });

  test('for every single-character change of a known answer: the known token or an error, never another token', () => {
    const vector = OAUTH_ANSWER_VECTORS[0];
    if (vector === undefined) throw new Error('no vector');
    const text = vector.input.rawText;
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }), (at, ch) => {
        const changed = `${text.slice(0, at)}${ch}${text.slice(at + 1)}`;
        try {
          const token = verifyAlipayOauthTokenResponse(changed, alipayKey);
          // Only a change outside the signed member (or in the sign's own padding-free encoding) may pass.
          expect(token).toEqual(vector.output);
        } catch (err) {
          expect(err).toBeInstanceOf(PhonekitError);
        }
      }),
      RUNS,
    );
  });
});

describe('reading keys and certificates never throws anything but its catalogued PhonekitError', () => {
  const garbage = (): fc.Arbitrary<string> =>
    fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.base64String({ maxLength: 400 }),
      fc.base64String({ maxLength: 300 }).map((b) => `-----BEGIN CERTIFICATE-----\n${b}\n-----END CERTIFICATE-----`),
      fc.base64String({ maxLength: 300 }).map((b) => `-----BEGIN PRIVATE KEY-----\n${b}\n-----END PRIVATE KEY-----`),
      fc.nat({ max: APP_CERT_2021001161683774.length - 1 }).map((cut) => APP_CERT_2021001161683774.slice(0, cut) + APP_CERT_2021001161683774.slice(cut + 1)),
    );

  test('alipayCertSn and alipayRootCertSn', () => {
    fc.assert(
      fc.property(garbage(), (text) => {
        expectOnlyPhonekitErrors(() => alipayCertSn(text), ['ALIPAY_CERTIFICATE_INVALID']);
        expectOnlyPhonekitErrors(() => alipayRootCertSn(text), ['ALIPAY_CERTIFICATE_INVALID']);
      }),
      RUNS,
    );
  });

  test('alipayRootCertSn on the real bundle with one character changed', () => {
    fc.assert(
      fc.property(fc.nat({ max: ALIPAY_ROOT_CERT.length - 1 }), fc.constantFrom('A', '/', '-', '\n', ''), (at, ch) => {
        expectOnlyPhonekitErrors(() => alipayRootCertSn(`${ALIPAY_ROOT_CERT.slice(0, at)}${ch}${ALIPAY_ROOT_CERT.slice(at + 1)}`), ['ALIPAY_CERTIFICATE_INVALID']);
      }),
      RUNS,
    );
  });

  test('loadAlipayAppPrivateKey', () => {
    fc.assert(
      fc.property(fc.oneof(garbage(), fc.anything().map((v) => v as string)), (text) => {
        expectOnlyPhonekitErrors(() => loadAlipayAppPrivateKey(text), ['APP_PRIVATE_KEY_INVALID']);
      }),
      RUNS,
    );
  });
});

describe('requests', () => {
  test('an auth code from a client never makes buildOauthTokenRequest throw anything but ALIPAY_AUTH_CODE_INVALID', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.anything().map((v) => v as string)), (authCode) => {
        expectOnlyPhonekitErrors(() => buildOauthTokenRequest({ appId: '2021001161683774', authCode, timestamp: new Date() }), ['ALIPAY_AUTH_CODE_INVALID']);
      }),
      RUNS,
    );
  });

  test('the sign string does not depend on the order the parameters were given in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 8 }), fc.infiniteStream(fc.nat()), (params, seeds) => {
        const entries = Object.entries(params);
        const shuffled = entries.map((entry) => [seeds.next().value, entry] as const).sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
        expect(alipayOpenApiSignContent(Object.fromEntries(shuffled))).toBe(alipayOpenApiSignContent(params));
      }),
      RUNS,
    );
  });

  test('a signed request differing in any non-empty parameter has another signature', () => {
    const base = buildOauthTokenRequest({ appId: '2021001161683774', authCode: '4b203fe6c11548bcabd8da5bb087a83b', timestamp: new Date('2024-05-13T09:49:20Z') });
    const baseSign = signAlipayOpenApiRequest(base, appKey).sign;
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(base).filter((k) => k !== 'sign_type')), fc.stringMatching(/^[\w.-]{1,20}$/), (key, value) => {
        fc.pre(base[key] !== value);
        expect(signAlipayOpenApiRequest({ ...base, [key]: value }, appKey).sign).not.toBe(baseSign);
      }),
      { numRuns: 50 },
    );
  });
});
