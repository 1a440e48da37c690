import { loadAlipayPublicKey, verifyAlipaySign, type AlipayPublicKey } from '../src';
import { createOpensslWorkspace, type OpensslRsaKey, type OpensslWorkspace } from './support/openssl';
import { FIXED_ALIPAY_PUBLIC_KEY, FIXED_MAINLAND } from './vectors/alipay-signed';

let openssl: OpensslWorkspace;
let alipay: OpensslRsaKey;
let other: OpensslRsaKey;
let alipayKey: AlipayPublicKey;

const CIPHERTEXT = 'p3HxLVvN0xKq0Yt3pJcM9g6t1Wc0m5dVbX+fDk2lMnQ=';
const QUOTED = `"${CIPHERTEXT}"`;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  alipay = openssl.rsaKey('alipay');
  other = openssl.rsaKey('other');
  alipayKey = loadAlipayPublicKey(alipay.publicKeyBase64);
}, 30_000);

afterAll(() => {
  openssl.dispose();
});

/** Changes one base64 character at `index` to a different one. */
function flipAt(base64: string, index: number): string {
  const ch = base64.charAt(index);
  return `${base64.slice(0, index)}${ch === 'A' ? 'B' : 'A'}${base64.slice(index + 1)}`;
}

describe('verifyAlipaySign', () => {
  test('accepts an openssl RSA2 signature over the quoted ciphertext', () => {
    expect(verifyAlipaySign(QUOTED, openssl.sign(QUOTED, alipay, 'sha256'), alipayKey, 'RSA2')).toBe(true);
  });

  test('uses RSA2 when no sign type is given', () => {
    expect(verifyAlipaySign(QUOTED, openssl.sign(QUOTED, alipay, 'sha256'), alipayKey)).toBe(true);
  });

  test('accepts an openssl RSA (SHA1withRSA) signature as RSA', () => {
    expect(verifyAlipaySign(QUOTED, openssl.sign(QUOTED, alipay, 'sha1'), alipayKey, 'RSA')).toBe(true);
  });

  test('refuses an RSA signature checked as RSA2, and the reverse', () => {
    expect(verifyAlipaySign(QUOTED, openssl.sign(QUOTED, alipay, 'sha1'), alipayKey, 'RSA2')).toBe(false);
    expect(verifyAlipaySign(QUOTED, openssl.sign(QUOTED, alipay, 'sha256'), alipayKey, 'RSA')).toBe(false);
  });

  test.each(['spki-pem', 'pkcs1-pem', 'pkcs1-base64', 'certificate'] as const)('verifies with the key loaded as %s', (format) => {
    const text = {
      'spki-pem': alipay.publicKeyPem,
      'pkcs1-pem': alipay.publicKeyPkcs1Pem,
      'pkcs1-base64': alipay.publicKeyPkcs1Base64,
      certificate: alipay.certificatePem,
    }[format];
    const key = loadAlipayPublicKey(text);
    expect(key.format).toBe(format);
    expect(verifyAlipaySign(QUOTED, openssl.sign(QUOTED, alipay), key)).toBe(true);
  });

  test('refuses a signature over the ciphertext without its quotes', () => {
    expect(verifyAlipaySign(QUOTED, openssl.sign(CIPHERTEXT, alipay), alipayKey)).toBe(false);
  });

  test('refuses a signature checked against the ciphertext without its quotes', () => {
    expect(verifyAlipaySign(CIPHERTEXT, openssl.sign(QUOTED, alipay), alipayKey)).toBe(false);
  });

  test('refuses a tampered content', () => {
    const sign = openssl.sign(QUOTED, alipay);
    expect(verifyAlipaySign(`"${flipAt(CIPHERTEXT, 5)}"`, sign, alipayKey)).toBe(false);
  });

  test('refuses a tampered signature', () => {
    const sign = openssl.sign(QUOTED, alipay);
    expect(verifyAlipaySign(QUOTED, flipAt(sign, 10), alipayKey)).toBe(false);
  });

  test('refuses a signature made by another key', () => {
    expect(verifyAlipaySign(QUOTED, openssl.sign(QUOTED, other), alipayKey)).toBe(false);
  });

  test('signs and checks the UTF-8 bytes of the content', () => {
    const content = '{"code":"40001","subMsg":"缺少加密配置"}';
    expect(verifyAlipaySign(content, openssl.sign(content, alipay), alipayKey)).toBe(true);
  });

  test('accepts a signature wrapped over lines, as `openssl base64` writes it', () => {
    const wrapped = openssl.sign(QUOTED, alipay).replace(/(.{64})/g, '$1\n');
    expect(wrapped).toContain('\n');
    expect(verifyAlipaySign(QUOTED, wrapped, alipayKey)).toBe(true);
  });

  test.each([
    ['an empty sign', ''],
    ['a sign that is not base64', 'not base64!'],
    ['a sign too short for the key', 'AAAA'],
    ['a sign of the right length but random bytes', Buffer.alloc(256, 0x5a).toString('base64')],
    ['a sign one byte too long', Buffer.alloc(257, 0x5a).toString('base64')],
  ])('returns false, without throwing, for %s', (_title, sign) => {
    expect(verifyAlipaySign(QUOTED, sign, alipayKey)).toBe(false);
  });

  describe('with the pasted known-answer vector', () => {
    const fixedKey = (): AlipayPublicKey => loadAlipayPublicKey(FIXED_ALIPAY_PUBLIC_KEY);
    const quoted = `"${FIXED_MAINLAND.ciphertext}"`;

    test('verifies the RSA2 and RSA signatures', () => {
      expect(verifyAlipaySign(quoted, FIXED_MAINLAND.rsa2Sign, fixedKey(), 'RSA2')).toBe(true);
      expect(verifyAlipaySign(quoted, FIXED_MAINLAND.rsaSign, fixedKey(), 'RSA')).toBe(true);
    });

    test('refuses the signature when a "+" became a space on the way', () => {
      expect(FIXED_MAINLAND.rsa2Sign).toContain('+');
      expect(verifyAlipaySign(quoted, FIXED_MAINLAND.rsa2Sign.replace(/\+/g, ' '), fixedKey())).toBe(false);
    });

    test('refuses the signature in the URL-safe alphabet', () => {
      const urlSafe = FIXED_MAINLAND.rsa2Sign.replace(/\+/g, '-').replace(/\//g, '_');
      expect(verifyAlipaySign(quoted, urlSafe, fixedKey())).toBe(false);
    });
  });
});
