import request from 'supertest';
import { CORE_ERROR_CATALOGUE, CORE_ERROR_CODES, PhonekitError, isCoreErrorCode } from '@phonekit/core';
import { FakeWechatApi, generateAlipaySandboxKeys, handleFakeWechatRequest } from '@phonekit/sandbox';
import { createApp } from '../src/app';
import { ApiError, toApiError } from '../src/errors/api-error';
import {
  API_ERROR_CODES,
  EXPRESS_ERROR_CATALOGUE,
  EXPRESS_ERROR_CODES,
  HTTP_STATUS,
  SERVER_HINTS,
  apiErrorEntry,
  isApiErrorCode,
  type ApiErrorCode,
} from '../src/errors/catalogue';
import type { WechatTransport } from '../src/services/wechat-transport';
import { MemoryWechatStore } from '../src/store/memory-wechat-store';
import { configFromEnv, envForKeys, expectErrorEnvelope, silentLogger } from './support/server-fixtures';

// What names a server setting or route: the reason the server words a core hint its own way.
const NAMES_A_SETTING_OR_ROUTE = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b|\/api\//;

describe('the HTTP layer error catalogue', () => {
  test("answers core's codes and its own, each once, none owned by both", () => {
    expect(new Set(API_ERROR_CODES).size).toBe(API_ERROR_CODES.length);
    expect(API_ERROR_CODES).toEqual([...CORE_ERROR_CODES, ...EXPRESS_ERROR_CODES]);
    expect(EXPRESS_ERROR_CODES.filter((code) => isCoreErrorCode(code))).toEqual([]);
  });

  test('has an HTTP status for exactly the codes it answers', () => {
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...API_ERROR_CODES].sort());
    expect(Object.keys(EXPRESS_ERROR_CATALOGUE).sort()).toEqual([...EXPRESS_ERROR_CODES].sort());
  });

  describe.each(API_ERROR_CODES.map((code) => [code]))('%s', (code) => {
    const entry = apiErrorEntry(code);

    test('has an HTTP error status between 400 and 599', () => {
      expect(Number.isInteger(entry.httpStatus)).toBe(true);
      expect(entry.httpStatus).toBeGreaterThanOrEqual(400);
      expect(entry.httpStatus).toBeLessThanOrEqual(599);
    });

    test('has a one-sentence message, an English hint and a Chinese hint', () => {
      expect(entry.message).toMatch(/[.)]$/);
      expect(entry.hint.trim()).not.toBe('');
      expect(entry.hintZh).toMatch(/[\u4e00-\u9fff]/);
    });

    test('is recognised by isApiErrorCode', () => {
      expect(isApiErrorCode(code)).toBe(true);
    });
  });

  describe.each(CORE_ERROR_CODES.map((code) => [code]))('core code %s', (code) => {
    test("keeps core's message and retryable, and takes the server's hint where there is one", () => {
      const core = CORE_ERROR_CATALOGUE[code];
      const server = SERVER_HINTS[code];
      expect(apiErrorEntry(code)).toEqual({ httpStatus: HTTP_STATUS[code], ...core, ...(server ?? {}) });
    });
  });

  describe.each(Object.entries(SERVER_HINTS).map(([code, hint]) => [code, hint]))("the server's hint for %s", (_code, hint) => {
    test('names the setting or route that fixes it, in both languages', () => {
      expect(hint?.hint).toMatch(NAMES_A_SETTING_OR_ROUTE);
      expect(hint?.hintZh).toMatch(NAMES_A_SETTING_OR_ROUTE);
      expect(hint?.hintZh).toMatch(/[\u4e00-\u9fff]/);
    });
  });

  test('marks only temporary conditions as retryable', () => {
    const retryable = API_ERROR_CODES.filter((code) => apiErrorEntry(code).retryable).sort();
    expect(retryable).toEqual(
      [
        'ALIPAY_BUSY',
        'ALIPAY_GATEWAY_BUSY',
        'BAIDU_SYSTEM_BUSY',
        'DATABASE_UNAVAILABLE',
        'DOUYIN_ACCESS_TOKEN_INVALID',
        'DOUYIN_RATE_LIMITED',
        'DOUYIN_SYSTEM_BUSY',
        'KUAISHOU_SYSTEM_BUSY',
        'QQ_RATE_LIMITED',
        'QQ_SYSTEM_BUSY',
        'INTERNAL',
        'RATE_LIMITED',
        'REDIS_UNAVAILABLE',
        'REQUEST_TIMEOUT',
        'WECHAT_ACCESS_TOKEN_EXPIRED',
        'WECHAT_ACCESS_TOKEN_INVALID',
        'WECHAT_RATE_LIMITED',
        'WECHAT_SYSTEM_BUSY',
      ].sort(),
    );
  });

  test('answers Alipay being busy with a retryable 503', () => {
    expect(apiErrorEntry('ALIPAY_BUSY')).toMatchObject({ httpStatus: 503, retryable: true });
  });

  test('keeps every decryption failure a 422 that is not retryable (no padding oracle in the status)', () => {
    expect(apiErrorEntry('DECRYPTION_FAILED')).toMatchObject({ httpStatus: 422, retryable: false });
    expect(apiErrorEntry('WECHAT_DECRYPTION_FAILED')).toMatchObject({ httpStatus: 422, retryable: false });
  });

  test('answers a server without the AES key an encrypted payload needs with 500', () => {
    expect(HTTP_STATUS.AES_KEY_MISSING).toBe(500);
  });

  test('answers a signed payload sent to an allowUnsigned app without a public key with 422: the client chose that app', () => {
    expect(HTTP_STATUS.PUBLIC_KEY_MISSING).toBe(422);
  });

  test('a status map missing a code does not compile (checked by tsc -p tsconfig.json)', () => {
    const { PUBLIC_KEY_MISSING: dropped, ...allButOne } = HTTP_STATUS;
    // @ts-expect-error: Record<ApiErrorCode, number> needs PUBLIC_KEY_MISSING (a core code) too.
    const incomplete: Record<ApiErrorCode, number> = allButOne;
    expect(Object.keys(incomplete)).toHaveLength(API_ERROR_CODES.length - 1);
    expect(dropped).toBe(422);
  });

  test.each([['nope'], ['internal'], ['CONFIG_INVALID'], [''], [1], [null], [undefined], [{}]])('isApiErrorCode refuses %p', (value) => {
    expect(isApiErrorCode(value)).toBe(false);
  });
});

