// Hostile input over real HTTP: property-based bodies and content types, and
// the known attacks on my.getPhoneNumber payloads, each named. The sandbox
// plays Alipay (it holds Alipay's private key), so attacks that need a valid
// signature can be built; everything of ours runs for real.
import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { isRecord } from '@phonekit/core';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { buildAlipayPhoneResponse, encryptAlipayContent, generateAlipaySandboxKeys, signAlipayContent } from '@phonekit/sandbox';
import { isApiErrorCode } from '../src/errors/catalogue';
import { startServer, type RunningServer } from '../src/start-server';
import { captureLogger, configFromEnv, envForKeys, expectErrorEnvelope, expectPhoneBody, partsOf } from './support/server-fixtures';

const ROUTE = '/api/alipay/phone-number';
const MOBILE = '13811112222';

let keys: AlipaySandboxKeys;
let server: RunningServer;
let logs: ReturnType<typeof captureLogger>;

/**
 * Log lines for unexpected errors. (The request log also writes 5xx answers at
 * error level; the 502/503 of an unsigned Alipay error body is one by design.)
 */
const unexpectedErrors = (): string[] => logs.lines().filter((line) => line.includes('"msg":"unexpected error"') || line.includes('"code":"INTERNAL"'));

beforeAll(async () => {
  keys = generateAlipaySandboxKeys();
  logs = captureLogger('error');
  server = await startServer(configFromEnv({ ...envForKeys(keys), RATE_LIMIT_PER_MINUTE: '0', HOST: '127.0.0.1' }), { port: 0, logger: logs.logger });
});

afterAll(async () => {
  await server.close();
});

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly body: unknown;
}

async function post(body: string | Uint8Array, contentType?: string): Promise<Answer> {
  const res = await fetch(`${server.url}${ROUTE}`, {
    method: 'POST',
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the checks below fail with the text in view
  }
  return { status: res.status, text, body: parsed };
}

/** The error code of an envelope, or undefined when the body is not one. */
function errorCodeOf(answer: Answer): string | undefined {
  const error = isRecord(answer.body) ? answer.body['error'] : undefined;
  const code = isRecord(error) ? error['code'] : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** 4xx with a catalogued code in the envelope; the failure message shows the answer. */
function expect4xxEnvelope(answer: Answer): void {
  const code = errorCodeOf(answer);
  expect({ status: answer.status >= 400 && answer.status < 500, catalogued: isApiErrorCode(code), answer: answer.text.slice(0, 200) }).toEqual({
    status: true,
    catalogued: true,
    answer: answer.text.slice(0, 200),
  });
}

/** A res.response with Alipay's signature over the quoted ciphertext of `plaintext` (bytes or text). */
function signedCiphertext(ciphertext: string, extra: Record<string, string> = {}): string {
  return JSON.stringify({ response: ciphertext, sign: signAlipayContent(JSON.stringify(ciphertext), keys.privateKeyPem, 'RSA2'), sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8', ...extra });
}

const CONTENT_TYPES = [
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'text/plain; charset=iso-8859-1',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----phonekit',
  'application/octet-stream',
  'application/xml',
  'image/png',
  'application/json; charset=utf-16',
  'text/plain; charset=nonsense',
];

const contentType = (): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    fc.constantFrom(...CONTENT_TYPES),
    fc.stringMatching(/^[a-z]{1,12}\/[a-z0-9.+-]{1,20}(; ?[a-z]{1,8}=[A-Za-z0-9-]{1,12})?$/),
  );

describe('POST /api/alipay/phone-number with arbitrary input', () => {
  const RUNS = { numRuns: 150, interruptAfterTimeLimit: 30_000 } as const;

  it('answers any bytes under any content type with a catalogued 4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 3_000 }), contentType(), async (bytes, type) => {
        expect4xxEnvelope(await post(bytes, type));
      }),
      RUNS,
    );
  }, 60_000);

  it('answers any text (lone surrogates included) under any content type with a catalogued 4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 500 }), fc.string({ maxLength: 500 })), contentType(), async (text, type) => {
        expect4xxEnvelope(await post(text, type));
      }),
      RUNS,
    );
  }, 60_000);

  it('answers any JSON shape with a catalogued 4xx, or for an unsigned Alipay error body its upstream error, never INTERNAL', async () => {
    const anyField = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.base64String({ maxLength: 400 }),
      fc.constantFrom('RSA2', 'RSA', '', 'AES'),
      fc.record({ code: fc.oneof(fc.constantFrom('10000', '20000', '40001', '40002', '40003', '40006'), fc.jsonValue({ maxDepth: 1 })), mobile: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }),
    );
    const payload = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({ response: anyField, sign: anyField, sign_type: anyField, encryptedData: anyField, appId: anyField }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(payload, fc.boolean(), contentType(), async (value, wrapped, type) => {
        const text = wrapped ? JSON.stringify({ response: JSON.stringify(value) }) : JSON.stringify(value);
        const answer = await post(text ?? 'null', type);
        const code = errorCodeOf(answer);
        expect(isApiErrorCode(code)).toBe(true);
        expect(code).not.toBe('INTERNAL');
        if (answer.status >= 500) {
          // By design, an unsigned and unencrypted error body is how Alipay reports a missing configuration,
          // so it is read and answered with the upstream error (502/503), the upstream fields attached.
          const error = isRecord(answer.body) ? answer.body['error'] : undefined;
          expect(isRecord(error) && isRecord(error['upstream'])).toBe(true);
          expect(String(code)).toMatch(/^ALIPAY_/);
        } else {
          expect4xxEnvelope(answer);
        }
      }),
      RUNS,
    );
  }, 60_000);

  it('answers a genuine payload with any one character changed either with its own phone or a catalogued 4xx', async () => {
    const genuine = buildAlipayPhoneResponse(keys, 'success', { mobile: MOBILE });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: genuine.length - 1 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), async (at, replacement) => {
        fc.pre(genuine.charAt(at) !== replacement);
        const answer = await post(genuine.slice(0, at) + replacement + genuine.slice(at + 1), 'application/json');
        if (answer.status === 200) expect(expectPhoneBody(answer.body).mobile).toBe(MOBILE);
        else expect4xxEnvelope(answer);
      }),
      RUNS,
    );
  }, 60_000);

  it('logged no unexpected (INTERNAL) error for any of it', () => {
    expect(unexpectedErrors()).toEqual([]);
  });
});

