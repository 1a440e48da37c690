import { verify } from 'node:crypto';
import { alipayBusinessBody } from '../src/alipay-business-body';
import { buildAlipayEventDetail, buildAlipayPhoneResponse } from '../src/alipay-payload';
import { ALIPAY_SCENARIOS, type AlipayScenario } from '../src/alipay-scenarios';
import { generateAlipaySandboxKeys } from '../src/keys';
import { decryptAlipayContent } from './support/decrypt-alipay-content';

const keys = generateAlipaySandboxKeys();

const B64 = '[A-Za-z0-9+/]+={0,2}';
const SIGNED_SHAPE = new RegExp(`^\\{"response":"${B64}","sign":"${B64}","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"\\}$`);
const UNSIGNED_SHAPE = new RegExp(`^\\{"response":"${B64}","encrypt_type":"AES","charset":"UTF-8"\\}$`);

const SIGNED_FIELDS = ['response', 'sign', 'sign_type', 'encrypt_type', 'charset'];
const EXPECTED_FIELDS: Record<AlipayScenario, readonly string[]> = {
  success: SIGNED_FIELDS,
  overseas: SIGNED_FIELDS,
  'empty-mobile': SIGNED_FIELDS,
  busy: SIGNED_FIELDS,
  'missing-sign-type': SIGNED_FIELDS,
  'missing-encrypt-key': ['response'],
  'invalid-encrypt': SIGNED_FIELDS,
  'not-authorised': SIGNED_FIELDS,
  'insufficient-permissions': SIGNED_FIELDS,
  unsigned: ['response', 'encrypt_type', 'charset'],
  'tampered-sign': SIGNED_FIELDS,
};

interface ParsedPayload {
  response: unknown;
  sign?: unknown;
  sign_type?: unknown;
}

function parse(raw: string): ParsedPayload {
  return JSON.parse(raw) as ParsedPayload;
}

function ciphertextOf(raw: string): string {
  const { response } = parse(raw);
  if (typeof response !== 'string') throw new Error('expected an encrypted response');
  return response;
}

function signOf(raw: string): Buffer {
  const { sign } = parse(raw);
  if (typeof sign !== 'string') throw new Error('expected a sign');
  return Buffer.from(sign, 'base64');
}

function verifiesOver(content: string, signature: Buffer, digest: 'sha256' | 'sha1' = 'sha256'): boolean {
  return verify(digest, Buffer.from(content, 'utf8'), keys.publicKeyPem, signature);
}

const ENCRYPTED_SCENARIOS = ALIPAY_SCENARIOS.filter((scenario) => scenario !== 'missing-encrypt-key');
const SIGNED_SCENARIOS = ENCRYPTED_SCENARIOS.filter((scenario) => scenario !== 'unsigned' && scenario !== 'tampered-sign');