describe('toApiError', () => {
  test('passes an ApiError through unchanged', () => {
    const err = new ApiError('APP_ID_REQUIRED');
    expect(toApiError(err)).toBe(err);
  });

  test("answers a core PhonekitError with its code, message and upstream, the server's hint, and keeps it as the cause", () => {
    const upstream = { code: '40002', subCode: 'isv.invalid-encrypt' };
    const core = new PhonekitError('ALIPAY_INVALID_ENCRYPT', { message: 'Something specific.', upstream });
    const err = toApiError(core);
    expect({ code: err.code, httpStatus: err.httpStatus, message: err.message, upstream: err.upstream, cause: err.cause }).toEqual({
      code: 'ALIPAY_INVALID_ENCRYPT',
      httpStatus: 502,
      message: 'Something specific.',
      upstream,
      cause: core,
    });
    expect(err.hint).toBe(SERVER_HINTS.ALIPAY_INVALID_ENCRYPT?.hint);
    expect(err.hint).not.toBe(core.hint);
  });

  test("keeps core's hint for a core code the server has nothing to add to", () => {
    const err = toApiError(new PhonekitError('NO_PHONE_BOUND'));
    expect({ hint: err.hint, hintZh: err.hintZh }).toEqual({ hint: CORE_ERROR_CATALOGUE.NO_PHONE_BOUND.hint, hintZh: CORE_ERROR_CATALOGUE.NO_PHONE_BOUND.hintZh });
  });

  test.each([
    ['entity.too.large', 413, 'PAYLOAD_TOO_LARGE'],
    ['charset.unsupported', 415, 'PAYLOAD_MALFORMED'],
    ['request.aborted', 400, 'PAYLOAD_MALFORMED'],
    ['entity.parse.failed', 400, 'INVALID_JSON'],
    [undefined, 400, 'PAYLOAD_MALFORMED'],
  ] as const)("answers body-parser's %s as %s %s", (type, status, code) => {
    const thrown = Object.assign(new Error('raw parser text with a payload in it'), { type, status });
    const err = toApiError(thrown);
    expect(err.code).toBe(code);
    expect(err.cause).toBe(thrown);
    expect(JSON.stringify(err)).not.toContain('raw parser text');
  });

  test.each([['a TypeError', new TypeError('cannot read secret 13811112222 of undefined')], ['a string', 'boom'], ['undefined', undefined], ['a plain object', { message: 'leak' }], ['a number', 42]])(
    'answers %s as INTERNAL, keeping it as the cause and out of the answer',
    (_title, thrown) => {
      const err = toApiError(thrown);
      expect({ code: err.code, httpStatus: err.httpStatus, retryable: err.retryable, message: err.message }).toEqual({
        code: 'INTERNAL',
        httpStatus: 500,
        retryable: true,
        message: EXPRESS_ERROR_CATALOGUE.INTERNAL.message,
      });
      expect(err.cause).toBe(thrown);
      const text = JSON.stringify(err);
      expect(text).not.toContain('13811112222');
      expect(text).not.toContain('leak');
    },
  );

  test('its JSON is the envelope, with upstream only when there is one', () => {
    expect(JSON.parse(JSON.stringify(new ApiError('ALIPAY_BUSY')))).toEqual({
      error: { code: 'ALIPAY_BUSY', message: CORE_ERROR_CATALOGUE.ALIPAY_BUSY.message, hint: CORE_ERROR_CATALOGUE.ALIPAY_BUSY.hint, hintZh: CORE_ERROR_CATALOGUE.ALIPAY_BUSY.hintZh, retryable: true },
    });
    const upstream = { code: '40163', msg: 'code been used' };
    expect(new ApiError('WECHAT_CODE_USED', { upstream }).toJSON().error.upstream).toEqual(upstream);
  });
});

