import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CORE_ERROR_CATALOGUE,
  inspectAlipayPhoneResponse,
  loadAlipayAesKey,
  loadAlipayPublicKey,
  openAlipayPhoneResponse,
  parseAlipayPhoneResponse,
  type AlipayAppKeys,
} from '../src';
import { phonekitErrorFrom } from './support/errors';
import { officialPhoneResponseCheck } from './support/official-sdk';
import { alipayResponseText, createOpensslWorkspace, type OpensslRsaKey, type OpensslWorkspace } from './support/openssl';
import { AES_128_KEY, AES_256_KEY } from './vectors/alipay-aes';
import {
  GSON_MAINLAND_CIPHERTEXT_LITERAL,
  PHP_OVERSEAS_CIPHERTEXT_LITERAL,
  RESERIALISED_VECTORS,
  gsonStyle,
  phpStyle,
} from './vectors/alipay-reserialised';
import { FIXED_MAINLAND, FIXED_OVERSEAS } from './vectors/alipay-signed';

let openssl: OpensslWorkspace;
let alipay: OpensslRsaKey;
let app: AlipayAppKeys;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  alipay = openssl.rsaKey('alipay');
  app = { publicKey: loadAlipayPublicKey(alipay.publicKeyBase64), aesKey: loadAlipayAesKey(AES_128_KEY.base64) };
}, 30_000);

afterAll(() => {
  openssl.dispose();
});

/** `openssl dgst -sha256 -verify`: whether openssl itself accepts `sign` over `content`. */
function opensslVerifies(content: string, sign: string): boolean {
  const contentPath = join(openssl.dir, 'verify-content.bin');
  const signPath = join(openssl.dir, 'verify-sign.bin');
  const keyPath = join(openssl.dir, 'verify-public.pem');
  writeFileSync(contentPath, content, 'utf8');
  writeFileSync(signPath, Buffer.from(sign, 'base64'));
  writeFileSync(keyPath, alipay.publicKeyPem);
  try {
    openssl.run(['dgst', '-sha256', '-verify', keyPath, '-signature', signPath, contentPath]);
    return true;
  } catch {
    return false;
  }
}

/** An openssl-made res.response whose ciphertext holds a "/" (for the PHP escape), and its parts. */
function sealWithSlash(): { ciphertext: string; sign: string; text: string } {
  for (let i = 0; i < 200; i++) {
    const body = `{"code":"10000","msg":"Success","mobile":"1381111${String(2000 + i)}"}`;
    const ciphertext = openssl.encrypt(body, AES_128_KEY.hex);
    if (!ciphertext.includes('/')) continue;
    const sign = openssl.sign(`"${ciphertext}"`, alipay);
    return { ciphertext, sign, text: alipayResponseText(ciphertext, sign) };
  }
  throw new Error('no ciphertext with a "/" in 200 tries');
}

