import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  CORE_ERROR_CATALOGUE,
  CORE_ERROR_CODES,
  PhonekitError,
  isCoreErrorCode,
  type CoreErrorCode,
  type CoreErrorEntry,
} from '../src';

const SRC = join(__dirname, '..', 'src');

/** Every source file of core except the catalogue itself, as text. */
function coreSources(dir: string = SRC): ReadonlyArray<{ readonly file: string; readonly text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return coreSources(path);
    if (!entry.name.endsWith('.ts') || relative(SRC, path) === join('errors', 'catalogue.ts')) return [];
    return [{ file: relative(SRC, path), text: readFileSync(path, 'utf8') }];
  });
}

// What core's words must not name: they are read by whoever calls core, in
// a server, a CLI or a script, so they speak of payloads and keys only.
const SERVER_WORDS: ReadonlyArray<readonly [string, RegExp]> = [
  ['an environment variable', /\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b/],
  ['an environment variable', /\b(NODE_ENV|PORT|HOST)\b/],
  ['an HTTP status', /\bHTTP\b|\b[45]\d\d\b/],
  ['a route', /\b(GET|POST|PUT|DELETE)\s+\/|\/api\/|\/sandbox\//],
  ['a header', /Retry-After|X-Alipay-App-Id/i],
  ['the server', /\bserver\b|\brestart|服务端|服务器|重启/i],
  ['a config file', /PHONEKIT_CONFIG|config file|配置文件/i],
];

describe('the core error catalogue', () => {
  test('lists every code once', () => {
    expect(new Set(CORE_ERROR_CODES).size).toBe(CORE_ERROR_CODES.length);
  });

  test('has an entry for exactly the codes in CORE_ERROR_CODES', () => {
    expect(Object.keys(CORE_ERROR_CATALOGUE).sort()).toEqual([...CORE_ERROR_CODES].sort());
  });

  describe.each(CORE_ERROR_CODES.map((code) => [code]))('%s', (code) => {
    const entry = CORE_ERROR_CATALOGUE[code];

    test('has a one-sentence message, an English hint and a Chinese hint', () => {
      expect(entry.message.trim()).not.toBe('');
      expect(entry.message).toMatch(/[.)]$/);
      expect(entry.hint.trim()).not.toBe('');
      expect(entry.hintZh.trim()).not.toBe('');
      expect(entry.hintZh).toMatch(/[\u4e00-\u9fff]/);
      expect(typeof entry.retryable).toBe('boolean');
    });

    test.each(SERVER_WORDS)('names no server setting in its message or hints: not %s', (_what, pattern) => {
      for (const text of [entry.message, entry.hint, entry.hintZh]) expect(text).not.toMatch(pattern);
    });

    test('is recognised by isCoreErrorCode', () => {
      expect(isCoreErrorCode(code)).toBe(true);
    });

    test('is thrown somewhere in core (or named by its mapping of Alipay result codes)', () => {
      const users = coreSources().filter(({ text }) => text.includes(`'${code}'`));
      expect(users.map(({ file }) => file)).not.toEqual([]);
    });
  });

  test('every code core throws is in the catalogue', () => {
    const thrown = coreSources().flatMap(({ text }) => [...text.matchAll(/new PhonekitError\('([A-Z0-9_]+)'/g)].map((m) => m[1]));
    expect(thrown.length).toBeGreaterThan(0);
    for (const code of thrown) expect(isCoreErrorCode(code)).toBe(true);
  });

  test('marks only a busy Alipay (phone answer or gateway) as retryable: every other core failure is in the payload or the keys', () => {
    const retryable = CORE_ERROR_CODES.filter((code) => CORE_ERROR_CATALOGUE[code].retryable);
    expect(retryable).toEqual(['ALIPAY_BUSY', 'ALIPAY_GATEWAY_BUSY']);
  });

  test.each([['nope'], ['internal'], ['INTERNAL'], ['NOT_FOUND'], [' PAYLOAD_MALFORMED'], [''], [1], [null], [undefined], [{}], [['PAYLOAD_MALFORMED']]])(
    'isCoreErrorCode refuses %p',
    (value) => {
      expect(isCoreErrorCode(value)).toBe(false);
    },
  );

  test('a catalogue missing a code does not compile (checked by tsc -p tsconfig.json)', () => {
    const { WECHAT_DATA_EXPIRED: dropped, ...allButOne } = CORE_ERROR_CATALOGUE;
    // @ts-expect-error: Record<CoreErrorCode, CoreErrorEntry> needs WECHAT_DATA_EXPIRED too.
    const incomplete: Record<CoreErrorCode, CoreErrorEntry> = allButOne;
    expect(Object.keys(incomplete)).toHaveLength(CORE_ERROR_CODES.length - 1);
    expect(dropped.retryable).toBe(false);
  });

  test('a catalogue with an unknown code does not compile (checked by tsc -p tsconfig.json)', () => {
    const extended: Record<CoreErrorCode, CoreErrorEntry> = {
      ...CORE_ERROR_CATALOGUE,
      // @ts-expect-error: NOT_A_CODE is not a CoreErrorCode.
      NOT_A_CODE: CORE_ERROR_CATALOGUE.PAYLOAD_MALFORMED,
    };
    expect(Object.keys(extended)).toHaveLength(CORE_ERROR_CODES.length + 1);
  });

  test('an error with a code core does not own does not compile (checked by tsc -p tsconfig.json)', () => {
    const neverCalled = (): PhonekitError =>
      // @ts-expect-error: INTERNAL is the HTTP layer's code, not core's.
      new PhonekitError('INTERNAL');
    expect(typeof neverCalled).toBe('function');
  });

  test('a switch over the code narrows to the closed union', () => {
    const describeCode = (code: CoreErrorCode): string => {
      switch (code) {
        case 'ALIPAY_BUSY':
          return 'retry';
        default: {
          const other: Exclude<CoreErrorCode, 'ALIPAY_BUSY'> = code;
          return other;
        }
      }
    };
    expect(describeCode('ALIPAY_BUSY')).toBe('retry');
    expect(describeCode('DECRYPTION_FAILED')).toBe('DECRYPTION_FAILED');
  });
});

describe('PhonekitError', () => {
  test('takes its message, hints and retryable from the catalogue', () => {
    const err = new PhonekitError('SIGNATURE_INVALID');
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(PhonekitError);
    expect(err.name).toBe('PhonekitError');
    expect(err.code).toBe('SIGNATURE_INVALID');
    expect(err.message).toBe(CORE_ERROR_CATALOGUE.SIGNATURE_INVALID.message);
    expect(err.retryable).toBe(false);
    expect(err.hint).toBe(CORE_ERROR_CATALOGUE.SIGNATURE_INVALID.hint);
    expect(err.hintZh).toBe(CORE_ERROR_CATALOGUE.SIGNATURE_INVALID.hintZh);
    expect(err.upstream).toBeUndefined();
    expect(err.cause).toBeUndefined();
    expect(err.stack).toContain('PhonekitError');
  });

  test('carries no HTTP status: that is the HTTP layer\'s to decide', () => {
    expect('httpStatus' in new PhonekitError('ALIPAY_BUSY')).toBe(false);
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
  });

  test('JSON.stringify leaves out the cause and the stack', () => {
    const err = new PhonekitError('DECRYPTION_FAILED', { cause: new Error('key bytes 0011223344') });
    const text = JSON.stringify(err);
    expect(text).not.toContain('0011223344');
    expect(text).not.toContain('stack');
  });
});
