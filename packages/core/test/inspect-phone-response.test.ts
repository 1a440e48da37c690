import type {
  PhonekitError} from '../src';
import {
  CORE_ERROR_CATALOGUE,
  inspectAlipayPhoneResponse,
  loadAlipayAesKey,
  loadAlipayPublicKey,
  openAlipayPhoneResponse,
  type AlipayAppKeys,
  type AlipayInspection,
  type AlipaySignType,
} from '../src';
import { observable, phonekitErrorFrom } from './support/errors';
import { alipayResponseText, createOpensslWorkspace, hexToBase64, type OpensslRsaKey, type OpensslWorkspace } from './support/openssl';
import { AES_128_KEY, AES_192_KEY, AES_256_KEY } from './vectors/alipay-aes';
import { ALIPAY_SIGNED_VECTORS } from './vectors/alipay-signed';

let openssl: OpensslWorkspace;
let alipay: OpensslRsaKey;
let other: OpensslRsaKey;
let app: AlipayAppKeys;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  alipay = openssl.rsaKey('alipay');
  other = openssl.rsaKey('other');
  app = {
    appId: '2021000000000001',
    publicKey: loadAlipayPublicKey(alipay.publicKeyBase64),
    aesKey: loadAlipayAesKey(AES_128_KEY.base64),
  };
}, 30_000);

afterAll(() => {
  openssl.dispose();
});

const successBody = (mobile: string): string => `{"code":"10000","msg":"Success","mobile":"${mobile}"}`;
const MAINLAND = successBody('13811112222');

interface SealOptions {
  readonly keyHex?: string;
  readonly signType?: AlipaySignType;
  readonly signer?: OpensslRsaKey;
}

/** Encrypts `plaintext` with openssl and signs the quoted ciphertext: what Alipay hands my.getPhoneNumber. */
function seal(plaintext: string | Buffer, options: SealOptions = {}): { ciphertext: string; sign: string; text: string } {
  const signType = options.signType ?? 'RSA2';
  const ciphertext = openssl.encrypt(plaintext, options.keyHex ?? AES_128_KEY.hex);
  const sign = openssl.sign(`"${ciphertext}"`, options.signer ?? alipay, signType === 'RSA2' ? 'sha256' : 'sha1');
  return { ciphertext, sign, text: alipayResponseText(ciphertext, sign, signType) };
}

/** Runs both entry points: inspect must report the error open throws. */
function refusal(input: string, keys: AlipayAppKeys = app): { report: AlipayInspection; error: PhonekitError } {
  const report = inspectAlipayPhoneResponse(input, keys);
  const thrown = phonekitErrorFrom(() => openAlipayPhoneResponse(input, keys));
  if (report.error === undefined) throw new Error('expected inspect to report an error');
  expect(observable(thrown)).toEqual(observable(report.error));
  expect(report.phone).toBeUndefined();
  // Without a diagnosis (what open and the server run): the same report, the same error, no sentence.
  const quiet = inspectAlipayPhoneResponse(input, keys, { diagnose: false });
  expect(quiet.diagnosis).toEqual([]);
  expect(report.diagnosis.length).toBeGreaterThan(0);
  expect({ ...quiet, error: undefined, diagnosis: undefined }).toEqual({ ...report, error: undefined, diagnosis: undefined });
  expect(quiet.error === undefined ? undefined : observable(quiet.error)).toEqual(observable(report.error));
  return { report, error: report.error };
}

function flipAt(base64: string, index: number): string {
  const ch = base64.charAt(index);
  return `${base64.slice(0, index)}${ch === 'A' ? 'B' : 'A'}${base64.slice(index + 1)}`;
}