describe('POST /api/alipay/phone-number under known attacks', () => {
  describe('a padding-oracle probe (bytes of the last ciphertext blocks flipped)', () => {
    function probes(): string[] {
      const original = Buffer.from(partsOf(buildAlipayPhoneResponse(keys, 'success', { mobile: MOBILE })).ciphertext, 'base64');
      const variants: string[] = [];
      for (let offset = original.length - 32; offset < original.length; offset++) {
        for (const flip of [0x01, 0x80]) {
          const variant = Buffer.from(original);
          variant[offset] = (variant[offset] ?? 0) ^ flip;
          variants.push(variant.toString('base64'));
        }
      }
      return variants;
    }

    it('re-signed with Alipay\'s key so decryption is reached, gets the identical 422 DECRYPTION_FAILED every time', async () => {
      const answers = await Promise.all(probes().map((ciphertext) => post(signedCiphertext(ciphertext), 'application/json')));
      expect(answers).toHaveLength(64);
      expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
      expect(answers[0]?.status).toBe(422);
      expectErrorEnvelope(answers[0]?.body, 'DECRYPTION_FAILED');
    });

    it('re-signed, answers a wrong AES key, bad UTF-8 and non-JSON plaintexts identically to bad padding', async () => {
      const otherKey = Buffer.alloc(16, 7).toString('base64');
      const ciphertexts = [
        encryptAlipayContent(JSON.stringify({ code: '10000', msg: 'Success', mobile: MOBILE }), otherKey),
        encryptAlipayContent('not json', keys.aesKeyBase64),
        encryptAlipayContent('[1,2,3]', keys.aesKeyBase64),
        Buffer.from(encryptAlipayContent('x'.repeat(40), keys.aesKeyBase64), 'base64').subarray(0, 32).toString('base64'),
        ...probes().slice(0, 4),
      ];
      const answers = await Promise.all(ciphertexts.map((c) => post(signedCiphertext(c), 'application/json')));
      expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
      expectErrorEnvelope(answers[0]?.body, 'DECRYPTION_FAILED');
    });

    it('without re-signing, gets the identical 422 SIGNATURE_INVALID every time, before any decryption', async () => {
      const genuine = JSON.parse(buildAlipayPhoneResponse(keys, 'success', { mobile: MOBILE })) as Record<string, string>;
      const answers = await Promise.all(probes().map((ciphertext) => post(JSON.stringify({ ...genuine, response: ciphertext }), 'application/json')));
      expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
      expect(answers[0]?.status).toBe(422);
      expectErrorEnvelope(answers[0]?.body, 'SIGNATURE_INVALID');
    });
  });

  describe('signature stripping', () => {
    it('a genuine payload with "sign" dropped gets 422 SIGNATURE_MISSING, not the phone', async () => {
      const genuine = JSON.parse(buildAlipayPhoneResponse(keys, 'success', { mobile: MOBILE })) as Record<string, string>;
      delete genuine['sign'];
      const answer = await post(JSON.stringify(genuine), 'application/json');
      expect(answer.status).toBe(422);
      expectErrorEnvelope(answer.body, 'SIGNATURE_MISSING');
    });

    it('the event form with "sign" dropped gets 422 SIGNATURE_MISSING, not the phone', async () => {
      const { ciphertext } = partsOf(buildAlipayPhoneResponse(keys, 'success'));
      const answer = await post(JSON.stringify({ encryptedData: ciphertext }), 'application/json');
      expect(answer.status).toBe(422);
      expectErrorEnvelope(answer.body, 'SIGNATURE_MISSING');
    });
  });

  describe('swapping sign_type to RSA', () => {
    it('with Alipay\'s genuine SHA1 signature, gets 422 SIGN_TYPE_MISMATCH: the payload cannot pick the weaker algorithm', async () => {
      const answer = await post(buildAlipayPhoneResponse(keys, 'success', { signType: 'RSA' }), 'application/json');
      expect(answer.status).toBe(422);
      expectErrorEnvelope(answer.body, 'SIGN_TYPE_MISMATCH');
    });
  });

  describe('re-serialising an unencrypted signed body', () => {
    const original = '{"code":"40003","msg":"Insufficient Conditions","subCode":"isv.invalid-auth-relations","subMsg":"无效的授权关系"}';
    const payload = (responseText: string): string => `{"response":${responseText},"sign":"${signAlipayContent(original, keys.privateKeyPem, 'RSA2')}","sign_type":"RSA2"}`;

    it('as Alipay signed it, is read: 403 ALIPAY_NOT_AUTHORISED', async () => {
      const answer = await post(payload(original), 'application/json');
      expect(answer.status).toBe(403);
      expectErrorEnvelope(answer.body, 'ALIPAY_NOT_AUTHORISED');
    });

    for (const [title, text] of [
      ['re-ordered', '{"msg":"Insufficient Conditions","code":"40003","subCode":"isv.invalid-auth-relations","subMsg":"无效的授权关系"}'],
      ['re-spaced', '{ "code": "40003", "msg": "Insufficient Conditions", "subCode": "isv.invalid-auth-relations", "subMsg": "无效的授权关系" }'],
      ['with a field changed to 40006', '{"code":"40006","msg":"Insufficient Conditions","subCode":"isv.invalid-auth-relations","subMsg":"无效的授权关系"}'],
    ] as const) {
      it(`${title}, fails verification: 422 SIGNATURE_INVALID`, async () => {
        const answer = await post(payload(text), 'application/json');
        expect(answer.status).toBe(422);
        expectErrorEnvelope(answer.body, 'SIGNATURE_INVALID');
      });
    }
  });

  describe('a "response" that is not a ciphertext', () => {
    for (const [title, value] of [
      ['a number', 12345],
      ['an array', ['a', 'b']],
      ['null', null],
      ['an object with an array code', { code: ['10000'] }],
    ] as const) {
      it(`${title} gets a catalogued 4xx (PAYLOAD_MALFORMED or refused unsigned)`, async () => {
        const answer = await post(JSON.stringify({ response: value, sign: partsOf(buildAlipayPhoneResponse(keys, 'success')).sign }), 'application/json');
        expect4xxEnvelope(answer);
      });
    }

    it('1 MB long gets 413 PAYLOAD_TOO_LARGE', async () => {
      const answer = await post(JSON.stringify({ response: 'A'.repeat(1024 * 1024), sign: 'AAAA' }), 'application/json');
      expect(answer.status).toBe(413);
      expectErrorEnvelope(answer.body, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('duplicate JSON keys', () => {
    for (const [title, make] of [
      ['a second "sign"', (p: Record<string, string>) => `{"response":"${p['response'] ?? ''}","sign":"AAAA","sign":"${p['sign'] ?? ''}"}`],
      ['a second "response" spelled with a unicode escape', (p: Record<string, string>) => `{"response":"${p['response'] ?? ''}","sign":"${p['sign'] ?? ''}","respons\\u0065":"AAAA"}`],
      ['a second "sign_type"', (p: Record<string, string>) => `{"response":"${p['response'] ?? ''}","sign":"${p['sign'] ?? ''}","sign_type":"RSA","sign_type":"RSA2"}`],
    ] as const) {
      it(`${title} gets 400 PAYLOAD_MALFORMED`, async () => {
        const genuine = JSON.parse(buildAlipayPhoneResponse(keys, 'success')) as Record<string, string>;
        const answer = await post(make(genuine), 'application/json');
        expect(answer.status).toBe(400);
        expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
      });
    }
  });

  describe('UTF-16 lone surrogates', () => {
    it('escaped in the sign, the response or a key, get a catalogued 4xx', async () => {
      const genuine = JSON.parse(buildAlipayPhoneResponse(keys, 'success')) as Record<string, string>;
      for (const body of [
        `{"response":"${genuine['response'] ?? ''}","sign":"\\ud800${genuine['sign'] ?? ''}"}`,
        `{"response":"\\udfff","sign":"${genuine['sign'] ?? ''}"}`,
        `{"resp\\ud800onse":"${genuine['response'] ?? ''}","sign":"${genuine['sign'] ?? ''}"}`,
      ]) {
        expect4xxEnvelope(await post(body, 'application/json'));
      }
    });

    it('as raw CESU-8 bytes (not UTF-8) inside a genuine payload, get a catalogued 4xx', async () => {
      const genuine = buildAlipayPhoneResponse(keys, 'success');
      const at = genuine.indexOf('"sign":"') + 10;
      const bytes = Buffer.concat([Buffer.from(genuine.slice(0, at)), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(genuine.slice(at))]);
      for (const type of ['application/json', 'text/plain']) expect4xxEnvelope(await post(bytes, type));
    });

    it('inside the encrypted body (validly signed), get 422 DECRYPTION_FAILED', async () => {
      const plain = Buffer.concat([Buffer.from('{"code":"10000","msg":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(`","mobile":"${MOBILE}"}`)]);
      // encryptAlipayContent takes text; encrypt the raw bytes the way Alipay's AES would.
      const cipher = createCipheriv('aes-128-cbc', Buffer.from(keys.aesKeyBase64, 'base64'), Buffer.alloc(16));
      const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
      const answer = await post(signedCiphertext(ciphertext), 'application/json');
      expect(answer.status).toBe(422);
      expectErrorEnvelope(answer.body, 'DECRYPTION_FAILED');
    });
  });

  describe('a body of a different content type', () => {
    it('multipart/form-data wrapping a genuine payload gets 400 PAYLOAD_MALFORMED (the body is never parsed as a form)', async () => {
      const genuine = buildAlipayPhoneResponse(keys, 'success');
      const multipart = `------phonekit\r\nContent-Disposition: form-data; name="response"\r\n\r\n${genuine}\r\n------phonekit--\r\n`;
      const answer = await post(multipart, 'multipart/form-data; boundary=----phonekit');
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
    });

    it('a real multipart body built by FormData gets 400 PAYLOAD_MALFORMED', async () => {
      const form = new FormData();
      form.set('response', buildAlipayPhoneResponse(keys, 'success'));
      const res = await fetch(`${server.url}${ROUTE}`, { method: 'POST', body: form });
      expect(res.status).toBe(400);
      expectErrorEnvelope(await res.json(), 'PAYLOAD_MALFORMED');
    });

    it('application/octet-stream carrying a genuine payload is read as the text it is: 200 with the phone', async () => {
      const answer = await post(Buffer.from(buildAlipayPhoneResponse(keys, 'success', { mobile: MOBILE })), 'application/octet-stream');
      expect(answer.status).toBe(200);
      expect(expectPhoneBody(answer.body).mobile).toBe(MOBILE);
    });

    it('application/octet-stream carrying random bytes gets a catalogued 4xx', async () => {
      expect4xxEnvelope(await post(Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256)), 'application/octet-stream'));
    });

    it('a genuine UTF-8 payload declared as UTF-16 is decoded as UTF-16 and refused with 400 INVALID_JSON', async () => {
      const answer = await post(buildAlipayPhoneResponse(keys, 'success'), 'application/json; charset=utf-16');
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'INVALID_JSON');
    });

    it('a genuine payload declared in a charset nobody reads gets 400 PAYLOAD_MALFORMED', async () => {
      const answer = await post(buildAlipayPhoneResponse(keys, 'success'), 'text/plain; charset=x-no-such-charset');
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
    });
  });

  describe('after all of the above', () => {
    it('still opens a genuine payload', async () => {
      const answer = await post(buildAlipayPhoneResponse(keys, 'success', { mobile: MOBILE }), 'application/json');
      expect(answer.status).toBe(200);
      expect(expectPhoneBody(answer.body).mobile).toBe(MOBILE);
    });

    it('logged no unexpected (INTERNAL) error', () => {
      expect(unexpectedErrors()).toEqual([]);
    });
  });
});
