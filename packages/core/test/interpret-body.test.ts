import { CORE_ERROR_CATALOGUE, interpretAlipayBody, upstreamOf } from '../src';
import { phonekitErrorFrom } from './support/errors';
import { ALIPAY_UPSTREAM_VECTORS } from './vectors/alipay-upstream';

describe('interpretAlipayBody', () => {
  test('reads a mainland mobile from a 10000 body', () => {
    expect(interpretAlipayBody({ code: '10000', msg: 'Success', mobile: '13811112222' })).toEqual({
      mobile: '13811112222',
      countryCode: '86',
      nationalNumber: '13811112222',
      e164: '+8613811112222',
      region: 'CN',
      valid: true,
      masked: '138****2222',
    });
  });

  test('reads an overseas mobile from a 10000 body', () => {
    expect(interpretAlipayBody({ code: '10000', msg: 'Success', mobile: '1-1234432112' })).toMatchObject({
      countryCode: '1',
      nationalNumber: '1234432112',
      e164: '+11234432112',
    });
  });

  test.each(ALIPAY_UPSTREAM_VECTORS)('$title', ({ input, output }) => {
    const err = phonekitErrorFrom(() => interpretAlipayBody(input));
    const { message, ...expected } = output;
    expect({ code: err.code, retryable: err.retryable, upstream: err.upstream }).toEqual(expected);
    expect(err.message).toBe(message ?? CORE_ERROR_CATALOGUE[output.code].message);
  });

  test.each([
    ['missing', { code: '10000', msg: 'Success' }],
    ['null', { code: '10000', msg: 'Success', mobile: null }],
  ])('reports NO_PHONE_BOUND when the mobile is %s', (_title, body) => {
    const err = phonekitErrorFrom(() => interpretAlipayBody(body));
    expect({ code: err.code, message: err.message }).toEqual({ code: 'NO_PHONE_BOUND', message: 'This Alipay account has no phone number bound to it.' });
  });

  test.each([
    ['a number', 13811112222],
    ['an object', { value: '13811112222' }],
    ['text that is not a phone', 'not-a-phone'],
  ])('reports PHONE_INVALID when the mobile is %s', (_title, mobile) => {
    const err = phonekitErrorFrom(() => interpretAlipayBody({ code: '10000', mobile }));
    expect({ code: err.code, message: err.message }).toEqual({ code: 'PHONE_INVALID', message: CORE_ERROR_CATALOGUE.PHONE_INVALID.message });
    expect(err.message).not.toContain('13811112222');
  });

  test('reports a body without a code as an upstream error that says so', () => {
    const err = phonekitErrorFrom(() => interpretAlipayBody({ msg: 'Success', mobile: '13811112222' }));
    expect({ code: err.code, message: err.message, upstream: err.upstream }).toEqual({
      code: 'ALIPAY_UPSTREAM_ERROR',
      message: 'The decrypted body has no "code".',
      upstream: { code: '', msg: 'Success' },
    });
  });

  test('does not take 40001 without a subCode for the missing default signature type', () => {
    const err = phonekitErrorFrom(() => interpretAlipayBody({ code: '40001' }));
    expect({ code: err.code, message: err.message }).toEqual({
      code: 'ALIPAY_UPSTREAM_ERROR',
      message: 'Alipay answered 40001 without a sub_code, which phonekit has no advice for.',
    });
  });

  test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'names a code of "%s" as an unknown answer instead of finding a property of Object.prototype',
    (code) => {
      const err = phonekitErrorFrom(() => interpretAlipayBody({ code }));
      expect({ code: err.code, message: err.message }).toEqual({
        code: 'ALIPAY_UPSTREAM_ERROR',
        message: `Alipay answered ${code} without a sub_code, which phonekit has no advice for.`,
      });
    },
  );

  test.each(['__proto__', 'constructor'])('names a sub_code of "%s" as an unknown answer', (subCode) => {
    const err = phonekitErrorFrom(() => interpretAlipayBody({ code: '40003', subCode }));
    expect(err.code).toBe('ALIPAY_UPSTREAM_ERROR');
    expect(err.message).toContain(`sub_code "${subCode}"`);
  });

  test('cuts a long sub_code and sub_msg in the message', () => {
    const err = phonekitErrorFrom(() => interpretAlipayBody({ code: '40004', subCode: `isv.${'x'.repeat(300)}`, subMsg: '长'.repeat(300) }));
    expect(err.message.length).toBeLessThan(400);
    // The attached copy is capped too (test/upstream-echo.test.ts): 199 characters and the "…".
    expect(err.upstream?.subCode).toBe(`isv.${'x'.repeat(195)}…`);
  });
});

describe('upstreamOf', () => {
  test('never includes the mobile', () => {
    const upstream = upstreamOf({ code: '10000', msg: 'Success', mobile: '13811112222' });
    expect(upstream).toEqual({ code: '10000', msg: 'Success' });
    expect(JSON.stringify(upstream)).not.toContain('13811112222');
  });

  test('prefers camelCase subCode over sub_code', () => {
    expect(upstreamOf({ code: '40003', subCode: 'a', sub_code: 'b' }).subCode).toBe('a');
  });

  test('leaves out fields that are not text or numbers', () => {
    expect(upstreamOf({ code: { nested: true }, msg: null, subCode: ['x'] })).toEqual({ code: '' });
  });
});