describe('openAlipayPhoneResponse with payloads made by openssl', () => {
  test('gives the phone of a mainland res.response', () => {
    expect(openAlipayPhoneResponse(seal(MAINLAND).text, app)).toEqual({
      mobile: '13811112222',
      countryCode: '86',
      nationalNumber: '13811112222',
      e164: '+8613811112222',
      region: 'CN',
      valid: true,
      masked: '138****2222',
    });
  });

  test.each([
    ['1-1234432112', { countryCode: '1', nationalNumber: '1234432112', e164: '+11234432112' }],
    ['852-91234567', { countryCode: '852', nationalNumber: '91234567', e164: '+85291234567', region: 'HK' }],
  ])('gives the phone of the overseas number %s', (mobile, expected) => {
    expect(openAlipayPhoneResponse(seal(successBody(mobile)).text, app)).toMatchObject({ mobile, ...expected });
  });

  test.each(['spki-pem', 'pkcs1-pem', 'pkcs1-base64', 'certificate'] as const)('verifies with the Alipay key given as %s', (format) => {
    const text = {
      'spki-pem': alipay.publicKeyPem,
      'pkcs1-pem': alipay.publicKeyPkcs1Pem,
      'pkcs1-base64': alipay.publicKeyPkcs1Base64,
      certificate: alipay.certificatePem,
    }[format];
    const publicKey = loadAlipayPublicKey(text);
    expect(publicKey.format).toBe(format);
    expect(openAlipayPhoneResponse(seal(MAINLAND).text, { ...app, publicKey }).e164).toBe('+8613811112222');
  });

  test.each([
    ['AES-192', AES_192_KEY],
    ['AES-256', AES_256_KEY],
  ])('decrypts with an %s key', (_title, key) => {
    const keys = { ...app, aesKey: loadAlipayAesKey(key.base64) };
    expect(openAlipayPhoneResponse(seal(MAINLAND, { keyHex: key.hex }).text, keys).e164).toBe('+8613811112222');
  });

  test('decrypts with a fresh key from openssl rand', () => {
    const keyHex = openssl.randomHex(16);
    const keys = { ...app, aesKey: loadAlipayAesKey(hexToBase64(keyHex)) };
    expect(openAlipayPhoneResponse(seal(MAINLAND, { keyHex }).text, keys).e164).toBe('+8613811112222');
  });

  test('verifies the legacy RSA (SHA1withRSA) when the app is configured for it', () => {
    const keys: AlipayAppKeys = { ...app, signType: 'RSA' };
    expect(openAlipayPhoneResponse(seal(MAINLAND, { signType: 'RSA' }).text, keys).e164).toBe('+8613811112222');
  });

  test('verifies with the configured RSA when the payload declares no sign_type', () => {
    const { ciphertext } = seal(MAINLAND);
    const sign = openssl.sign(`"${ciphertext}"`, alipay, 'sha1');
    expect(openAlipayPhoneResponse(`{"response":"${ciphertext}","sign":"${sign}"}`, { ...app, signType: 'RSA' }).e164).toBe('+8613811112222');
  });

  test('verifies RSA2 when neither the payload nor the app names a sign type', () => {
    const { ciphertext, sign } = seal(MAINLAND);
    const report = inspectAlipayPhoneResponse(`{"response":"${ciphertext}","sign":"${sign}"}`, app);
    expect(report.signature).toBe('valid');
    expect(report.diagnosis[0]).toBe('res.response with an encrypted response, sign_type RSA2 (not declared, RSA2 assumed).');
  });

  test('accepts the wrapper {"response": "<res.response>", "appId": ...}', () => {
    const input = JSON.stringify({ response: seal(MAINLAND).text, appId: '2021000000000001' });
    const report = inspectAlipayPhoneResponse(input, app);
    expect(report.phone?.e164).toBe('+8613811112222');
    expect(report.parsed?.appId).toBe('2021000000000001');
  });

  test('accepts the button event variant {encryptedData, sign}', () => {
    const { ciphertext, sign } = seal(MAINLAND);
    const report = inspectAlipayPhoneResponse(JSON.stringify({ encryptedData: ciphertext, sign }), app);
    expect(report.phone?.e164).toBe('+8613811112222');
    expect(report.parsed?.variant).toBe('event');
    expect(report.diagnosis[0]).toBe('Button event variant {encryptedData, sign}.');
  });

  test('accepts the button event variant inside a wrapper', () => {
    const { ciphertext, sign } = seal(MAINLAND);
    const input = JSON.stringify({ response: JSON.stringify({ encryptedData: ciphertext, sign }) });
    expect(openAlipayPhoneResponse(input, app).e164).toBe('+8613811112222');
  });

  test.each([
    ['spaces and newlines', (text: string) => `\n   ${text}\n\n`],
    ['CRLF and tabs', (text: string) => `\t\r\n${text}\r\n`],
  ])('accepts leading and trailing %s', (_title, pad) => {
    expect(openAlipayPhoneResponse(pad(seal(MAINLAND).text), app).e164).toBe('+8613811112222');
  });

  test('excludes the whitespace around the response value from the signed text', () => {
    const { ciphertext, sign } = seal(MAINLAND);
    const spaced = `{ "response" :  "${ciphertext}" , "sign" :"${sign}",\n "sign_type": "RSA2" }`;
    expect(openAlipayPhoneResponse(spaced, app).e164).toBe('+8613811112222');
  });

  test('accepts any field order around the response', () => {
    const { ciphertext, sign } = seal(MAINLAND);
    const reordered = `{"charset":"UTF-8","sign":"${sign}","encrypt_type":"AES","sign_type":"RSA2","response":"${ciphertext}"}`;
    expect(openAlipayPhoneResponse(reordered, app).e164).toBe('+8613811112222');
  });
});

