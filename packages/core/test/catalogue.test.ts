import {
  ERROR_CATALOGUE,
  PHONEKIT_ERROR_CODES,
  PhonekitError,
  isPhonekitErrorCode,
  toPhonekitError,
  type CatalogueEntry,
  type PhonekitErrorCode,
} from '../src';

describe('the error catalogue', () => {
  test('lists every code once', () => {
    expect(new Set(PHONEKIT_ERROR_CODES).size).toBe(PHONEKIT_ERROR_CODES.length);
  });

  test('has an entry for exactly the codes in PHONEKIT_ERROR_CODES', () => {
    expect(Object.keys(ERROR_CATALOGUE).sort()).toEqual([...PHONEKIT_ERROR_CODES].sort());
  });

  describe.each(PHONEKIT_ERROR_CODES.map((code) => [code]))('%s', (code) => {
    const entry = ERROR_CATALOGUE[code];

    test('has an HTTP error status between 400 and 599', () => {
      expect(Number.isInteger(entry.httpStatus)).toBe(true);
      expect(entry.httpStatus).toBeGreaterThanOrEqual(400);
      expect(entry.httpStatus).toBeLessThanOrEqual(599);
    });

    test('has a one-sentence message, an English hint and a Chinese hint', () => {
      expect(entry.message.trim()).not.toBe('');
      expect(entry.message).toMatch(/[.)]$/);
      expect(entry.hint.trim()).not.toBe('');
      expect(entry.hintZh.trim()).not.toBe('');
      expect(entry.hintZh).toMatch(/[\u4e00-\u9fff]/);
      expect(typeof entry.retryable).toBe('boolean');
    });

    test('is recognised by isPhonekitErrorCode', () => {
      expect(isPhonekitErrorCode(code)).toBe(true);
    });
  });

  test('marks only temporary conditions as retryable', () => {
    const retryable = PHONEKIT_ERROR_CODES.filter((code) => ERROR_CATALOGUE[code].retryable).sort();
    expect(retryable).toEqual(
      [
        'ALIPAY_BUSY',
        'INTERNAL',
        'RATE_LIMITED',
        'REQUEST_TIMEOUT',
        'WECHAT_ACCESS_TOKEN_EXPIRED',
        'WECHAT_ACCESS_TOKEN_INVALID',
        'WECHAT_RATE_LIMITED',
        'WECHAT_SYSTEM_BUSY',
      ].sort(),
    );
  });

  test('answers Alipay being busy with a retryable 503', () => {
    expect(ERROR_CATALOGUE.ALIPAY_BUSY).toMatchObject({ httpStatus: 503, retryable: true });
  });

  test('keeps every decryption failure a 422 that is not retryable', () => {
    expect(ERROR_CATALOGUE.DECRYPTION_FAILED).toMatchObject({ httpStatus: 422, retryable: false });
    expect(ERROR_CATALOGUE.WECHAT_DECRYPTION_FAILED).toMatchObject({ httpStatus: 422, retryable: false });
  });

  test.each([['nope'], ['internal'], [' INTERNAL'], [''], [1], [null], [undefined], [{}], [['INTERNAL']]])(
    'isPhonekitErrorCode refuses %p',
    (value) => {
      expect(isPhonekitErrorCode(value)).toBe(false);
    },
  );

  test('a catalogue missing a code does not compile (checked by tsc -p tsconfig.json)', () => {
    const { WECHAT_UPSTREAM_ERROR: dropped, ...allButOne } = ERROR_CATALOGUE;
    // @ts-expect-error: Record<PhonekitErrorCode, CatalogueEntry> needs WECHAT_UPSTREAM_ERROR too.
    const incomplete: Record<PhonekitErrorCode, CatalogueEntry> = allButOne;
    expect(Object.keys(incomplete)).toHaveLength(PHONEKIT_ERROR_CODES.length - 1);
    expect(dropped.httpStatus).toBe(502);
  });

  test('a catalogue with an unknown code does not compile (checked by tsc -p tsconfig.json)', () => {
    const extended: Record<PhonekitErrorCode, CatalogueEntry> = {
      ...ERROR_CATALOGUE,
      // @ts-expect-error: NOT_A_CODE is not a PhonekitErrorCode.
      NOT_A_CODE: ERROR_CATALOGUE.INTERNAL,
    };
    expect(Object.keys(extended)).toHaveLength(PHONEKIT_ERROR_CODES.length + 1);
  });

  test('an error with an unknown code does not compile (checked by tsc -p tsconfig.json)', () => {
    const neverCalled = (): PhonekitError =>
      // @ts-expect-error: NOT_A_CODE is not a PhonekitErrorCode.
      new PhonekitError('NOT_A_CODE');
    expect(typeof neverCalled).toBe('function');
  });

  test('a switch over the code narrows to the closed union', () => {
    const describeCode = (code: PhonekitErrorCode): string => {
      switch (code) {
        case 'ALIPAY_BUSY':
          return 'retry';
        default: {
          const other: Exclude<PhonekitErrorCode, 'ALIPAY_BUSY'> = code;
          return other;
        }
      }
    };
    expect(describeCode('ALIPAY_BUSY')).toBe('retry');
    expect(describeCode('INTERNAL')).toBe('INTERNAL');
  });
});

