// Both WeChat phone-number flows end to end, over real HTTP, against the
// development app in sandbox mode: it plays WeChat (controls at
// /sandbox/wechat) and its WeChat client reaches the fake in process, with
// the same requests it sends api.weixin.qq.com. The fake WeChat API (an edge
// we do not own) is the only double.
import type { Server } from 'node:http';
import { createApp, createLogger } from '@phonekit/express';
import {
  expectWechatError,
  getJson,
  loginAs,
  postJson,
  sandboxControl,
  sandboxLegacyEvent,
  sandboxLoginCode,
  sandboxPhoneCode,
  sandboxTokenFetches,
  startWechatTestServer,
  wechatTestConfig,
  type WechatTestServer,
} from './support/wechat-fixtures';

const PHONE = '/api/wechat/phone-number';
const LOGIN = '/api/wechat/login';

describe('the WeChat API in sandbox mode', () => {
  let server: WechatTestServer;

  beforeEach(async () => {
    server = await startWechatTestServer();
  });

  afterEach(async () => {
    await server.close();
  });

  describe('POST /api/wechat/login', () => {
    describe('with a fresh wx.login code', () => {
      it('answers an opaque session token and never the session_key or openid (no accounts here: "user" is null)', async () => {
        const answer = await postJson(`${server.url}${LOGIN}`, { code: await sandboxLoginCode(server.url, 'alice') });
        expect(answer.status).toBe(200);
        expect(Object.keys(answer.body).sort()).toEqual(['expiresIn', 'sessionToken', 'user']);
        expect(answer.body['user']).toBeNull();
        expect(answer.body['sessionToken']).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(answer.body['expiresIn']).toBe(86_400);
        expect(JSON.stringify(answer.body)).not.toMatch(/session_key|sessionKey|openid/);
      });

      it('answers a different token for every login of the same user', async () => {
        const first = await loginAs(server.url, 'alice');
        const second = await loginAs(server.url, 'alice');
        expect(first).not.toBe(second);
      });
    });

    describe('with a code used twice', () => {
      it('answers 400 WECHAT_CODE_USED with WeChat errcode 40163', async () => {
        const code = await sandboxLoginCode(server.url, 'alice');
        expect((await postJson(`${server.url}${LOGIN}`, { code })).status).toBe(200);
        const error = expectWechatError(await postJson(`${server.url}${LOGIN}`, { code }), 'WECHAT_CODE_USED', 400);
        expect(error['upstream']).toEqual({ code: '40163', msg: expect.stringContaining('code been used') });
      });
    });

    describe('with a code older than five minutes', () => {
      it('answers 400 WECHAT_CODE_INVALID with errcode 40029', async () => {
        const code = await sandboxLoginCode(server.url, 'alice');
        await sandboxControl(server.url, { advanceSeconds: 301 });
        const error = expectWechatError(await postJson(`${server.url}${LOGIN}`, { code }), 'WECHAT_CODE_INVALID', 400);
        expect(error['upstream']).toEqual(expect.objectContaining({ code: '40029' }));
      });
    });

    describe('with a code WeChat never issued', () => {
      it('answers 400 WECHAT_CODE_INVALID', async () => {
        expectWechatError(await postJson(`${server.url}${LOGIN}`, { code: 'made-up' }), 'WECHAT_CODE_INVALID', 400);
      });
    });

    describe('with a high-risk user', () => {
      it('answers 403 WECHAT_RISKY_USER with errcode 40226', async () => {
        const error = expectWechatError(await postJson(`${server.url}${LOGIN}`, { code: 'sandbox-errcode-40226' }), 'WECHAT_RISKY_USER', 403);
        expect(error['upstream']).toEqual(expect.objectContaining({ code: '40226' }));
      });
    });

    describe('with a body that is not a code', () => {
      it('answers 400 INVALID_JSON for text that is not JSON', async () => {
        expectWechatError(await postJson(`${server.url}${LOGIN}`, 'code=abc'), 'INVALID_JSON', 400);
      });

      it('answers 400 PAYLOAD_MALFORMED for JSON without a code', async () => {
        expectWechatError(await postJson(`${server.url}${LOGIN}`, { js_code: 'abc' }), 'PAYLOAD_MALFORMED', 400);
      });
    });
  });

  describe('POST /api/wechat/phone-number with a code (current flow)', () => {
    describe('with a fresh button code', () => {
      it('answers the normalised phone in the same shape as the Alipay endpoint', async () => {
        const answer = await postJson(`${server.url}${PHONE}`, { code: await sandboxPhoneCode(server.url, '13811112222') });
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({
          mobile: '13811112222',
          countryCode: '86',
          nationalNumber: '13811112222',
          e164: '+8613811112222',
          masked: '138****2222',
          region: 'CN',
          valid: true,
        });
      });

      it('reads a countryCode WeChat sends as a number', async () => {
        const code = await sandboxPhoneCode(server.url, '1-2125550123', { countryCodeAsNumber: true });
        const answer = await postJson(`${server.url}${PHONE}`, { code });
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual(expect.objectContaining({ countryCode: '1', nationalNumber: '2125550123', e164: '+12125550123', region: 'US' }));
      });

      it('accepts the body under any content type', async () => {
        const code = await sandboxPhoneCode(server.url, '13811112222');
        const answer = await postJson(`${server.url}${PHONE}`, { code }, { 'content-type': 'application/x-www-form-urlencoded' });
        expect(answer.status).toBe(200);
      });
    });

    describe('with a code used twice', () => {
      it('answers 400 WECHAT_CODE_USED the second time', async () => {
        const code = await sandboxPhoneCode(server.url, '13811112222');
        expect((await postJson(`${server.url}${PHONE}`, { code })).status).toBe(200);
        const error = expectWechatError(await postJson(`${server.url}${PHONE}`, { code }), 'WECHAT_CODE_USED', 400);
        expect(error['upstream']).toEqual(expect.objectContaining({ code: '40163' }));
      });
    });

    describe('with a token that expires mid-flight', () => {
      it('refreshes the token, retries once, and answers the phone', async () => {
        expect((await postJson(`${server.url}${PHONE}`, { code: await sandboxPhoneCode(server.url, '13811112222') })).status).toBe(200);
        expect(await sandboxTokenFetches(server.url)).toBe(1);
        // WeChat expires the token while our cache still trusts it: the next call meets 42001.
        await sandboxControl(server.url, { expireTokens: true });
        const answer = await postJson(`${server.url}${PHONE}`, { code: await sandboxPhoneCode(server.url, '13900001111') });
        expect(answer.status).toBe(200);
        expect(answer.body['mobile']).toBe('13900001111');
        expect(await sandboxTokenFetches(server.url)).toBe(2);
      });

      it('retries only once when WeChat keeps refusing the token', async () => {
        await sandboxControl(server.url, { failNext: { endpoint: 'getuserphonenumber', errcode: 40001, times: 2 } });
        const error = expectWechatError(await postJson(`${server.url}${PHONE}`, { code: await sandboxPhoneCode(server.url, '13811112222') }), 'WECHAT_ACCESS_TOKEN_INVALID', 502);
        expect(error['retryable']).toBe(true);
        expect(await sandboxTokenFetches(server.url)).toBe(2);
      });
    });

    describe('with 50 concurrent requests and no cached token', () => {
      it('fetches the access token exactly once', async () => {
        const codes = await Promise.all(Array.from({ length: 50 }, (_, i) => sandboxPhoneCode(server.url, `1381111${String(i).padStart(4, '0')}`)));
        const answers = await Promise.all(codes.map((code) => postJson(`${server.url}${PHONE}`, { code })));
        expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 50 }, () => 200));
        expect(await sandboxTokenFetches(server.url)).toBe(1);
      });
    });

    describe('with each errcode WeChat documents', () => {
      it.each([
        [-1, 'WECHAT_SYSTEM_BUSY', 503],
        [40001, 'WECHAT_ACCESS_TOKEN_INVALID', 502],
        [40013, 'WECHAT_APP_ID_INVALID', 502],
        [40125, 'WECHAT_APP_SECRET_INVALID', 502],
        [40029, 'WECHAT_CODE_INVALID', 400],
        [40163, 'WECHAT_CODE_USED', 400],
        [40226, 'WECHAT_RISKY_USER', 403],
        [42001, 'WECHAT_ACCESS_TOKEN_EXPIRED', 502],
        [45011, 'WECHAT_RATE_LIMITED', 429],
        [87009, 'WECHAT_SIGNATURE_INVALID', 400],
        [1400001, 'WECHAT_QUOTA_EXCEEDED', 429],
        [61024, 'WECHAT_UPSTREAM_ERROR', 502],
      ] as const)('maps errcode %i to %s (HTTP %i) with the upstream code and message', async (errcode, code, status) => {
        const error = expectWechatError(await postJson(`${server.url}${PHONE}`, { code: `sandbox-errcode-${errcode}` }), code, status);
        expect(error['upstream']).toEqual({ code: String(errcode), msg: expect.any(String) });
      });
    });

    describe('when the token endpoint fails', () => {
      it('answers the token error (40013) instead of a phone', async () => {
        await sandboxControl(server.url, { failNext: { endpoint: 'stable_token', errcode: 40013 } });
        expectWechatError(await postJson(`${server.url}${PHONE}`, { code: await sandboxPhoneCode(server.url, '13811112222') }), 'WECHAT_APP_ID_INVALID', 502);
      });
    });
  });

  describe('POST /api/wechat/phone-number with encryptedData and iv (legacy flow)', () => {
    describe('with the session token in the Authorization header', () => {
      it('decrypts with that session_key and answers the phone', async () => {
        const token = await loginAs(server.url, 'alice');
        const event = await sandboxLegacyEvent(server.url, 'alice', '13811112222');
        const answer = await postJson(`${server.url}${PHONE}`, event, { authorization: `Bearer ${token}` });
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual(expect.objectContaining({ mobile: '13811112222', e164: '+8613811112222', masked: '138****2222' }));
      });
    });

    describe('with the session token as a sessionToken field', () => {
      it('answers the phone', async () => {
        const sessionToken = await loginAs(server.url, 'bob');
        const event = await sandboxLegacyEvent(server.url, 'bob', '1-2125550123');
        const answer = await postJson(`${server.url}${PHONE}`, { ...event, sessionToken });
        expect(answer.status).toBe(200);
        expect(answer.body['e164']).toBe('+12125550123');
      });
    });

    describe('with a session_key rotated by a second login', () => {
      it('answers 422 WECHAT_DECRYPTION_FAILED with the hint about wx.login', async () => {
        await loginAs(server.url, 'alice');
        const staleEvent = await sandboxLegacyEvent(server.url, 'alice', '13811112222');
        // wx.login inside the button callback: WeChat rotates the session_key, the server's session follows it.
        const newToken = await loginAs(server.url, 'alice');
        const error = expectWechatError(await postJson(`${server.url}${PHONE}`, staleEvent, { authorization: `Bearer ${newToken}` }), 'WECHAT_DECRYPTION_FAILED', 422);
        expect(error['hint']).toMatch(/wx\.login/);
        expect(error['hintZh']).toMatch(/session_key/);
      });

      it('still decrypts data produced after the new login', async () => {
        await loginAs(server.url, 'alice');
        const newToken = await loginAs(server.url, 'alice');
        const event = await sandboxLegacyEvent(server.url, 'alice', '13811112222');
        expect((await postJson(`${server.url}${PHONE}`, event, { authorization: `Bearer ${newToken}` })).status).toBe(200);
      });
    });

    describe("with data for another mini-program's appid", () => {
      it('answers 422 WECHAT_WATERMARK_MISMATCH', async () => {
        const token = await loginAs(server.url, 'alice');
        const event = await sandboxLegacyEvent(server.url, 'alice', '13811112222', { appId: 'wx00000000000000ff' });
        expectWechatError(await postJson(`${server.url}${PHONE}`, event, { authorization: `Bearer ${token}` }), 'WECHAT_WATERMARK_MISMATCH', 422);
      });
    });

    describe('without a session token', () => {
      it('answers 401 WECHAT_SESSION_INVALID', async () => {
        await loginAs(server.url, 'alice');
        const event = await sandboxLegacyEvent(server.url, 'alice', '13811112222');
        expectWechatError(await postJson(`${server.url}${PHONE}`, event), 'WECHAT_SESSION_INVALID', 401);
      });
    });

    describe('with a session token this server never issued', () => {
      it('answers 401 WECHAT_SESSION_INVALID', async () => {
        await loginAs(server.url, 'alice');
        const event = await sandboxLegacyEvent(server.url, 'alice', '13811112222');
        const forged = 'A'.repeat(43);
        expectWechatError(await postJson(`${server.url}${PHONE}`, event, { authorization: `Bearer ${forged}` }), 'WECHAT_SESSION_INVALID', 401);
      });
    });

    describe('with a damaged iv', () => {
      it('answers 400 WECHAT_IV_INVALID', async () => {
        const token = await loginAs(server.url, 'alice');
        const event = await sandboxLegacyEvent(server.url, 'alice', '13811112222');
        expectWechatError(await postJson(`${server.url}${PHONE}`, { ...event, iv: 'short' }, { authorization: `Bearer ${token}` }), 'WECHAT_IV_INVALID', 400);
      });
    });
  });

  describe('POST /api/wechat/phone-number with neither a code nor encryptedData', () => {
    it('answers 400 PAYLOAD_MALFORMED naming both accepted shapes', async () => {
      const error = expectWechatError(await postJson(`${server.url}${PHONE}`, { iv: 'x' }), 'PAYLOAD_MALFORMED', 400);
      expect(error['message']).toMatch(/code.*encryptedData/);
    });
  });

  describe('GET /sandbox/wechat/stats', () => {
    it('counts no token fetch before any phone request', async () => {
      expect((await getJson(`${server.url}/sandbox/wechat/stats`)).body).toEqual(expect.objectContaining({ tokenFetches: 0 }));
    });
  });
});

describe('the WeChat API with WECHAT_TOKEN_ENDPOINT=token', () => {
  let server: WechatTestServer;

  beforeAll(async () => {
    server = await startWechatTestServer({ WECHAT_TOKEN_ENDPOINT: 'token' });
  });

  afterAll(async () => {
    await server.close();
  });

  it('fetches tokens from cgi-bin/token and answers the phone', async () => {
    const answer = await postJson(`${server.url}${PHONE}`, { code: await sandboxPhoneCode(server.url, '13811112222') });
    expect(answer.status).toBe(200);
    const stats = (await getJson(`${server.url}/sandbox/wechat/stats`)).body;
    expect(stats['calls']).toEqual(expect.objectContaining({ token: 1, stable_token: 0 }));
  });
});

describe('the WeChat API in production without WeChat keys', () => {
  it('answers 503 WECHAT_NOT_CONFIGURED', async () => {
    const sandboxed = wechatTestConfig();
    const app = createApp({ ...sandboxed, wechat: { ...sandboxed.wechat, mode: 'off' } }, { logger: createLogger('silent') });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      expectWechatError(await postJson(`http://127.0.0.1:${port}${LOGIN}`, { code: 'x' }), 'WECHAT_NOT_CONFIGURED', 503);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