describe('inspectAlipayPhoneResponse', () => {
  test('reports every step of a good payload', () => {
    const report = inspectAlipayPhoneResponse(seal(MAINLAND).text, app);
    expect(report).toMatchObject({
      signature: 'valid',
      encrypted: true,
      body: { code: '10000', msg: 'Success', mobile: '13811112222' },
      phone: { e164: '+8613811112222', masked: '138****2222' },
      error: undefined,
    });
    expect(report.parsed?.variant).toBe('response');
    expect(report.diagnosis).toEqual([
      'res.response with an encrypted response, sign_type RSA2.',
      'The RSA2 signature is valid.',
      'Decrypted with aes-128-cbc.',
      'Alipay answered 10000 with a mainland number (138****2222).',
    ]);
  });

  test('with diagnose: false, reports the same steps and writes no diagnosis', () => {
    const text = seal(MAINLAND).text;
    const full = inspectAlipayPhoneResponse(text, app);
    const quiet = inspectAlipayPhoneResponse(text, app, { diagnose: false });
    expect(quiet.diagnosis).toEqual([]);
    expect({ ...quiet, diagnosis: undefined }).toEqual({ ...full, diagnosis: undefined });
  });

  test('says when the number is overseas', () => {
    const report = inspectAlipayPhoneResponse(seal(successBody('852-91234567')).text, app);
    expect(report.diagnosis).toContain('Alipay answered 10000 with a overseas number (852-******67).');
  });

  describe('known-answer vectors (no openssl needed)', () => {
    test.each(ALIPAY_SIGNED_VECTORS)('opens $title', ({ input, output }) => {
      const keys: AlipayAppKeys = {
        publicKey: loadAlipayPublicKey(input.publicKey),
        aesKey: loadAlipayAesKey(input.aesKeyBase64),
        signType: input.signType,
      };
      expect(openAlipayPhoneResponse(input.responseText, keys)).toMatchObject(output);
    });

    test.each(ALIPAY_SIGNED_VECTORS)('refuses $title under another Alipay key', ({ input }) => {
      const keys: AlipayAppKeys = { publicKey: app.publicKey, aesKey: loadAlipayAesKey(input.aesKeyBase64), signType: input.signType };
      expect(phonekitErrorFrom(() => openAlipayPhoneResponse(input.responseText, keys)).code).toBe('SIGNATURE_INVALID');
    });
  });
});

describe('the signature covers the raw text of the response value', () => {
  const ERROR_BODY = '{"code":"40006","msg":"Insufficient Permissions","subCode":"isv.insufficient-isv-permissions","subMsg":"ISV权限不足"}';

  function signedPlain(bodyAsSent: string, signedText: string = bodyAsSent): string {
    return `{"response":${bodyAsSent},"sign":"${openssl.sign(signedText, alipay)}","sign_type":"RSA2","charset":"UTF-8"}`;
  }

  test('an unencrypted object body verifies against its text as sent', () => {
    const report = inspectAlipayPhoneResponse(signedPlain(ERROR_BODY), app);
    expect(report.signature).toBe('valid');
    expect(report.encrypted).toBe(false);
    expect(report.error?.code).toBe('ALIPAY_INSUFFICIENT_PERMISSIONS');
  });

  test('an unencrypted object body with unusual spacing verifies as sent', () => {
    const spaced = '{ "code" : "40006",\n  "msg":"Insufficient Permissions" ,"subCode":"isv.insufficient-isv-permissions"}';
    expect(inspectAlipayPhoneResponse(signedPlain(spaced), app).signature).toBe('valid');
  });

  test('re-spacing the signed object breaks the signature', () => {
    const sign = openssl.sign(ERROR_BODY, alipay);
    const respaced = JSON.stringify(JSON.parse(ERROR_BODY), null, 2);
    const { report, error } = refusal(`{"response":${respaced},"sign":"${sign}","sign_type":"RSA2"}`);
    expect(report.signature).toBe('invalid');
    expect(error.code).toBe('SIGNATURE_INVALID');
  });

  test('re-ordering the fields of the signed object breaks the signature', () => {
    const sign = openssl.sign(ERROR_BODY, alipay);
    const { code, msg, subCode, subMsg } = JSON.parse(ERROR_BODY) as Record<string, string>;
    const reordered = JSON.stringify({ subMsg, subCode, msg, code });
    expect(refusal(`{"response":${reordered},"sign":"${sign}","sign_type":"RSA2"}`).error.code).toBe('SIGNATURE_INVALID');
  });

  test('a signature over a re-serialised form of the body does not verify the body as sent', () => {
    const spaced = '{ "code":"40006", "msg":"Insufficient Permissions" }';
    expect(refusal(signedPlain(spaced, JSON.stringify(JSON.parse(spaced)))).error.code).toBe('SIGNATURE_INVALID');
  });

  test('whitespace around an object value is not part of the signed text', () => {
    const sign = openssl.sign(ERROR_BODY, alipay);
    const report = inspectAlipayPhoneResponse(`{"response" :  \n ${ERROR_BODY}  \t, "sign" : "${sign}"}`, app);
    expect(report.signature).toBe('valid');
  });

  test('a ciphertext signature covers the string literal with its quotes', () => {
    const { ciphertext } = seal(MAINLAND);
    const report = inspectAlipayPhoneResponse(alipayResponseText(ciphertext, openssl.sign(`"${ciphertext}"`, alipay)), app);
    expect(report.parsed?.signedContent).toBe(`"${ciphertext}"`);
    expect(report.signature).toBe('valid');
    expect(report.phone?.e164).toBe('+8613811112222');
  });
});