describe('Retry-After', () => {
  const WECHAT = { WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 'sandbox-secret' };
  let wechat: FakeWechatApi;
  let app: ReturnType<typeof createApp>;

  beforeAll(() => {
    wechat = new FakeWechatApi({ appId: WECHAT.WECHAT_APP_ID, appSecret: WECHAT.WECHAT_APP_SECRET });
    // WeChat is the edge we do not own: the sandbox's fake answers in process.
    const transport: WechatTransport = (req) => Promise.resolve(handleFakeWechatRequest(wechat, { method: req.method, path: req.path, query: req.query, body: req.body ?? '' }));
    const config = configFromEnv({ ...envForKeys(generateAlipaySandboxKeys()), ...WECHAT, RATE_LIMIT_PER_MINUTE: '0' });
    app = createApp(config, {
      logger: silentLogger(),
      wechatStore: new MemoryWechatStore(),
      wechatTransport: transport,
      routes: [
        {
          path: '/bug',
          handler: () => {
            throw new TypeError('a bug');
          },
        },
      ],
    });
  });

  const phoneNumber = (code: string) => request(app).post('/api/wechat/phone-number').set('content-type', 'application/json').send(JSON.stringify({ code }));

  describe('POST /api/wechat/phone-number', () => {
    describe('when the quota is used up (errno 1400001)', () => {
      it('answers 429 WECHAT_QUOTA_EXCEEDED without Retry-After: retrying cannot help', async () => {
        const res = await phoneNumber('sandbox-errcode-1400001');
        expect(res.status).toBe(429);
        expect(expectErrorEnvelope(res.body, 'WECHAT_QUOTA_EXCEEDED').retryable).toBe(false);
        expect(res.headers['retry-after']).toBeUndefined();
      });
    });

    describe('when WeChat is busy (errcode -1)', () => {
      it('answers 503 WECHAT_SYSTEM_BUSY with Retry-After: 1', async () => {
        const res = await phoneNumber('sandbox-errcode--1');
        expect(res.status).toBe(503);
        expect(expectErrorEnvelope(res.body, 'WECHAT_SYSTEM_BUSY').retryable).toBe(true);
        expect(res.headers['retry-after']).toBe('1');
      });
    });

    describe('when WeChat refuses the access token even after a refresh (errcode 40001 twice)', () => {
      it('answers 502 WECHAT_ACCESS_TOKEN_INVALID with Retry-After: 1, a 5xx that is worth retrying', async () => {
        wechat.failNext('getuserphonenumber', 40001, 2);
        const res = await phoneNumber(wechat.mintPhoneCode('13811112222'));
        expect(res.status).toBe(502);
        expect(expectErrorEnvelope(res.body, 'WECHAT_ACCESS_TOKEN_INVALID').retryable).toBe(true);
        expect(res.headers['retry-after']).toBe('1');
      });
    });

    describe('with a code WeChat rejects (errcode 40029)', () => {
      it('answers 400 WECHAT_CODE_INVALID without Retry-After', async () => {
        const res = await phoneNumber('sandbox-errcode-40029');
        expect(res.status).toBe(400);
        expectErrorEnvelope(res.body, 'WECHAT_CODE_INVALID');
        expect(res.headers['retry-after']).toBeUndefined();
      });
    });
  });

  describe('a route that throws something unexpected', () => {
    it('answers 500 INTERNAL, retryable, with Retry-After: 1 and nothing of the cause', async () => {
      const res = await request(app).get('/bug');
      expect(res.status).toBe(500);
      expect(expectErrorEnvelope(res.body, 'INTERNAL').retryable).toBe(true);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.text).not.toContain('a bug');
    });
  });

  describe('an unknown route', () => {
    it('answers 404 NOT_FOUND without Retry-After', async () => {
      const res = await request(app).get('/nowhere');
      expect(res.status).toBe(404);
      expectErrorEnvelope(res.body, 'NOT_FOUND');
      expect(res.headers['retry-after']).toBeUndefined();
    });
  });
});
