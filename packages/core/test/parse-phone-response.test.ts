import { PhonekitError, parseAlipayPhoneResponse } from '../src';
import { phonekitErrorFrom } from './support/errors';
import { MALFORMED_PAYLOAD_VECTORS } from './vectors/payload-malformed';

const CIPHERTEXT = '8XfRwEAsurYcWM7VvFTmHMO3tA0cR4appEqsdMEx3lweLUW8OFQGwoHUT7Sisa2ugS4UjCNMEnYZb6aqUuhbDQ==';
const SIGN = 'c2lnbmF0dXJlLWJ5dGVz';
const RES_RESPONSE = `{"response":"${CIPHERTEXT}","sign":"${SIGN}","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"}`;

describe('parseAlipayPhoneResponse', () => {
  describe('with the res.response string', () => {
    test('reads every field and keeps the quoted ciphertext as the signed content', () => {
      expect(parseAlipayPhoneResponse(RES_RESPONSE)).toEqual({
        variant: 'response',
        signedContent: `"${CIPHERTEXT}"`,
        ciphertext: CIPHERTEXT,
        plainBody: undefined,
        encrypted: true,
        sign: SIGN,
        signType: 'RSA2',
        signTypeDeclared: true,
        encryptType: 'AES',
        charset: 'UTF-8',
        appId: undefined,
      });
    });

    test('assumes RSA2 when sign_type is absent, and says it was not declared', () => {
      const parsed = parseAlipayPhoneResponse(`{"response":"${CIPHERTEXT}","sign":"${SIGN}"}`);
      expect(parsed.signType).toBe('RSA2');
      expect(parsed.signTypeDeclared).toBe(false);
    });

    test('treats an empty sign_type as absent', () => {
      const parsed = parseAlipayPhoneResponse(`{"response":"${CIPHERTEXT}","sign":"${SIGN}","sign_type":""}`);
      expect(parsed).toMatchObject({ signType: 'RSA2', signTypeDeclared: false });
    });

    test('treats a null sign_type as absent', () => {
      const parsed = parseAlipayPhoneResponse(`{"response":"${CIPHERTEXT}","sign":"${SIGN}","sign_type":null}`);
      expect(parsed).toMatchObject({ signType: 'RSA2', signTypeDeclared: false });
    });

    test('reads the legacy sign_type RSA', () => {
      const parsed = parseAlipayPhoneResponse(`{"response":"${CIPHERTEXT}","sign":"${SIGN}","sign_type":"RSA"}`);
      expect(parsed).toMatchObject({ signType: 'RSA', signTypeDeclared: true });
    });

    test('treats an empty sign as no sign', () => {
      expect(parseAlipayPhoneResponse(`{"response":"${CIPHERTEXT}","sign":""}`).sign).toBeUndefined();
    });

    test('treats a missing sign as no sign', () => {
      expect(parseAlipayPhoneResponse(`{"response":"${CIPHERTEXT}"}`).sign).toBeUndefined();
    });

    test('excludes the whitespace around the response value from the signed content', () => {
      const parsed = parseAlipayPhoneResponse(`{"response" :  "${CIPHERTEXT}" , "sign" : "${SIGN}"}`);
      expect(parsed.signedContent).toBe(`"${CIPHERTEXT}"`);
      expect(parsed.sign).toBe(SIGN);
    });

    test('keeps escapes in the signed content exactly as sent', () => {
      const parsed = parseAlipayPhoneResponse('{"response":"ab\\/cd","sign":"s"}');
      expect(parsed.signedContent).toBe('"ab\\/cd"');
      expect(parsed.ciphertext).toBe('ab/cd');
    });

    test.each([
      ['spaces and newlines', `\n  ${RES_RESPONSE}  \n`],
      ['CRLF and tabs', `\r\n\t${RES_RESPONSE}\r\n`],
      ['a byte order mark', `\uFEFF${RES_RESPONSE}`],
    ])('accepts leading and trailing %s', (_title, input) => {
      expect(parseAlipayPhoneResponse(input)).toEqual(parseAlipayPhoneResponse(RES_RESPONSE));
    });
  });

  describe('with an unencrypted response object', () => {
    const body = '{ "code":"40001", "msg":"Missing Required Arguments","subCode":"isv.missing-encrypt-key","subMsg":"缺少加密配置" }';

    test('keeps the object text exactly as sent as the signed content', () => {
      const parsed = parseAlipayPhoneResponse(`{"response":${body},"sign":"${SIGN}"}`);
      expect(parsed.signedContent).toBe(body);
      expect(parsed.encrypted).toBe(false);
      expect(parsed.ciphertext).toBeUndefined();
      expect(parsed.plainBody).toEqual(JSON.parse(body));
    });

    test('keeps a different spacing of the same object as a different signed content', () => {
      const respaced = JSON.stringify(JSON.parse(body));
      const a = parseAlipayPhoneResponse(`{"response":${body}}`);
      const b = parseAlipayPhoneResponse(`{"response":${respaced}}`);
      expect(a.plainBody).toEqual(b.plainBody);
      expect(a.signedContent).not.toBe(b.signedContent);
      expect(b.signedContent).toBe(respaced);
    });
  });

  describe('with a wrapper {"response": "<res.response string>"}', () => {
    test('parses the inner string and keeps the appId', () => {
      const parsed = parseAlipayPhoneResponse(JSON.stringify({ response: RES_RESPONSE, appId: '2021000000000001' }));
      expect(parsed).toEqual({ ...parseAlipayPhoneResponse(RES_RESPONSE), appId: '2021000000000001' });
    });

    test('ignores an empty or non-string appId', () => {
      expect(parseAlipayPhoneResponse(JSON.stringify({ response: RES_RESPONSE, appId: '' })).appId).toBeUndefined();
      expect(parseAlipayPhoneResponse(JSON.stringify({ response: RES_RESPONSE, appId: 42 })).appId).toBeUndefined();
    });

    test('tolerates whitespace around the inner string', () => {
      const parsed = parseAlipayPhoneResponse(JSON.stringify({ response: `  ${RES_RESPONSE}\n` }));
      expect(parsed.signedContent).toBe(`"${CIPHERTEXT}"`);
    });

    test('slices the signed content from the inner text, spacing included', () => {
      const inner = `{"response" : "${CIPHERTEXT}" ,"sign":"${SIGN}"}`;
      expect(parseAlipayPhoneResponse(JSON.stringify({ response: inner })).signedContent).toBe(`"${CIPHERTEXT}"`);
    });

    test('accepts an appId on a bare res.response too', () => {
      const parsed = parseAlipayPhoneResponse(`{"response":"${CIPHERTEXT}","sign":"${SIGN}","appId":"2021000000000002"}`);
      expect(parsed.appId).toBe('2021000000000002');
    });
  });

  describe('with the button event detail {encryptedData, sign}', () => {
    test('reads it as an encrypted response signed over the quoted ciphertext', () => {
      expect(parseAlipayPhoneResponse(JSON.stringify({ encryptedData: CIPHERTEXT, sign: SIGN }))).toEqual({
        variant: 'event',
        signedContent: `"${CIPHERTEXT}"`,
        ciphertext: CIPHERTEXT,
        plainBody: undefined,
        encrypted: true,
        sign: SIGN,
        signType: 'RSA2',
        signTypeDeclared: false,
        encryptType: 'AES',
        charset: undefined,
        appId: undefined,
      });
    });

    test('reads signType or sign_type', () => {
      expect(parseAlipayPhoneResponse(JSON.stringify({ encryptedData: CIPHERTEXT, sign: SIGN, signType: 'RSA' }))).toMatchObject({
        signType: 'RSA',
        signTypeDeclared: true,
      });
      expect(parseAlipayPhoneResponse(JSON.stringify({ encryptedData: CIPHERTEXT, sign: SIGN, sign_type: 'RSA' }))).toMatchObject({
        signType: 'RSA',
        signTypeDeclared: true,
      });
    });

    test('accepts the event inside a wrapper, with an appId', () => {
      const parsed = parseAlipayPhoneResponse(JSON.stringify({ response: JSON.stringify({ encryptedData: CIPHERTEXT, sign: SIGN }), appId: '2021' }));
      expect(parsed).toMatchObject({ variant: 'event', ciphertext: CIPHERTEXT, appId: '2021' });
    });

    test('treats an empty sign as no sign', () => {
      expect(parseAlipayPhoneResponse(JSON.stringify({ encryptedData: CIPHERTEXT, sign: '' })).sign).toBeUndefined();
    });
  });

  describe('refuses what is not a my.getPhoneNumber answer', () => {
    test.each(MALFORMED_PAYLOAD_VECTORS)('$title', ({ input, output }) => {
      const err = phonekitErrorFrom(() => parseAlipayPhoneResponse(input));
      expect({ code: err.code, message: err.message }).toEqual(output);
    });

    test('refuses a value that is not a string at all', () => {
      const err = phonekitErrorFrom(() => parseAlipayPhoneResponse({ response: 'abc' } as unknown as string));
      expect(err).toBeInstanceOf(PhonekitError);
      expect({ code: err.code, message: err.message }).toEqual({ code: 'PAYLOAD_MALFORMED', message: 'The payload must be a string.' });
    });
  });
});