describe('PhonekitError', () => {
  test('takes its status, message and hints from the catalogue', () => {
    const err = new PhonekitError('SIGNATURE_INVALID');
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(PhonekitError);
    expect(err.name).toBe('PhonekitError');
    expect(err.code).toBe('SIGNATURE_INVALID');
    expect(err.message).toBe(ERROR_CATALOGUE.SIGNATURE_INVALID.message);
    expect(err.httpStatus).toBe(422);
    expect(err.retryable).toBe(false);
    expect(err.hint).toBe(ERROR_CATALOGUE.SIGNATURE_INVALID.hint);
    expect(err.hintZh).toBe(ERROR_CATALOGUE.SIGNATURE_INVALID.hintZh);
    expect(err.upstream).toBeUndefined();
    expect(err.cause).toBeUndefined();
    expect(err.stack).toContain('PhonekitError');
  });

  test('keeps an overriding message, the upstream fields and the cause', () => {
    const cause = new Error('inner');
    const err = new PhonekitError('ALIPAY_UPSTREAM_ERROR', {
      message: 'Something specific.',
      upstream: { code: '40004', msg: 'Business Failed', subCode: 'isv.x', subMsg: '失败' },
      cause,
    });
    expect(err.message).toBe('Something specific.');
    expect(err.upstream).toEqual({ code: '40004', msg: 'Business Failed', subCode: 'isv.x', subMsg: '失败' });
    expect(err.cause).toBe(cause);
    expect(err.httpStatus).toBe(502);
  });

  test('toJSON gives the error envelope without upstream when there is none', () => {
    const body = new PhonekitError('ALIPAY_BUSY').toJSON();
    expect(body).toEqual({
      error: {
        code: 'ALIPAY_BUSY',
        message: ERROR_CATALOGUE.ALIPAY_BUSY.message,
        hint: ERROR_CATALOGUE.ALIPAY_BUSY.hint,
        hintZh: ERROR_CATALOGUE.ALIPAY_BUSY.hintZh,
        retryable: true,
      },
    });
    expect('upstream' in body.error).toBe(false);
  });

  test('toJSON includes upstream when there is one', () => {
    const upstream = { code: '40003', subCode: 'isv.invalid-auth-relations' };
    const body = new PhonekitError('ALIPAY_NOT_AUTHORISED', { upstream }).toJSON();
    expect(body.error.upstream).toEqual(upstream);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'hint', 'hintZh', 'message', 'retryable', 'upstream']);
  });

  test('JSON.stringify uses toJSON and leaves out the cause and the stack', () => {
    const err = new PhonekitError('INTERNAL', { cause: new Error('database password is hunter2') });
    const text = JSON.stringify(err);
    expect(JSON.parse(text)).toEqual(err.toJSON());
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('stack');
  });
});

describe('toPhonekitError', () => {
  test('passes a PhonekitError through unchanged', () => {
    const err = new PhonekitError('NO_PHONE_BOUND');
    expect(toPhonekitError(err)).toBe(err);
  });

  test('wraps an unknown Error as INTERNAL without exposing its message', () => {
    const cause = new TypeError('cannot read secret 13811112222 of undefined');
    const err = toPhonekitError(cause);
    expect(err.code).toBe('INTERNAL');
    expect(err.httpStatus).toBe(500);
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(ERROR_CATALOGUE.INTERNAL.message);
    expect(err.message).not.toContain('secret');
    expect(JSON.stringify(err.toJSON())).not.toContain('13811112222');
    expect(err.cause).toBe(cause);
  });

  test.each([['a string thrown', 'boom'], ['undefined', undefined], ['null', null], ['a plain object', { message: 'leak' }], ['a number', 42]])(
    'wraps %s as INTERNAL',
    (_title, thrown) => {
      const err = toPhonekitError(thrown);
      expect(err).toBeInstanceOf(PhonekitError);
      expect(err.code).toBe('INTERNAL');
      expect(err.message).toBe(ERROR_CATALOGUE.INTERNAL.message);
      expect(JSON.stringify(err)).not.toContain('leak');
    },
  );
});
