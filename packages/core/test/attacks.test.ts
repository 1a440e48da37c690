// Known attacks on the Alipay pipeline, each named, against core as a caller
// uses it. Alipay is the edge we do not own: its side (sign with Alipay's
// private key, encrypt with the app's AES key) is played here with node:crypto.
import { createCipheriv, createDecipheriv, generateKeyPairSync, randomBytes, sign as rsaSign, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import {
  PhonekitError,
  decryptAlipayContent,
  inspectAlipayPhoneResponse,
  isCoreErrorCode,
  loadAlipayAesKey,
  loadAlipayPublicKey,
  openAlipayPhoneResponse,
  parseAlipayPhoneResponse,
  verifyAlipaySign,
  type AlipayAppKeys,
  type CoreErrorCode,
} from '../src';
import { rawTopLevelMembers } from '../src/lib/raw-json';
import { observable, phonekitErrorFrom } from './support/errors';

const AES_KEY = randomBytes(16);
const ZERO_IV = Buffer.alloc(16);
const MOBILE = '13811112222';

let alipayPrivateKey: KeyObject;
let app: AlipayAppKeys;

beforeAll(() => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  alipayPrivateKey = pair.privateKey;
  app = {
    publicKey: loadAlipayPublicKey(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    aesKey: loadAlipayAesKey(AES_KEY.toString('base64')),
  };
});

/** Alipay's AES: CBC, zero IV, PKCS#7 (or none, to craft arbitrary final blocks). */
function encrypt(plain: Buffer | string, options: { key?: Buffer; pad?: boolean } = {}): string {
  const key = options.key ?? AES_KEY;
  const cipher = createCipheriv(`aes-${key.length * 8}-cbc`, key, ZERO_IV);
  cipher.setAutoPadding(options.pad ?? true);
  return Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]).toString('base64');
}

/** Alipay's signature: RSA2 (SHA256withRSA) or RSA (SHA1withRSA) over the exact text. */
function signText(text: string, signType: 'RSA2' | 'RSA' = 'RSA2'): string {
  return rsaSign(signType === 'RSA2' ? 'sha256' : 'sha1', Buffer.from(text, 'utf8'), alipayPrivateKey).toString('base64');
}

