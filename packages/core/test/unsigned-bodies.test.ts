import { inspectAlipayPhoneResponse, loadAlipayAesKey, type AlipayAppKeys } from '../src';

// The only unsigned answers phonekit reads are Alipay's own unsigned
// configuration reports (40001, sent unencrypted because the app has no keys
// for Alipay to use); an unsigned forgery cannot choose any other answer.
const app: AlipayAppKeys = { aesKey: loadAlipayAesKey('aGVsbG8gcGhvbmVraXQhIQ=='), signType: 'RSA2' };
const unsigned = (body: Record<string, string>): string => JSON.stringify({ response: body });

describe('unsigned, unencrypted bodies', () => {
  test.each([
    ['20000', 'aop.unknow-error'],
    ['40003', 'isv.invalid-auth-relations'],
    ['40006', 'isv.insufficient-isv-permissions'],
    ['99999', 'made.up'],
  ])('refuses a forged %s as SIGNATURE_MISSING instead of reporting it', (code, subCode) => {
    const report = inspectAlipayPhoneResponse(unsigned({ code, msg: 'x', subCode, subMsg: 'x' }), app);
    expect(report.error?.code).toBe('SIGNATURE_MISSING');
    expect(report.error?.upstream).toBeUndefined();
  });

  test.each([
    ['isv.missing-encrypt-key', 'ALIPAY_MISSING_ENCRYPT_KEY'],
    ['isv.missing-default-signature-type', 'ALIPAY_MISSING_SIGN_TYPE'],
  ])('reads Alipay’s own unsigned 40001 %s as %s', (subCode, expected) => {
    const report = inspectAlipayPhoneResponse(unsigned({ code: '40001', msg: 'Missing Required Arguments', subCode, subMsg: 'x' }), app);
    expect(report.error?.code).toBe(expected);
    expect(report.signature).toBe('absent');
  });

  test('reads any unsigned body when unsigned payloads are allowed (development)', () => {
    const report = inspectAlipayPhoneResponse(unsigned({ code: '40003', msg: 'x', subCode: 'isv.invalid-auth-relations', subMsg: 'x' }), { ...app, allowUnsigned: true });
    expect(report.error?.code).toBe('ALIPAY_NOT_AUTHORISED');
  });
});
