import { createPrivateKey, verify } from 'node:crypto';
import { generateAlipaySandboxKeys } from '../src/keys';
import { signAlipayContent, type AlipaySignType } from '../src/sign-alipay-content';

const keys = generateAlipaySandboxKeys();
const content = '"igATcyTqqgv1AFpBiHJyVf94zn4d80DWhHrnUhty+8Q4tQb4IRJQ0datrUIX5mWtnxCETB7un+JG8CTk9xrH/Q=="';

describe('signAlipayContent', () => {
  test('signs with SHA256withRSA by default (RSA2)', () => {
    const signature = Buffer.from(signAlipayContent(content, keys.privateKeyPem), 'base64');
    expect(verify('sha256', Buffer.from(content), keys.publicKeyPem, signature)).toBe(true);
  });

  test('signs with SHA1withRSA when asked for RSA', () => {
    const signature = Buffer.from(signAlipayContent(content, keys.privateKeyPem, 'RSA'), 'base64');
    expect(verify('sha1', Buffer.from(content), keys.publicKeyPem, signature)).toBe(true);
    expect(verify('sha256', Buffer.from(content), keys.publicKeyPem, signature)).toBe(false);
  });

  test('gives standard padded base64 as long as the 2048-bit modulus', () => {
    const signature = signAlipayContent(content, keys.privateKeyPem);
    expect(signature).toMatch(/^[A-Za-z0-9+/]{342}==$/);
    expect(Buffer.from(signature, 'base64')).toHaveLength(256);
  });

  test('gives the same signature for the same content, as PKCS#1 v1.5 is deterministic', () => {
    expect(signAlipayContent(content, keys.privateKeyPem)).toBe(signAlipayContent(content, keys.privateKeyPem));
  });

  test('signs the UTF-8 bytes of the content', () => {
    const chinese = '{"subMsg":"系统繁忙"}';
    const signature = Buffer.from(signAlipayContent(chinese, keys.privateKeyPem), 'base64');
    expect(verify('sha256', Buffer.from(chinese, 'utf8'), keys.publicKeyPem, signature)).toBe(true);
  });

  test('accepts a PKCS#1 private key as well as PKCS#8', () => {
    const pkcs1 = createPrivateKey(keys.privateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(signAlipayContent(content, pkcs1)).toBe(signAlipayContent(content, keys.privateKeyPem));
  });

  test('rejects a sign type other than RSA2 or RSA', () => {
    expect(() => signAlipayContent(content, keys.privateKeyPem, String('RSA256') as AlipaySignType)).toThrow(TypeError);
  });
});