describe('each failure mode has its own code and message', () => {
  test('PAYLOAD_MALFORMED: text that is not JSON', () => {
    const { report, error } = refusal('this is not what my.getPhoneNumber returns');
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'PAYLOAD_MALFORMED',
      message: 'The payload is not JSON: expected the res.response string from my.getPhoneNumber.',
    });
    expect(report).toMatchObject({ signature: 'unchecked', encrypted: false, body: undefined, parsed: undefined });
    expect(report.diagnosis).toEqual([error.message]);
  });

  describe('what a client sent instead of res.response, named exactly', () => {
    test('PAYLOAD_FORM_ENCODED: my.request data {response: res.response} form-encoded: says so and how to send it', () => {
      const { text } = seal(MAINLAND);
      const { report, error } = refusal(`response=${encodeURIComponent(text)}`);
      expect(error.code).toBe('PAYLOAD_FORM_ENCODED');
      expect(error.message).toMatch(/^The payload is form-encoded \(response=\.\.\.\), not JSON: my\.request \(and my\.httpRequest\) send an object given as data as application\/x-www-form-urlencoded/);
      expect(error.message).toContain('data: res.response');
      expect(error.message).toContain("headers: {'content-type': 'application/json'} with data: JSON.stringify({response: res.response})");
      expect(report.diagnosis).toEqual([error.message]);
      expect(report.signature).toBe('unchecked');
    });

    test('the event detail form-encoded names its encryptedData field', () => {
      const { ciphertext, sign } = seal(MAINLAND);
      const { error } = refusal(`encryptedData=${encodeURIComponent(ciphertext)}&sign=${encodeURIComponent(sign)}`);
      expect(error.message).toMatch(/^The payload is form-encoded \(encryptedData=\.\.\.\)/);
    });

    test('PAYLOAD_RESPONSE_PARSED: {"response": <the parsed res.response object>} is not taken for an unsigned body', () => {
      const { text } = seal(MAINLAND);
      const { report, error } = refusal(JSON.stringify({ response: JSON.parse(text) as unknown }));
      expect(error.code).toBe('PAYLOAD_RESPONSE_PARSED');
      expect(error.message).toMatch(/^"response" must be the res\.response STRING as my\.getPhoneNumber gave it; you sent a parsed object \(JSON\.parse\(res\.response\)\)/);
      expect(error.message).toContain('post the string unchanged');
      expect(report.body).toBeUndefined();
    });

    test('the parsed event detail inside {"response": ...} too', () => {
      const { ciphertext, sign } = seal(MAINLAND);
      expect(refusal(JSON.stringify({ response: { encryptedData: ciphertext, sign } })).error).toMatchObject({ code: 'PAYLOAD_RESPONSE_PARSED', message: expect.stringMatching(/you sent a parsed object/) as unknown });
    });
  });

  test.each([
    ['a JSON array', '[1,2]', 'The payload must be a JSON object.'],
    ['no response field', '{"sign":"abc"}', 'The payload has no "response" field: send res.response, not the whole res object.'],
    ['a numeric response', '{"response":42,"sign":"abc"}', '"response" must be a ciphertext string or a JSON object.'],
    ['a null response', '{"response":null,"sign":"abc"}', '"response" must be a ciphertext string or a JSON object.'],
    ['an array response', '{"response":[],"sign":"abc"}', '"response" must be a ciphertext string or a JSON object.'],
    ['an empty response', '{"response":"","sign":"abc"}', '"response" is empty.'],
    ['a repeated response', '{"response":"abc","response":"def","sign":"abc"}', 'The payload repeats the field(s) "response".'],
  ])('PAYLOAD_MALFORMED: %s', (_title, input, message) => {
    const { error } = refusal(input);
    expect({ code: error.code, message: error.message }).toEqual({ code: 'PAYLOAD_MALFORMED', message });
  });

  test('PAYLOAD_MALFORMED: a repeated response whose second copy would splice in another ciphertext', () => {
    const good = seal(MAINLAND);
    const spliced = seal(successBody('13999998888'));
    const input = `{"response":"${good.ciphertext}","sign":"${good.sign}","response":"${spliced.ciphertext}"}`;
    expect(refusal(input).error.code).toBe('PAYLOAD_MALFORMED');
  });

  test('SIGN_TYPE_UNSUPPORTED: sign_type SM2', () => {
    const { ciphertext, sign } = seal(MAINLAND);
    const { error } = refusal(alipayResponseText(ciphertext, sign, 'SM2'));
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'SIGN_TYPE_UNSUPPORTED',
      message: 'sign_type "SM2" is not RSA2 or RSA.',
    });
  });

  test('SIGN_TYPE_MISMATCH: the payload says RSA, the app is configured for RSA2', () => {
    // Correctly signed with SHA1: the payload must still not pick the weaker algorithm.
    const { report, error } = refusal(seal(MAINLAND, { signType: 'RSA' }).text);
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'SIGN_TYPE_MISMATCH',
      message: "The payload's sign_type is RSA; this app is configured for RSA2.",
    });
    expect(report.signature).toBe('invalid');
    expect(report.body).toBeUndefined();
  });

  test('SIGN_TYPE_MISMATCH: the payload says RSA2, the app is configured for RSA', () => {
    const { error } = refusal(seal(MAINLAND).text, { ...app, signType: 'RSA' });
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'SIGN_TYPE_MISMATCH',
      message: "The payload's sign_type is RSA2; this app is configured for RSA.",
    });
  });

  describe('SIGNATURE_MISSING', () => {
    const MESSAGE = 'The payload has no sign, and unsigned payloads are refused.';

    test('refuses an unsigned encrypted success without decrypting it', () => {
      const { ciphertext } = seal(MAINLAND);
      const { report, error } = refusal(`{"response":"${ciphertext}","encrypt_type":"AES","charset":"UTF-8"}`);
      expect({ code: error.code, message: error.message }).toEqual({ code: 'SIGNATURE_MISSING', message: MESSAGE });
      expect(report.signature).toBe('absent');
      expect(report.diagnosis).toContain('Unsigned payloads are refused (allowUnsigned is off), so it was not decrypted.');
    });

    test('refuses an empty sign as no sign', () => {
      const { ciphertext } = seal(MAINLAND);
      expect(refusal(`{"response":"${ciphertext}","sign":"","sign_type":"RSA2"}`).error.code).toBe('SIGNATURE_MISSING');
    });

    test('refuses an unsigned button event', () => {
      const { ciphertext } = seal(MAINLAND);
      expect(refusal(JSON.stringify({ encryptedData: ciphertext })).error.code).toBe('SIGNATURE_MISSING');
    });

    test('accepts an unsigned success when allowUnsigned is set', () => {
      const { ciphertext } = seal(MAINLAND);
      const report = inspectAlipayPhoneResponse(`{"response":"${ciphertext}"}`, { ...app, allowUnsigned: true });
      expect(report.signature).toBe('absent');
      expect(report.phone?.e164).toBe('+8613811112222');
    });

    test('accepts an unsigned success with no public key configured when allowUnsigned is set', () => {
      const { ciphertext } = seal(MAINLAND);
      expect(openAlipayPhoneResponse(`{"response":"${ciphertext}"}`, { aesKey: app.aesKey, allowUnsigned: true }).e164).toBe('+8613811112222');
    });

    // Regression: a numeric code slipped past the unsigned check and yielded a phone from an unsigned, unencrypted body.
    test('refuses an unsigned unencrypted body whose code is the number 10000', () => {
      const { report, error } = refusal('{"response":{"code":10000,"msg":"Success","mobile":"13811112222"}}');
      expect({ code: error.code, message: error.message }).toEqual({ code: 'SIGNATURE_MISSING', message: MESSAGE });
      expect(report.signature).toBe('absent');
    });

    test('refuses an unsigned encrypted body whose code is the number 10000', () => {
      const { ciphertext } = seal('{"code":10000,"msg":"Success","mobile":"13811112222"}');
      expect(refusal(`{"response":"${ciphertext}"}`).error.code).toBe('SIGNATURE_MISSING');
    });
  });

  describe('SIGNATURE_INVALID', () => {
    const MESSAGE = 'The signature does not match the payload.';

    function expectInvalid(input: string, keys: AlipayAppKeys = app): AlipayInspection {
      const { report, error } = refusal(input, keys);
      expect({ code: error.code, message: error.message }).toEqual({ code: 'SIGNATURE_INVALID', message: MESSAGE });
      expect(report.signature).toBe('invalid');
      // Verify before decrypt: nothing was decrypted.
      expect(report.body).toBeUndefined();
      return report;
    }

    test('refuses a tampered sign', () => {
      const { ciphertext, sign } = seal(MAINLAND);
      expectInvalid(alipayResponseText(ciphertext, flipAt(sign, 20)));
    });

    test('refuses a tampered ciphertext', () => {
      const { ciphertext, sign } = seal(MAINLAND);
      expectInvalid(alipayResponseText(flipAt(ciphertext, 3), sign));
    });

    test('refuses another genuine ciphertext spliced in under the sign', () => {
      const good = seal(MAINLAND);
      const spliced = seal(successBody('13999998888'));
      expectInvalid(alipayResponseText(spliced.ciphertext, good.sign));
    });

    test('refuses a signature made by another key', () => {
      expectInvalid(seal(MAINLAND, { signer: other }).text);
    });

    test('refuses a signature over the ciphertext without its quotes', () => {
      const { ciphertext } = seal(MAINLAND);
      expectInvalid(alipayResponseText(ciphertext, openssl.sign(ciphertext, alipay)));
    });

    test('refuses a genuine payload when the app holds another Alipay public key', () => {
      expectInvalid(seal(MAINLAND).text, { ...app, publicKey: loadAlipayPublicKey(other.publicKeyPem) });
    });

    test('refuses a tampered ciphertext before trying the (wrong) AES key', () => {
      const { ciphertext, sign } = seal(MAINLAND);
      expectInvalid(alipayResponseText(flipAt(ciphertext, 3), sign), { ...app, aesKey: loadAlipayAesKey(AES_256_KEY.base64) });
    });

    test('says so when a "+" in the ciphertext became a space', () => {
      const { ciphertext, sign } = seal(MAINLAND, { keyHex: AES_192_KEY.hex });
      expect(ciphertext).toContain('+');
      const report = expectInvalid(alipayResponseText(ciphertext.replace(/\+/g, ' '), sign));
      expect(report.diagnosis).toContain('The ciphertext contains spaces: a "+" was probably turned into a space by URL-decoding on the way.');
    });
  });

  describe('DECRYPTION_FAILED', () => {
    const wrongKeyApp = (): AlipayAppKeys => ({ ...app, aesKey: loadAlipayAesKey(hexToBase64(openssl.randomHex(16))) });

    /** Genuinely signed payloads (signature valid) that do not decrypt to a business body. */
    const undecryptable = (): [string, string, AlipayAppKeys][] => {
      const signedRaw = (ciphertext: string): string => alipayResponseText(ciphertext, openssl.sign(`"${ciphertext}"`, alipay));
      const good = openssl.encrypt(MAINLAND, AES_128_KEY.hex);
      return [
        ['the wrong AES key', seal(MAINLAND).text, wrongKeyApp()],
        ['a key of another size', seal(MAINLAND).text, { ...app, aesKey: loadAlipayAesKey(AES_256_KEY.base64) }],
        ['a truncated ciphertext', signedRaw(Buffer.from(good, 'base64').subarray(0, 48).toString('base64')), app],
        ['a ciphertext cut mid-block', signedRaw(Buffer.from(good, 'base64').subarray(0, 37).toString('base64')), app],
        ['bad padding', signedRaw(openssl.encrypt('{"code":"10000"}', AES_128_KEY.hex, { noPad: true })), app],
        ['a plaintext that is not UTF-8', seal(Buffer.concat([Buffer.from('{"code":"10000","mobile":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])).text, app],
        ['a plaintext that is not JSON', seal('code=10000&mobile=13811112222').text, app],
        ['a plaintext that is a JSON array', seal(`[${MAINLAND}]`).text, app],
        ['a ciphertext that is not base64', signedRaw('%%%%'), app],
      ];
    };

    test('each undecryptable payload is DECRYPTION_FAILED after a valid signature', () => {
      for (const [title, input, keys] of undecryptable()) {
        const { report, error } = refusal(input, keys);
        expect({ title, code: error.code, message: error.message, signature: report.signature }).toEqual({
          title,
          code: 'DECRYPTION_FAILED',
          message: 'The payload could not be decrypted.',
          signature: 'valid',
        });
        expect(report.body).toBeUndefined();
      }
    });

    test('every decryption failure has one and the same code, message and diagnosis', () => {
      const seen = new Set(
        undecryptable().map(([, input, keys]) => {
          const report = inspectAlipayPhoneResponse(input, keys);
          if (report.error === undefined) throw new Error('expected an error');
          return JSON.stringify({ ...observable(report.error), diagnosis: report.diagnosis.slice(1) });
        }),
      );
      expect(seen.size).toBe(1);
      const [only] = [...seen];
      expect(JSON.parse(only ?? '{}')).toMatchObject({ code: 'DECRYPTION_FAILED', message: 'The payload could not be decrypted.' });
    });

    test('an unsigned payload that does not decrypt is DECRYPTION_FAILED too, where unsigned payloads are allowed', () => {
      const ciphertext = openssl.encrypt(MAINLAND, openssl.randomHex(16));
      const { error } = refusal(`{"response":"${ciphertext}"}`, { ...app, allowUnsigned: true });
      expect({ code: error.code, message: error.message }).toEqual({ code: 'DECRYPTION_FAILED', message: 'The payload could not be decrypted.' });
    });
  });

  test('NOT_ENCRYPTED: a signed success body sent without encryption', () => {
    const body = successBody('13811112222');
    const { report, error } = refusal(`{"response":${body},"sign":"${openssl.sign(body, alipay)}","sign_type":"RSA2"}`);
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'NOT_ENCRYPTED',
      message: 'The payload carries a phone number without encryption.',
    });
    expect(report.signature).toBe('valid');
    expect(report.encrypted).toBe(false);
  });

  test('NO_PHONE_BOUND: 10000 with an empty mobile', () => {
    const { error } = refusal(seal(successBody('')).text);
    expect({ code: error.code, message: error.message, upstream: error.upstream }).toEqual({
      code: 'NO_PHONE_BOUND',
      message: 'This Alipay account has no phone number bound to it.',
      upstream: { code: '10000', msg: 'Success' },
    });
  });

  test('ALIPAY_BUSY: 20000 is retryable', () => {
    const { error } = refusal(seal('{"code":"20000","msg":"Service Currently Unavailable","subCode":"aop.unknow-error","subMsg":"系统繁忙"}').text);
    expect({ code: error.code, message: error.message, retryable: error.retryable }).toEqual({
      code: 'ALIPAY_BUSY',
      message: 'Alipay was busy and returned no phone number (20000 aop.unknow-error).',
      retryable: true,
    });
  });

  describe('40001 arrives unencrypted and unsigned', () => {
    const MISSING_ENCRYPT_KEY =
      '{"response":{"code":"40001","msg":"Missing Required Arguments","subCode":"isv.missing-encrypt-key","subMsg":"缺少加密配置"}}';

    test('isv.missing-encrypt-key is ALIPAY_MISSING_ENCRYPT_KEY, not SIGNATURE_MISSING', () => {
      const { report, error } = refusal(MISSING_ENCRYPT_KEY);
      expect({ code: error.code, message: error.message, upstream: error.upstream }).toEqual({
        code: 'ALIPAY_MISSING_ENCRYPT_KEY',
        message: 'Alipay says the app has no encryption configured (40001 isv.missing-encrypt-key).',
        upstream: { code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-encrypt-key', subMsg: '缺少加密配置' },
      });
      expect(report.signature).toBe('absent');
      expect(report.encrypted).toBe(false);
      expect(report.diagnosis).toContain(`Alipay answered 40001 isv.missing-encrypt-key: ${CORE_ERROR_CATALOGUE.ALIPAY_MISSING_ENCRYPT_KEY.hint}`);
    });

    test('isv.missing-encrypt-key is recognised with no keys configured at all', () => {
      expect(refusal(MISSING_ENCRYPT_KEY, {}).error.code).toBe('ALIPAY_MISSING_ENCRYPT_KEY');
    });

    test('isv.missing-encrypt-key is recognised inside a wrapper', () => {
      expect(refusal(JSON.stringify({ response: MISSING_ENCRYPT_KEY })).error.code).toBe('ALIPAY_MISSING_ENCRYPT_KEY');
    });

    test('isv.missing-default-signature-type is ALIPAY_MISSING_SIGN_TYPE', () => {
      const input = '{"response":{"code":"40001","msg":"Missing Required Arguments","subCode":"isv.missing-default-signature-type","subMsg":"缺少签名类型"}}';
      const { error } = refusal(input);
      expect({ code: error.code, message: error.message, upstream: error.upstream?.subCode }).toEqual({
        code: 'ALIPAY_MISSING_SIGN_TYPE',
        message: 'Alipay says the app has no default signature type (40001 isv.missing-default-signature-type).',
        upstream: 'isv.missing-default-signature-type',
      });
    });
  });

  test.each([
    ['40002', 'isv.invalid-encrypt', 'ALIPAY_INVALID_ENCRYPT'],
    ['40003', 'isv.invalid-auth-relations', 'ALIPAY_NOT_AUTHORISED'],
    ['40006', 'isv.insufficient-isv-permissions', 'ALIPAY_INSUFFICIENT_PERMISSIONS'],
    ['40003', 'isv.decryption-error-unknown', 'ALIPAY_DECRYPTION_ERROR'],
  ] as const)('%s %s arrives encrypted and signed and becomes %s', (code, subCode, expected) => {
    const { report, error } = refusal(seal(`{"code":"${code}","msg":"Failed","subCode":"${subCode}","subMsg":"失败"}`).text);
    expect({ code: error.code, message: error.message, upstream: error.upstream }).toEqual({
      code: expected,
      message: CORE_ERROR_CATALOGUE[expected].message,
      upstream: { code, msg: 'Failed', subCode, subMsg: '失败' },
    });
    expect(report.signature).toBe('valid');
    expect(report.body).toMatchObject({ code, subCode });
  });

  test('an unknown code is ALIPAY_UPSTREAM_ERROR with the upstream fields, named in the message and the diagnosis', () => {
    const { report, error } = refusal(seal('{"code":"40004","msg":"Business Failed","subCode":"isv.brand-new","subMsg":"业务处理失败"}').text);
    const message = 'Alipay answered 40004 Business Failed with sub_code "isv.brand-new" (业务处理失败), which phonekit has no advice for.';
    expect({ code: error.code, message: error.message, upstream: error.upstream }).toEqual({
      code: 'ALIPAY_UPSTREAM_ERROR',
      message,
      upstream: { code: '40004', msg: 'Business Failed', subCode: 'isv.brand-new', subMsg: '业务处理失败' },
    });
    expect(report.diagnosis.at(-1)).toBe(message);
  });

  test('a signed 40003 isv.decryption-error-unknown says nothing about the consent button', () => {
    const { report, error } = refusal(seal('{"code":"40003","msg":"Insufficient Conditions","sub_code":"isv.decryption-error-unknown","sub_msg":"解密出错, 未知错误"}').text);
    expect(error.code).toBe('ALIPAY_DECRYPTION_ERROR');
    expect(report.signature).toBe('valid');
    expect([...report.diagnosis, error.hint].join('\n')).not.toMatch(/getAuthorize|onGetAuthorize|consent|authoris/i);
  });

  test('a signed 40003 with an unknown sub_code names it and guesses no fix', () => {
    const { report, error } = refusal(seal('{"code":"40003","msg":"Insufficient Conditions","subCode":"isv.brand-new-condition"}').text);
    expect(error.code).toBe('ALIPAY_UPSTREAM_ERROR');
    expect(report.diagnosis.join('\n')).toContain('"isv.brand-new-condition"');
    expect(report.diagnosis.join('\n')).not.toMatch(/getAuthorize|consent/i);
  });

  test('PHONE_INVALID: 10000 with a mobile that is not a phone number', () => {
    const { error } = refusal(seal(successBody('not-a-phone')).text);
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'PHONE_INVALID',
      message: 'The decrypted mobile is not a phone number phonekit can read.',
    });
  });

  test('PUBLIC_KEY_MISSING: a signed payload with no Alipay public key given', () => {
    const { report, error } = refusal(seal(MAINLAND).text, { aesKey: app.aesKey });
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'PUBLIC_KEY_MISSING',
      message: 'The payload is signed but no Alipay public key was given to verify it.',
    });
    expect(report.signature).toBe('unchecked');
  });

  test('AES_KEY_MISSING: an encrypted payload with no AES key given', () => {
    const { report, error } = refusal(seal(MAINLAND).text, { publicKey: app.publicKey });
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'AES_KEY_MISSING',
      message: 'The payload is encrypted but no AES key was given to decrypt it.',
    });
    expect(report.signature).toBe('valid');
  });
});