describe('a ciphertext response re-serialised on the way', () => {
  describe.each(RESERIALISED_VECTORS)('$title', ({ input, output }) => {
    const keys = (): AlipayAppKeys => ({ publicKey: loadAlipayPublicKey(input.publicKey), aesKey: loadAlipayAesKey(input.aesKeyBase64), signType: input.signType });

    test('verifies over the quoted decoded string and gives the phone', () => {
      expect(openAlipayPhoneResponse(input.responseText, keys())).toMatchObject(output);
    });

    test('is reported valid, saying the string was re-escaped', () => {
      const report = inspectAlipayPhoneResponse(input.responseText, keys());
      expect(report.signature).toBe('valid');
      expect(report.diagnosis.join('\n')).toMatch(/re-escaped on the way/);
    });
  });

  test('the escaped literals are what Gson and json_encode write for the signed ciphertexts', () => {
    const gson = parseAlipayPhoneResponse(gsonStyle(alipayResponseText(FIXED_MAINLAND.ciphertext, FIXED_MAINLAND.rsa2Sign)));
    const php = parseAlipayPhoneResponse(phpStyle(alipayResponseText(FIXED_OVERSEAS.ciphertext, FIXED_OVERSEAS.rsa2Sign)));
    expect(gson.signedContent).toBe(GSON_MAINLAND_CIPHERTEXT_LITERAL);
    expect(gson.decodedSignedContent).toBe(`"${FIXED_MAINLAND.ciphertext}"`);
    expect(php.signedContent).toBe(PHP_OVERSEAS_CIPHERTEXT_LITERAL);
    expect(php.decodedSignedContent).toBe(`"${FIXED_OVERSEAS.ciphertext}"`);
  });

  test('keeps the raw slice alone when the literal holds no escape', () => {
    expect(parseAlipayPhoneResponse(alipayResponseText(FIXED_MAINLAND.ciphertext, FIXED_MAINLAND.rsa2Sign)).decodedSignedContent).toBeUndefined();
  });

  describe('with a fresh openssl key', () => {
    test.each([
      ['Gson', gsonStyle],
      ['PHP json_encode', phpStyle],
      ['Gson then json_encode', (text: string): string => phpStyle(gsonStyle(text))],
    ] as const)('%s: openssl accepts the sign over the quoted decoded string, not over the escaped slice, and so does phonekit', (_title, reserialise) => {
      const { ciphertext, sign, text } = sealWithSlash();
      const sent = reserialise(text);
      const rawSlice = parseAlipayPhoneResponse(sent).signedContent;
      expect(rawSlice).not.toBe(`"${ciphertext}"`);
      expect(opensslVerifies(`"${ciphertext}"`, sign)).toBe(true);
      expect(opensslVerifies(rawSlice, sign)).toBe(false);
      expect(openAlipayPhoneResponse(sent, app).e164).toMatch(/^\+86138111/);
    });

    test.each([
      ['Gson', gsonStyle],
      ['PHP json_encode', phpStyle],
    ] as const)('%s: the official alipay-sdk (rsaCheck over the quoted parsed response, then aesDecrypt) accepts it, and phonekit gives the same mobile', (_title, reserialise) => {
      const { text } = sealWithSlash();
      const sent = reserialise(text);
      const official = officialPhoneResponseCheck(sent, { appPrivateKeyPem: alipay.privateKeyPem, alipayPublicKeyPem: alipay.publicKeyPem, aesKeyBase64: AES_128_KEY.base64 });
      expect(official.verified).toBe(true);
      expect(official.rawSliceVerified(parseAlipayPhoneResponse(sent).signedContent)).toBe(false);
      const mobile = (official.decrypted as { mobile: string }).mobile;
      expect(openAlipayPhoneResponse(sent, app).nationalNumber).toBe(mobile);
    });

    test('an escaped ciphertext that was altered is SIGNATURE_INVALID and is not decrypted', () => {
      const { ciphertext, text } = sealWithSlash();
      const altered = ciphertext.charAt(3) === 'A' ? `${ciphertext.slice(0, 3)}B${ciphertext.slice(4)}` : `${ciphertext.slice(0, 3)}A${ciphertext.slice(4)}`;
      const report = inspectAlipayPhoneResponse(phpStyle(text.replace(ciphertext, altered)), app);
      expect(report.error?.code).toBe('SIGNATURE_INVALID');
      expect(report.body).toBeUndefined();
      expect(report.diagnosis.join('\n')).not.toMatch(/Decrypted|re-escaped/);
    });

    test('verifies before it decrypts: an escaped payload signed by another key never reaches the wrong AES key', () => {
      const stranger = openssl.rsaKey('stranger');
      const ciphertext = openssl.encrypt('{"code":"10000","msg":"Success","mobile":"13811112222"}', AES_128_KEY.hex);
      const text = gsonStyle(alipayResponseText(ciphertext, openssl.sign(`"${ciphertext}"`, stranger)));
      const err = phonekitErrorFrom(() => openAlipayPhoneResponse(text, { ...app, aesKey: loadAlipayAesKey(AES_256_KEY.base64) }));
      expect(err.code).toBe('SIGNATURE_INVALID');
    });

    test('a valid escaped payload under the wrong AES key is the one DECRYPTION_FAILED', () => {
      const { text } = sealWithSlash();
      const err = phonekitErrorFrom(() => openAlipayPhoneResponse(gsonStyle(phpStyle(text)), { ...app, aesKey: loadAlipayAesKey(AES_256_KEY.base64) }));
      expect({ code: err.code, message: err.message }).toEqual({ code: 'DECRYPTION_FAILED', message: CORE_ERROR_CATALOGUE.DECRYPTION_FAILED.message });
    });

    test('an unencrypted body keeps the raw slice only: a sign over its unescaped text does not verify the escaped one', () => {
      const body = '{"code":"40003","msg":"Insufficient Conditions","subCode":"isv.invalid-auth-relations","subMsg":"无效的授权关系"}';
      const sign = openssl.sign(body, alipay);
      expect(inspectAlipayPhoneResponse(`{"response":${body},"sign":"${sign}"}`, app).signature).toBe('valid');
      const escaped = body.replace('无', '\\u65e0');
      const report = inspectAlipayPhoneResponse(`{"response":${escaped},"sign":"${sign}"}`, app);
      expect(report.signature).toBe('invalid');
      expect(report.error?.code).toBe('SIGNATURE_INVALID');
    });
  });
});
