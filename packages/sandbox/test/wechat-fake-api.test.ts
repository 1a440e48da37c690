// The fake WeChat API over real HTTP (a bare node:http server), checked
// against the behaviour WeChat documents.
import { createServer, type Server } from 'node:http';
import { decryptWechatData } from '@phonekit/core';
import { createFakeWechatListener } from '../src/wechat/create-fake-wechat-listener';
import { FakeWechatApi } from '../src/wechat/fake-wechat-api';

const APP_ID = 'wx0123456789abcdef';
const SECRET = 'fake-secret';

let api: FakeWechatApi;
let server: Server;
let base: string;

beforeEach(async () => {
  api = new FakeWechatApi({ appId: APP_ID, appSecret: SECRET });
  server = createServer(createFakeWechatListener(api));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function call(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, init);
  return (await response.json()) as Record<string, unknown>;
}

const jscode2session = (code: string, appid = APP_ID, secret = SECRET): Promise<Record<string, unknown>> =>
  call(`/sns/jscode2session?${new URLSearchParams({ appid, secret, js_code: code, grant_type: 'authorization_code' }).toString()}`);
const plainToken = (): Promise<Record<string, unknown>> =>
  call(`/cgi-bin/token?${new URLSearchParams({ grant_type: 'client_credential', appid: APP_ID, secret: SECRET }).toString()}`);
const stableToken = (forceRefresh = false): Promise<Record<string, unknown>> =>
  call('/cgi-bin/stable_token', { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: APP_ID, secret: SECRET, force_refresh: forceRefresh }) });
const phoneNumber = (accessToken: unknown, code: string): Promise<Record<string, unknown>> =>
  call(`/wxa/business/getuserphonenumber?access_token=${String(accessToken)}`, { method: 'POST', body: JSON.stringify({ code }) });

describe('the fake WeChat API', () => {
  describe('sns/jscode2session', () => {
    it('answers openid and a base64 16-byte session_key for a fresh code', async () => {
      const body = await jscode2session(api.mintLoginCode('alice'));
      expect(body['openid']).toMatch(/^o[\w-]{27}$/);
      expect(Buffer.from(String(body['session_key']), 'base64')).toHaveLength(16);
    });

    it('answers 40163 for a code used twice', async () => {
      const code = api.mintLoginCode('alice');
      await jscode2session(code);
      expect(await jscode2session(code)).toEqual({ errcode: 40163, errmsg: expect.stringMatching(/^code been used, rid: /) });
    });

    it('answers 40029 for a code older than five minutes', async () => {
      const code = api.mintLoginCode('alice');
      api.advanceClock(301);
      expect(await jscode2session(code)).toEqual(expect.objectContaining({ errcode: 40029 }));
    });

    it('rotates the session_key on every login and keeps the openid', async () => {
      const first = await jscode2session(api.mintLoginCode('alice'));
      const second = await jscode2session(api.mintLoginCode('alice'));
      expect(second['openid']).toBe(first['openid']);
      expect(second['session_key']).not.toBe(first['session_key']);
    });

    it('answers 40013 for another appid and 40125 for a wrong secret', async () => {
      expect(await jscode2session(api.mintLoginCode('alice'), 'wx00000000000000ff')).toEqual(expect.objectContaining({ errcode: 40013 }));
      expect(await jscode2session(api.mintLoginCode('alice'), APP_ID, 'nope')).toEqual(expect.objectContaining({ errcode: 40125 }));
    });

    it('answers any errcode asked for with a magic code', async () => {
      expect(await jscode2session('sandbox-errcode-45011')).toEqual(expect.objectContaining({ errcode: 45011 }));
    });
  });

  describe('access tokens', () => {
    it('hand out the same stable_token until it expires, then a new one', async () => {
      const first = await stableToken();
      expect(first['expires_in']).toBe(7200);
      expect((await stableToken())['access_token']).toBe(first['access_token']);
      api.expireTokens();
      expect((await stableToken())['access_token']).not.toBe(first['access_token']);
      expect(api.stats().tokenFetches).toBe(2);
    });

    it('rotate the stable_token on force_refresh, and the old one answers 40001', async () => {
      const old = (await stableToken())['access_token'];
      const fresh = (await stableToken(true))['access_token'];
      expect(fresh).not.toBe(old);
      expect(await phoneNumber(old, api.mintPhoneCode('13811112222'))).toEqual(expect.objectContaining({ errcode: 40001 }));
    });

    it('rotate on every cgi-bin/token call: the previous token answers 40001', async () => {
      const old = (await plainToken())['access_token'];
      const fresh = (await plainToken())['access_token'];
      expect(await phoneNumber(old, api.mintPhoneCode('13811112222'))).toEqual(expect.objectContaining({ errcode: 40001 }));
      expect(await phoneNumber(fresh, api.mintPhoneCode('13811112222'))).toEqual(expect.objectContaining({ errcode: 0 }));
    });

    it('answer 42001 once expired', async () => {
      api.setTokenTtl(1);
      const token = (await stableToken())['access_token'];
      api.advanceClock(2);
      expect(await phoneNumber(token, api.mintPhoneCode('13811112222'))).toEqual(expect.objectContaining({ errcode: 42001 }));
    });
  });

  describe('wxa/business/getuserphonenumber', () => {
    it('answers phone_info with the watermark of this app', async () => {
      const token = (await stableToken())['access_token'];
      const body = await phoneNumber(token, api.mintPhoneCode('13811112222'));
      expect(body).toEqual({
        errcode: 0,
        errmsg: 'ok',
        phone_info: { phoneNumber: '13811112222', purePhoneNumber: '13811112222', countryCode: '86', watermark: { timestamp: expect.any(Number), appid: APP_ID } },
      });
    });

    it('answers 40163 for a phone code used twice', async () => {
      const token = (await stableToken())['access_token'];
      const code = api.mintPhoneCode('13811112222');
      await phoneNumber(token, code);
      expect(await phoneNumber(token, code)).toEqual(expect.objectContaining({ errcode: 40163 }));
    });

    it('answers 43002 to a GET', async () => {
      expect(await call('/wxa/business/getuserphonenumber?access_token=x')).toEqual(expect.objectContaining({ errcode: 43002 }));
    });

    it('fails the next calls as told by /control', async () => {
      const token = (await stableToken())['access_token'];
      await call('/control', { method: 'POST', body: JSON.stringify({ failNext: { endpoint: 'getuserphonenumber', errcode: -1 } }) });
      expect(await phoneNumber(token, api.mintPhoneCode('13811112222'))).toEqual(expect.objectContaining({ errcode: -1 }));
      expect(await phoneNumber(token, api.mintPhoneCode('13811112222'))).toEqual(expect.objectContaining({ errcode: 0 }));
    });
  });

  describe('the sandbox controls', () => {
    it('refuse a phone event for a user who never logged in', async () => {
      const response = await fetch(`${base}/phone-event?user=nobody`);
      expect(response.status).toBe(400);
    });

    it("encrypt a phone event with the user's current session_key", async () => {
      const login = await jscode2session((await call('/login-code?user=alice'))['code'] as string);
      const event = await call('/phone-event?user=alice&mobile=13811112222');
      expect(event).toEqual({ errMsg: 'getPhoneNumber:ok', code: expect.any(String), encryptedData: expect.any(String), iv: expect.any(String) });
      const { phone } = decryptWechatData({ encryptedData: String(event['encryptedData']), iv: String(event['iv']), sessionKey: String(login['session_key']), appId: APP_ID });
      expect(phone.mobile).toBe('13811112222');
    });
  });
});