describe('secrets and phone numbers never reach messages or the diagnosis', () => {
  test('no error, message or diagnosis line holds the AES key or a full mobile', () => {
    const mobiles = ['13811112222', '13912345678', '1-1234432112', '852-91234567'];
    const aesKeys = [AES_128_KEY, AES_256_KEY];
    const wrongKey = { ...app, aesKey: loadAlipayAesKey(AES_256_KEY.base64) };
    const inputs: [string, AlipayAppKeys][] = [];
    for (const mobile of mobiles) {
      const good = seal(successBody(mobile));
      inputs.push(
        [good.text, app],
        [good.text, wrongKey],
        [good.text, { ...app, signType: 'RSA' }],
        [good.text, { publicKey: app.publicKey }],
        [alipayResponseText(flipAt(good.ciphertext, 2), good.sign), app],
        [`{"response":"${good.ciphertext}"}`, app],
        [`{"response":"${good.ciphertext}"}`, { ...app, allowUnsigned: true }],
        [`{"response":${successBody(mobile)}}`, app],
        [`{"response":${successBody(mobile)}}`, { ...app, allowUnsigned: true }],
        [`{"response":${successBody(mobile)},"sign":"${openssl.sign(successBody(mobile), alipay)}"}`, app],
        [seal(`{"code":"10000","mobile":"${mobile}x"}`).text, app],
        [seal(`{"code":"40004","mobile":"${mobile}"}`).text, app],
        [JSON.stringify({ response: good.text, appId: '2021' }), app],
      );
    }
    const secrets = [
      ...aesKeys.flatMap((key) => [key.base64, key.hex]),
      ...mobiles.map((mobile) => mobile.replace(/^\d+-/, '')),
    ];
    let phones = 0;
    for (const [input, keys] of inputs) {
      const report = inspectAlipayPhoneResponse(input, keys);
      if (report.phone !== undefined) phones++;
      const visible = JSON.stringify({ diagnosis: report.diagnosis, error: report.error, message: report.error?.message, hint: report.error?.hint });
      for (const secret of secrets) expect(visible).not.toContain(secret);
    }
    expect(phones).toBeGreaterThan(0);
  });
});