describe('buildAlipayPhoneResponse', () => {
  describe('for every scenario', () => {
    test.each(ALIPAY_SCENARIOS)('writes the %s fields in Alipay\'s order', (scenario) => {
      expect(Object.keys(parse(buildAlipayPhoneResponse(keys, scenario)))).toEqual(EXPECTED_FIELDS[scenario]);
    });

    test.each(ENCRYPTED_SCENARIOS)('encrypts the %s body so it decrypts to the exact body text', (scenario) => {
      const raw = buildAlipayPhoneResponse(keys, scenario);
      expect(decryptAlipayContent(ciphertextOf(raw), keys.aesKeyBase64)).toBe(JSON.stringify(alipayBusinessBody(scenario)));
    });

    test.each(SIGNED_SCENARIOS)('signs the %s ciphertext as a quoted string literal', (scenario) => {
      const raw = buildAlipayPhoneResponse(keys, scenario);
      expect(raw).toMatch(SIGNED_SHAPE);
      const ciphertext = ciphertextOf(raw);
      expect(raw).toContain(`"response":"${ciphertext}"`);
      expect(verifiesOver(`"${ciphertext}"`, signOf(raw))).toBe(true);
      expect(verifiesOver(ciphertext, signOf(raw))).toBe(false);
    });
  });

  describe('with the success scenario', () => {
    test('carries the default mainland number', () => {
      const raw = buildAlipayPhoneResponse(keys, 'success');
      expect(decryptAlipayContent(ciphertextOf(raw), keys.aesKeyBase64)).toBe(
        '{"code":"10000","msg":"Success","mobile":"13811112222"}',
      );
    });

    test('carries a given number instead', () => {
      const raw = buildAlipayPhoneResponse(keys, 'success', { mobile: '13900001111' });
      expect(decryptAlipayContent(ciphertextOf(raw), keys.aesKeyBase64)).toContain('"mobile":"13900001111"');
    });

    test('gives the same bytes twice for the same keys and body, as Alipay does', () => {
      expect(buildAlipayPhoneResponse(keys, 'success')).toBe(buildAlipayPhoneResponse(keys, 'success'));
    });
  });

  describe('with the overseas scenario', () => {
    test('carries a number with its country calling code and a dash', () => {
      const raw = buildAlipayPhoneResponse(keys, 'overseas');
      expect(decryptAlipayContent(ciphertextOf(raw), keys.aesKeyBase64)).toBe(
        '{"code":"10000","msg":"Success","mobile":"1-1234432112"}',
      );
    });

    test('carries a given overseas number instead', () => {
      const raw = buildAlipayPhoneResponse(keys, 'overseas', { mobile: '852-61234567' });
      expect(decryptAlipayContent(ciphertextOf(raw), keys.aesKeyBase64)).toContain('"mobile":"852-61234567"');
    });
  });

  describe('with the missing-encrypt-key scenario', () => {
    test('embeds the 40001 body as a plain object, with no sign, sign_type or encrypt_type', () => {
      expect(buildAlipayPhoneResponse(keys, 'missing-encrypt-key')).toBe(
        '{"response":{"code":"40001","msg":"Missing Required Arguments","subCode":"isv.missing-encrypt-key","subMsg":"缺少加密配置"}}',
      );
    });
  });

  describe('with the unsigned scenario', () => {
    test('sends an encrypted success body with no sign and no sign_type', () => {
      const raw = buildAlipayPhoneResponse(keys, 'unsigned');
      expect(raw).toMatch(UNSIGNED_SHAPE);
      expect(raw).not.toContain('"sign');
      expect(decryptAlipayContent(ciphertextOf(raw), keys.aesKeyBase64)).toBe(JSON.stringify(alipayBusinessBody('success')));
    });
  });

  describe('with the tampered-sign scenario', () => {
    const tampered = buildAlipayPhoneResponse(keys, 'tampered-sign');
    const genuine = buildAlipayPhoneResponse(keys, 'success');

    test('keeps the envelope shape and a well-formed base64 sign', () => {
      expect(tampered).toMatch(SIGNED_SHAPE);
      expect(tampered).toHaveLength(genuine.length);
    });

    test('carries the same ciphertext as a genuine success payload', () => {
      expect(ciphertextOf(tampered)).toBe(ciphertextOf(genuine));
    });

    test('alters exactly one byte of an otherwise genuine signature', () => {
      const bad = signOf(tampered);
      const good = signOf(genuine);
      expect(bad).toHaveLength(good.length);
      const differing = [...bad].filter((byte, index) => byte !== good[index]);
      expect(differing).toHaveLength(1);
    });

    test('fails signature verification', () => {
      expect(verifiesOver(`"${ciphertextOf(tampered)}"`, signOf(tampered))).toBe(false);
    });
  });

  describe('with signType RSA', () => {
    test('declares sign_type RSA and signs with SHA1withRSA', () => {
      const raw = buildAlipayPhoneResponse(keys, 'success', { signType: 'RSA' });
      expect(Object.keys(parse(raw))).toEqual(SIGNED_FIELDS);
      expect(parse(raw).sign_type).toBe('RSA');
      const quoted = `"${ciphertextOf(raw)}"`;
      expect(verifiesOver(quoted, signOf(raw), 'sha1')).toBe(true);
      expect(verifiesOver(quoted, signOf(raw), 'sha256')).toBe(false);
    });
  });

  describe.each([24, 32] as const)('with a %i-byte AES key', (aesKeyBytes) => {
    const bigKeys = { ...keys, aesKeyBase64: generateAlipaySandboxKeys({ aesKeyBytes }).aesKeyBase64 };

    test('encrypts with the matching AES key size', () => {
      const raw = buildAlipayPhoneResponse(bigKeys, 'success');
      expect(decryptAlipayContent(ciphertextOf(raw), bigKeys.aesKeyBase64)).toBe(JSON.stringify(alipayBusinessBody('success')));
    });
  });

  test('rejects an unknown scenario', () => {
    expect(() => buildAlipayPhoneResponse(keys, String('nope') as AlipayScenario)).toThrow(TypeError);
  });
});

describe('buildAlipayEventDetail', () => {
  test('gives encryptedData and sign, nothing else', () => {
    expect(Object.keys(buildAlipayEventDetail(keys))).toEqual(['encryptedData', 'sign']);
  });

  test('encrypts a success body with the default number', () => {
    const { encryptedData } = buildAlipayEventDetail(keys);
    expect(decryptAlipayContent(encryptedData, keys.aesKeyBase64)).toBe(JSON.stringify(alipayBusinessBody('success')));
  });

  test('encrypts a given number instead', () => {
    const { encryptedData } = buildAlipayEventDetail(keys, { mobile: '1-1234432112' });
    expect(decryptAlipayContent(encryptedData, keys.aesKeyBase64)).toContain('"mobile":"1-1234432112"');
  });

  test('signs the quoted encryptedData with RSA2', () => {
    const { encryptedData, sign } = buildAlipayEventDetail(keys);
    expect(verifiesOver(`"${encryptedData}"`, Buffer.from(sign, 'base64'))).toBe(true);
  });

  test('carries the same ciphertext and sign as the res.response form of the same body', () => {
    const detail = buildAlipayEventDetail(keys);
    const raw = buildAlipayPhoneResponse(keys, 'success');
    expect(detail.encryptedData).toBe(ciphertextOf(raw));
    expect(detail.sign).toBe(parse(raw).sign);
  });
});