/** A res.response exactly as Alipay writes it, signed over the quoted ciphertext. */
function payloadFor(ciphertext: string, extra: Record<string, string> = {}): string {
  return JSON.stringify({ response: ciphertext, sign: signText(JSON.stringify(ciphertext)), sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8', ...extra });
}

const SUCCESS_BODY = JSON.stringify({ code: '10000', msg: 'Success', mobile: MOBILE });

/** The outcome a caller (and so a client) can observe. */
function outcome(input: string): { phone: string } | ReturnType<typeof observable> {
  try {
    return { phone: openAlipayPhoneResponse(input, app).mobile };
  } catch (err) {
    if (!(err instanceof PhonekitError)) throw err;
    return observable(err);
  }
}

function expectCode(input: string, code: CoreErrorCode): PhonekitError {
  const err = phonekitErrorFrom(() => openAlipayPhoneResponse(input, app));
  expect(err.code).toBe(code);
  return err;
}

describe('a genuine payload', () => {
  test('opens to the phone, so every failure below is the attack and not the fixture', () => {
    expect(outcome(payloadFor(encrypt(SUCCESS_BODY)))).toEqual({ phone: MOBILE });
  });
});

describe('padding-oracle probe', () => {
  const ciphertextBytes = (): Buffer => Buffer.from(encrypt(SUCCESS_BODY), 'base64');

  /** Every variant of the real ciphertext with one byte of its second-to-last block changed (it XORs into the last block's plaintext). */
  function probes(): Buffer[] {
    const original = ciphertextBytes();
    const variants: Buffer[] = [];
    const previousBlock = original.length - 32;
    for (let offset = 0; offset < 16; offset++) {
      for (const flip of [0x01, 0x02, 0x10, 0x80, 0xff]) {
        const variant = Buffer.from(original);
        variant[previousBlock + offset] = (variant[previousBlock + offset] ?? 0) ^ flip;
        variants.push(variant);
      }
    }
    // And the last block itself, byte by byte.
    for (let offset = 0; offset < 16; offset++) {
      const variant = Buffer.from(original);
      variant[original.length - 16 + offset] = (variant[original.length - 16 + offset] ?? 0) ^ 0x01;
      variants.push(variant);
    }
    return variants;
  }

  test('re-signed so that decryption is reached, every probe gets the identical DECRYPTION_FAILED', () => {
    const answers = probes().map((bytes) => outcome(payloadFor(bytes.toString('base64'))));
    expect(answers).toHaveLength(96);
    const distinct = new Set(answers.map((a) => JSON.stringify(a)));
    expect([...distinct].map((a) => JSON.parse(a) as unknown)).toEqual([observable(new PhonekitError('DECRYPTION_FAILED'))]);
  });

  test('re-signed, a probe that happens to leave valid padding answers exactly like one that breaks it', () => {
    // Plaintexts the attacker could aim for: valid padding but not JSON, valid JSON but not an object, bad UTF-8.
    const validPaddingGarbage = encrypt(Buffer.from('not json at all!'));
    const validPaddingArray = encrypt('[1,2,3]');
    const badUtf8 = encrypt(Buffer.from([0xff, 0xfe, 0xfd, 0x7b]));
    const badPadding = encrypt(Buffer.alloc(32, 0x41), { pad: false });
    const wrongKey = encrypt(SUCCESS_BODY, { key: randomBytes(16) });
    const answers = [validPaddingGarbage, validPaddingArray, badUtf8, badPadding, wrongKey].map((c) => outcome(payloadFor(c)));
    for (const answer of answers) expect(answer).toEqual(observable(new PhonekitError('DECRYPTION_FAILED')));
  });

  test('re-signed, the inspection diagnosis says the same thing for every probe', () => {
    const diagnoses = new Set(probes().map((bytes) => JSON.stringify(inspectAlipayPhoneResponse(payloadFor(bytes.toString('base64')), app).diagnosis)));
    expect(diagnoses.size).toBe(1);
  });

  test('without re-signing, every probe is refused before decryption with the identical SIGNATURE_INVALID', () => {
    const original = ciphertextBytes().toString('base64');
    const genuineSign = signText(JSON.stringify(original));
    const answers = probes().map((bytes) =>
      outcome(JSON.stringify({ response: bytes.toString('base64'), sign: genuineSign, sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' })),
    );
    const distinct = new Set(answers.map((a) => JSON.stringify(a)));
    expect([...distinct].map((a) => JSON.parse(a) as unknown)).toEqual([observable(new PhonekitError('SIGNATURE_INVALID'))]);
  });
});

describe('signature stripping', () => {
  const ciphertext = (): string => encrypt(SUCCESS_BODY);

  test('a payload with its sign dropped gets SIGNATURE_MISSING, not the phone', () => {
    expectCode(JSON.stringify({ response: ciphertext(), sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' }), 'SIGNATURE_MISSING');
  });

  test('a payload with an empty sign gets SIGNATURE_MISSING, not the phone', () => {
    expectCode(JSON.stringify({ response: ciphertext(), sign: '', sign_type: 'RSA2' }), 'SIGNATURE_MISSING');
  });

  test('a payload with a null sign gets SIGNATURE_MISSING, not the phone', () => {
    expectCode(JSON.stringify({ response: ciphertext(), sign: null }), 'SIGNATURE_MISSING');
  });

  test('the button-event form with its sign dropped gets SIGNATURE_MISSING, not the phone', () => {
    expectCode(JSON.stringify({ encryptedData: ciphertext() }), 'SIGNATURE_MISSING');
  });
});

describe('swapping sign_type', () => {
  test('declaring RSA to an app configured for RSA2 gets SIGN_TYPE_MISMATCH, even with a valid SHA1 signature', () => {
    const ciphertext = encrypt(SUCCESS_BODY);
    const payload = JSON.stringify({ response: ciphertext, sign: signText(JSON.stringify(ciphertext), 'RSA'), sign_type: 'RSA' });
    expectCode(payload, 'SIGN_TYPE_MISMATCH');
  });

  test('declaring RSA over a genuine RSA2 signature gets SIGN_TYPE_MISMATCH', () => {
    const genuine = JSON.parse(payloadFor(encrypt(SUCCESS_BODY))) as Record<string, string>;
    expectCode(JSON.stringify({ ...genuine, sign_type: 'RSA' }), 'SIGN_TYPE_MISMATCH');
  });

  test('dropping sign_type leaves RSA2, and a SHA1 signature then fails as SIGNATURE_INVALID', () => {
    const ciphertext = encrypt(SUCCESS_BODY);
    expectCode(JSON.stringify({ response: ciphertext, sign: signText(JSON.stringify(ciphertext), 'RSA') }), 'SIGNATURE_INVALID');
  });

  test.each([['rsa2'], ['RSA256'], ['HMAC'], ['none'], [' RSA2']])('declaring %j gets SIGN_TYPE_UNSUPPORTED', (signType) => {
    const genuine = JSON.parse(payloadFor(encrypt(SUCCESS_BODY))) as Record<string, string>;
    expectCode(JSON.stringify({ ...genuine, sign_type: signType }), 'SIGN_TYPE_UNSUPPORTED');
  });
});

describe('re-serialising an unencrypted signed body', () => {
  // Alipay signs the raw text of an unencrypted "response" object. Use an
  // error body (the only unencrypted bodies phonekit reads).
  const bodyText = '{"code":"40003","msg":"Insufficient Conditions","subCode":"isv.invalid-auth-relations","subMsg":"无效的授权关系"}';
  const signedPayload = (responseText: string, sign: string): string => `{"response":${responseText},"sign":"${sign}","sign_type":"RSA2"}`;

  test('the body as Alipay signed it is read (ALIPAY_NOT_AUTHORISED with the upstream fields)', () => {
    const err = expectCode(signedPayload(bodyText, signText(bodyText)), 'ALIPAY_NOT_AUTHORISED');
    expect(err.upstream?.subCode).toBe('isv.invalid-auth-relations');
    expect(inspectAlipayPhoneResponse(signedPayload(bodyText, signText(bodyText)), app).signature).toBe('valid');
  });

  const variants: ReadonlyArray<readonly [string, string]> = [
    ['with its fields re-ordered', '{"msg":"Insufficient Conditions","code":"40003","subCode":"isv.invalid-auth-relations","subMsg":"无效的授权关系"}'],
    ['with spaces after the colons', '{"code": "40003", "msg": "Insufficient Conditions", "subCode": "isv.invalid-auth-relations", "subMsg": "无效的授权关系"}'],
    ['pretty-printed', JSON.stringify(JSON.parse(bodyText), null, 2)],
    ['with a character escaped', '{"code":"40003","msg":"Insufficient Conditions","subCode":"isv.invalid-auth-relations","subMsg":"\\u65e0效的授权关系"}'],
    ['with the code as a number', '{"code":40003,"msg":"Insufficient Conditions","subCode":"isv.invalid-auth-relations","subMsg":"无效的授权关系"}'],
  ];

  test.each(variants)('%s, it fails verification with SIGNATURE_INVALID', (_title, reserialised) => {
    expect(JSON.parse(reserialised)).toBeDefined();
    expectCode(signedPayload(reserialised, signText(bodyText)), 'SIGNATURE_INVALID');
  });

  test('whitespace around the signed value is allowed: the signature covers the value, not its surroundings', () => {
    const spaced = `{ "response" :  ${bodyText} , "sign" : "${signText(bodyText)}" }`;
    expectCode(spaced, 'ALIPAY_NOT_AUTHORISED');
  });

  test('an unencrypted SUCCESS body, even validly signed, never yields a phone (NOT_ENCRYPTED)', () => {
    const plain = SUCCESS_BODY;
    expectCode(signedPayload(plain, signText(plain)), 'NOT_ENCRYPTED');
  });
});

describe('a "response" of the wrong type', () => {
  test.each([
    ['a number', '{"response":12345,"sign":"AAAA"}'],
    ['a negative float', '{"response":-1.5e300,"sign":"AAAA"}'],
    ['an array', '{"response":["a","b"],"sign":"AAAA"}'],
    ['an empty array', '{"response":[]}'],
    ['null', '{"response":null,"sign":"AAAA"}'],
    ['true', '{"response":true}'],
    ['an empty string', '{"response":"","sign":"AAAA"}'],
  ])('%s gets PAYLOAD_MALFORMED', (_title, payload) => {
    expectCode(payload, 'PAYLOAD_MALFORMED');
  });

  test('a 1 MB base64 response, validly signed, gets DECRYPTION_FAILED quickly', () => {
    const huge = randomBytes(786_432).toString('base64');
    expect(huge.length).toBe(1_048_576);
    const started = Date.now();
    expectCode(payloadFor(huge), 'DECRYPTION_FAILED');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('a 1 MB base64 response with a sign that does not match gets SIGNATURE_INVALID quickly', () => {
    const huge = randomBytes(786_432).toString('base64');
    const started = Date.now();
    expectCode(JSON.stringify({ response: huge, sign: signText('"other"') }), 'SIGNATURE_INVALID');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('a 1 MB response that is not base64 gets PAYLOAD_MALFORMED or DECRYPTION_FAILED, never anything else', () => {
    const huge = '!'.repeat(1_048_576);
    const code = phonekitErrorFrom(() => openAlipayPhoneResponse(payloadFor(huge), app)).code;
    expect(['PAYLOAD_MALFORMED', 'DECRYPTION_FAILED']).toContain(code);
  });

  test('a 1 MB unsigned response gets SIGNATURE_MISSING without being decrypted', () => {
    const report = inspectAlipayPhoneResponse(JSON.stringify({ response: 'A'.repeat(1_048_576) }), app);
    expect(report.error?.code).toBe('SIGNATURE_MISSING');
    expect(report.body).toBeUndefined();
  });
});

describe('duplicate JSON keys', () => {
  const genuine = (): Record<string, string> => JSON.parse(payloadFor(encrypt(SUCCESS_BODY))) as Record<string, string>;

  test('a second "response" (JSON.parse would keep the last) gets PAYLOAD_MALFORMED', () => {
    const g = genuine();
    const other = encrypt(JSON.stringify({ code: '10000', msg: 'Success', mobile: '13999999999' }));
    expectCode(`{"response":"${g['response'] ?? ''}","sign":"${g['sign'] ?? ''}","response":"${other}"}`, 'PAYLOAD_MALFORMED');
  });

  test('a second "response" spelled with a unicode escape is still a duplicate', () => {
    const g = genuine();
    const other = encrypt(JSON.stringify({ code: '10000', msg: 'Success', mobile: '13999999999' }));
    expectCode(`{"response":"${g['response'] ?? ''}","sign":"${g['sign'] ?? ''}","respons\\u0065":"${other}"}`, 'PAYLOAD_MALFORMED');
  });

  test('a second "sign" gets PAYLOAD_MALFORMED', () => {
    const g = genuine();
    expectCode(`{"response":"${g['response'] ?? ''}","sign":"AAAA","sign":"${g['sign'] ?? ''}"}`, 'PAYLOAD_MALFORMED');
  });

  test('a second "sign_type" gets PAYLOAD_MALFORMED', () => {
    const g = genuine();
    expectCode(`{"response":"${g['response'] ?? ''}","sign":"${g['sign'] ?? ''}","sign_type":"RSA","sign_type":"RSA2"}`, 'PAYLOAD_MALFORMED');
  });

  test('duplicates inside a wrapper {"response": "<payload text>"} are found too', () => {
    const g = genuine();
    const inner = `{"response":"${g['response'] ?? ''}","sign":"${g['sign'] ?? ''}","response":"${g['response'] ?? ''}"}`;
    expectCode(JSON.stringify({ response: inner }), 'PAYLOAD_MALFORMED');
  });
});

describe('UTF-16 lone surrogates', () => {
  const lone = ['\ud800', '\udfff', '\ud83d', 'a\udc00b'];

  test.each(lone.map((s) => [JSON.stringify(s), s]))('a raw lone surrogate %s in response, sign or a key gets a catalogued error', (_title, surrogate) => {
    const g = JSON.parse(payloadFor(encrypt(SUCCESS_BODY))) as Record<string, string>;
    const inputs = [
      `{"response":"${surrogate}","sign":"${g['sign'] ?? ''}"}`,
      `{"response":"${g['response'] ?? ''}${surrogate}","sign":"${g['sign'] ?? ''}"}`,
      `{"response":"${g['response'] ?? ''}","sign":"${g['sign'] ?? ''}${surrogate}"}`,
      `{"response${surrogate}":"${g['response'] ?? ''}","sign":"${g['sign'] ?? ''}"}`,
      `{"${surrogate}":"${g['response'] ?? ''}"}`,
      surrogate,
    ];
    for (const input of inputs) {
      const err = phonekitErrorFrom(() => openAlipayPhoneResponse(input, app));
      expect(isCoreErrorCode(err.code)).toBe(true);
      expect(err.code).not.toBe('INTERNAL');
    }
  });

  test('an extra member whose key is a lone surrogate is ignored, like any extra member', () => {
    const g = JSON.parse(payloadFor(encrypt(SUCCESS_BODY))) as Record<string, string>;
    expect(outcome(`{"response":"${g['response'] ?? ''}","sign":"${g['sign'] ?? ''}","\ud800":1}`)).toEqual({ phone: MOBILE });
  });

  test('escaped lone surrogates (\\ud800) in JSON get a catalogued error', () => {
    const g = JSON.parse(payloadFor(encrypt(SUCCESS_BODY))) as Record<string, string>;
    for (const input of [
      `{"response":"\\ud800","sign":"${g['sign'] ?? ''}"}`,
      `{"response":"${g['response'] ?? ''}","sign":"\\udfff"}`,
      `{"response":{"code":"40003","msg":"\\ud800"},"sign":"${g['sign'] ?? ''}"}`,
    ]) {
      const err = phonekitErrorFrom(() => openAlipayPhoneResponse(input, app));
      expect(['PAYLOAD_MALFORMED', 'SIGNATURE_INVALID', 'DECRYPTION_FAILED']).toContain(err.code);
    }
  });

  test('a plaintext holding a lone surrogate (as CESU-8 bytes) is not valid UTF-8 and gets DECRYPTION_FAILED', () => {
    // What an encoder that does not check surrogates would produce for "\ud800".
    const cesu = Buffer.concat([Buffer.from('{"code":"10000","mobile":"13811112222","msg":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    expectCode(payloadFor(encrypt(cesu)), 'DECRYPTION_FAILED');
  });
});

describe('decryption with the cached ECB decipher', () => {
  const aesKeys = [16, 24, 32].map((bytes) => randomBytes(bytes));

  /** What AES-CBC (zero IV, PKCS#7) + fatal UTF-8 + JSON.parse into an object gives, straight from node:crypto. */
  function reference(ciphertext: Buffer, key: Buffer): Record<string, unknown> | 'DECRYPTION_FAILED' {
    try {
      const decipher = createDecipheriv(`aes-${key.length * 8}-cbc`, key, ZERO_IV);
      const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'DECRYPTION_FAILED';
      return parsed as Record<string, unknown>;
    } catch {
      return 'DECRYPTION_FAILED';
    }
  }

  function ours(ciphertext: Buffer, key: Buffer): Record<string, unknown> | 'DECRYPTION_FAILED' {
    try {
      return decryptAlipayContent(ciphertext.toString('base64'), loadAlipayAesKey(key.toString('base64')));
    } catch (err) {
      if (err instanceof PhonekitError && err.code === 'DECRYPTION_FAILED') return 'DECRYPTION_FAILED';
      throw err;
    }
  }

  test('agrees with node:crypto AES-CBC on genuine bodies under 128, 192 and 256-bit keys', () => {
    fc.assert(
      fc.property(fc.constantFrom(...aesKeys), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 5 }), (key, body) => {
        const ciphertext = Buffer.from(encrypt(JSON.stringify(body), { key }), 'base64');
        expect(ours(ciphertext, key)).toEqual(reference(ciphertext, key));
      }),
      { numRuns: 300 },
    );
  });

  test('agrees with node:crypto AES-CBC on arbitrary ciphertext bytes, including every padding outcome', () => {
    fc.assert(
      fc.property(fc.constantFrom(...aesKeys), fc.integer({ min: 1, max: 6 }), fc.uint8Array({ minLength: 96, maxLength: 96 }), fc.nat({ max: 16 }), (key, blocks, bytes, pad) => {
        // Craft the last block so the padding byte is `pad` about half the time.
        const plain = Buffer.from(bytes.subarray(0, blocks * 16));
        if (pad > 0 && bytes[0] !== undefined && bytes[0] % 2 === 0) plain.fill(pad, plain.length - pad);
        const ciphertext = Buffer.from(encrypt(plain, { key, pad: false }), 'base64');
        expect(ours(ciphertext, key)).toEqual(reference(ciphertext, key));
      }),
      { numRuns: 500 },
    );
  });

  test('interleaving keys, garbage and genuine bodies never corrupts the next decryption', () => {
    const [k1, k2] = aesKeys;
    if (k1 === undefined || k2 === undefined) throw new Error('keys');
    const genuine1 = Buffer.from(encrypt(SUCCESS_BODY, { key: k1 }), 'base64');
    const genuine2 = Buffer.from(encrypt('{"code":"20000"}', { key: k2 }), 'base64');
    const garbage = randomBytes(48);
    for (let i = 0; i < 200; i++) {
      const pick = i % 4;
      if (pick === 0) expect(ours(genuine1, k1)).toEqual(JSON.parse(SUCCESS_BODY));
      else if (pick === 1) expect(ours(garbage, k1)).toBe(reference(garbage, k1));
      else if (pick === 2) expect(ours(genuine2, k2)).toEqual({ code: '20000' });
      else expect(ours(randomBytes(16 * (1 + (i % 5))), k2)).toBe('DECRYPTION_FAILED');
    }
  });
});

describe('hostile inputs stay fast', () => {
  test('a JSON text with a hundred thousand backslashes in one string is scanned in linear time', () => {
    const text = `{"response":"${'\\\\'.repeat(100_000)}","sign":"x"}`;
    const started = Date.now();
    expect(rawTopLevelMembers(text).members.get('sign')?.raw).toBe('"x"');
    expect(Date.now() - started).toBeLessThan(500);
  });

  test('a JSON text with ten thousand escaped quotes is scanned in linear time', () => {
    const text = `{"response":"${'\\"'.repeat(10_000)}","sign":"x"}`;
    const started = Date.now();
    expect(rawTopLevelMembers(text).members.get('response')?.raw.length).toBe(20_002);
    expect(Date.now() - started).toBeLessThan(500);
  });

  test('a JSON text with ten thousand short members is scanned in linear time', () => {
    const members = Array.from({ length: 10_000 }, (_, i) => `"k${i}":"v"`).join(',');
    const text = `{${members},"response":"AAAA"}`;
    const started = Date.now();
    expect(rawTopLevelMembers(text).members.size).toBe(10_001);
    expect(Date.now() - started).toBeLessThan(500);
  });

  test('arbitrary strings and JSON go through parse, verify and decrypt in bounded time each', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 2_000 }), fc.json({ maxDepth: 4 }), fc.string({ unit: 'binary', maxLength: 500 })), (text) => {
        const started = Date.now();
        for (const step of [
          (): unknown => parseAlipayPhoneResponse(text),
          (): unknown => verifyAlipaySign(text, text, app.publicKey ?? loadAlipayPublicKey(''), 'RSA2'),
          (): unknown => decryptAlipayContent(text, app.aesKey ?? loadAlipayAesKey('')),
          (): unknown => openAlipayPhoneResponse(text, app),
        ]) {
          try {
            step();
          } catch (err) {
            expect(err).toBeInstanceOf(PhonekitError);
          }
        }
        expect(Date.now() - started).toBeLessThan(250);
      }),
      { numRuns: 500 },
    );
  });
});
