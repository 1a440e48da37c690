// The fake Douyin over real HTTP (a bare node:http server), checked against
// what Douyin documents; its RSA and AES output is read back by the openssl CLI.
import { createFakeDouyinListener } from '../src/douyin/create-fake-douyin-listener';
import { FAKE_DOUYIN_ERRORS, FAKE_DOUYIN_ENDPOINTS } from '../src/douyin/douyin-errors';
import { FakeDouyinApi } from '../src/douyin/fake-douyin-api';
import { generateSandboxDouyinApp } from '../src/lib/mini-program-apps';
import { opensslAesDecrypt, opensslAesDecryptOrUndefined, opensslRsaPkcs1Decrypt } from './support/open-data-openssl';
import { call, listen, object, postForm, postJson, text, type JsonAnswer, type PlatformServer } from './support/platform-server';

const app = generateSandboxDouyinApp();
const APP_ID = app.appId;
const SECRET = app.appSecret;
const NOW = 1_700_000_000_000;

let api: FakeDouyinApi;
let server: PlatformServer;

beforeEach(async () => {
  api = new FakeDouyinApi({ appId: APP_ID, appSecret: SECRET, appPublicKeyPem: app.appPublicKeyPem, now: () => NOW });
  server = await listen(createFakeDouyinListener(api));
});

afterEach(async () => {
  await server.close();
});

const url = (path: string): string => `${server.base}${path}`;
const jscode2session = (fields: Record<string, string>): Promise<JsonAnswer> =>
  postJson(url('/api/apps/v2/jscode2session'), { appid: APP_ID, secret: SECRET, anonymous_code: '', ...fields });
const login = async (user = 'alice'): Promise<Record<string, unknown>> => {
  const { code } = (await call(url(`/login-code?user=${user}`))).body;
  return object((await jscode2session({ code: String(code) })).body, 'data');
};
const clientToken = async (): Promise<string> => {
  const { body } = await postJson(url('/oauth/client_token/'), { client_key: APP_ID, client_secret: SECRET, grant_type: 'client_credential' });
  return text(object(body, 'data'), 'access_token');
};
const phoneInfo = (token: string | undefined, code: string): Promise<JsonAnswer> =>
  postJson(url('/api/apps/v1/get_phonenumber_info/'), { code }, token === undefined ? {} : { 'access-token': token });
const phoneCode = async (mobile = '13811112222'): Promise<string> => text((await call(url(`/phone-code?mobile=${mobile}`))).body, 'code');

describe('the fake Douyin', () => {
  describe('POST /api/apps/v2/jscode2session', () => {
    it('answers err_no 0 with a 16-byte session_key, an openid and a unionid for a fresh code', async () => {
      const { code } = (await call(url('/login-code?user=alice'))).body;
      const { status, body } = await jscode2session({ code: String(code) });
      expect(status).toBe(200);
      expect(body).toEqual({
        err_no: 0,
        err_tips: 'success',
        log_id: expect.stringMatching(/^\d{14}[0-9A-F]{20}$/),
        data: { session_key: expect.any(String), openid: expect.stringMatching(/^_000[\w-]{40}$/), anonymous_openid: '', unionid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-/) },
      });
      expect(Buffer.from(text(object(body, 'data'), 'session_key'), 'base64')).toHaveLength(16);
    });

    it('gives a user the same openid after a restart on the same appid, and another app a different one', async () => {
      const first = await login('alice');
      const restarted = new FakeDouyinApi({ appId: APP_ID, appSecret: SECRET, appPublicKeyPem: app.appPublicKeyPem });
      const again = object(restarted.jscode2session({ appid: APP_ID, secret: SECRET, code: restarted.mintLoginCode('alice') }), 'data');
      expect(again['openid']).toBe(first['openid']);
      const other = new FakeDouyinApi({ appId: 'tt00000000000000ff', appSecret: SECRET, appPublicKeyPem: app.appPublicKeyPem });
      expect(object(other.jscode2session({ appid: 'tt00000000000000ff', secret: SECRET, code: other.mintLoginCode('alice') }), 'data')['openid']).not.toBe(first['openid']);
      expect((await login('bob'))['openid']).not.toBe(first['openid']);
    });

    it('answers an anonymous_code with the anonymous_openid only', async () => {
      const { anonymousCode } = (await call(url('/login-code?user=alice&anonymous=1'))).body;
      const { body } = await jscode2session({ code: '', anonymous_code: String(anonymousCode) });
      expect(body['err_no']).toBe(0);
      expect(object(body, 'data')).toEqual({ session_key: '', openid: '', anonymous_openid: expect.stringMatching(/^_000/), unionid: '' });
    });

    it('answers 40018 bad code for a code used twice, one older than five minutes, and one of another app', async () => {
      const emptyData = { session_key: '', openid: '', anonymous_openid: '', unionid: '' };
      const used = api.mintLoginCode('alice');
      await jscode2session({ code: used });
      expect((await jscode2session({ code: used })).body).toEqual({ err_no: 40018, err_tips: 'bad code', log_id: expect.any(String), data: emptyData });

      const fresh = api.mintLoginCode('alice');
      api.advanceClock(299);
      expect((await jscode2session({ code: fresh })).body['err_no']).toBe(0);
      const stale = api.mintLoginCode('alice');
      api.advanceClock(301);
      expect((await jscode2session({ code: stale })).body['err_no']).toBe(40018);

      const { code } = (await call(url('/login-code?user=alice&appId=tt00000000000000ff'))).body;
      expect((await jscode2session({ code: String(code) })).body['err_no']).toBe(40018);
    });

    it('answers 40019 for a bad anonymous_code', async () => {
      expect((await jscode2session({ code: '', anonymous_code: 'tt-anon-nope' })).body).toEqual(expect.objectContaining({ err_no: 40019, err_tips: 'bad anonymous_code' }));
    });

    it('answers 40015 for another appid, 40017 for a wrong secret, 40014 for missing parameters', async () => {
      const code = api.mintLoginCode('alice');
      expect((await jscode2session({ code, appid: 'tt00000000000000ff' })).body).toEqual(expect.objectContaining({ err_no: 40015, err_tips: 'bad appid' }));
      expect((await jscode2session({ code, secret: 'nope' })).body).toEqual(expect.objectContaining({ err_no: 40017, err_tips: 'bad secret' }));
      expect((await jscode2session({ code: '' })).body).toEqual(expect.objectContaining({ err_no: 40014, err_tips: 'bad params' }));
      expect((await call(url('/api/apps/v2/jscode2session'), { method: 'POST', body: 'not json' })).body['err_no']).toBe(40014);
    });

    it('rotates the session_key on every login: the previous phone event no longer decrypts', async () => {
      const first = await login('alice');
      const event = (await call(url('/phone-event?user=alice&mobile=13811112222'))).body;
      const second = await login('alice');
      expect(second['session_key']).not.toBe(first['session_key']);
      expect(second['openid']).toBe(first['openid']);
      const plain = '{"phoneNumber":"13811112222"';
      expect(opensslAesDecrypt(text(event, 'encryptedData'), text(first, 'session_key'), text(event, 'iv')).toString('utf8')).toMatch(new RegExp(`^\\${plain}`));
      expect(opensslAesDecryptOrUndefined(text(event, 'encryptedData'), text(second, 'session_key'), text(event, 'iv'))?.toString('utf8') ?? '').not.toContain(plain);
    });

    it('answers the err_no a magic code asks for', async () => {
      expect((await jscode2session({ code: 'sandbox-errcode--1' })).body).toEqual(expect.objectContaining({ err_no: -1, err_tips: 'system error' }));
    });

    it('answers a GET with 405 and its parameter error', async () => {
      const { status, body } = await call(url('/api/apps/v2/jscode2session'));
      expect(status).toBe(405);
      expect(body['err_no']).toBe(40014);
    });
  });

  describe('POST /oauth/client_token/', () => {
    it('answers a client_token good for 7200 s, from a JSON or a form body', async () => {
      const json = await postJson(url('/oauth/client_token/'), { client_key: APP_ID, client_secret: SECRET, grant_type: 'client_credential' });
      expect(json.body).toEqual({ data: { access_token: expect.stringMatching(/^clt\./), description: '', error_code: 0, expires_in: 7200 }, message: 'success' });
      const form = await postForm(url('/oauth/client_token/'), { client_key: APP_ID, client_secret: SECRET, grant_type: 'client_credential' });
      expect(object(form.body, 'data')['error_code']).toBe(0);
      expect(api.stats().tokenFetches).toBe(2);
    });

    it('answers 10002 for missing parameters or another grant_type, 10003 for another client_key, 10013 for a wrong secret', async () => {
      const tokenError = async (fields: Record<string, string>): Promise<unknown> => object((await postJson(url('/oauth/client_token/'), fields)).body, 'data')['error_code'];
      expect(await tokenError({ client_key: APP_ID, grant_type: 'client_credential' })).toBe(10002);
      expect(await tokenError({ client_key: APP_ID, client_secret: SECRET, grant_type: 'authorization_code' })).toBe(10002);
      expect(await tokenError({ client_key: 'tt00000000000000ff', client_secret: SECRET, grant_type: 'client_credential' })).toBe(10003);
      expect(await tokenError({ client_key: APP_ID, client_secret: 'nope', grant_type: 'client_credential' })).toBe(10013);
      const { body } = await postJson(url('/oauth/client_token/'), { client_key: APP_ID, client_secret: 'nope', grant_type: 'client_credential' });
      expect(body).toEqual({ data: { captcha: '', desc_url: '', description: 'client_key 或者 client_secret 报错', error_code: 10013 }, message: 'error' });
    });
  });

  describe('POST /api/apps/v1/get_phonenumber_info/', () => {
    it("answers the number RSA-encrypted to the app's public key, which openssl decrypts with the private key", async () => {
      const token = await clientToken();
      const { status, body } = await phoneInfo(token, await phoneCode('13811112222'));
      expect(status).toBe(200);
      expect(body).toEqual({ err_no: 0, err_msg: '', log_id: expect.any(String), data: expect.any(String) });
      expect(Buffer.from(text(body, 'data'), 'base64')).toHaveLength(256);
      const plain = opensslRsaPkcs1Decrypt(text(body, 'data'), app.appPrivateKeyPem);
      expect(plain).toBe(`{"phoneNumber":"13811112222","purePhoneNumber":"13811112222","countryCode":"86","watermark":{"appid":"${APP_ID}","timestamp":1700000000}}`);
    });

    it('writes an overseas number with its country code in phoneNumber only', async () => {
      const { body } = await phoneInfo(await clientToken(), await phoneCode('1-2125550123'));
      expect(JSON.parse(opensslRsaPkcs1Decrypt(text(body, 'data'), app.appPrivateKeyPem))).toEqual(
        expect.objectContaining({ phoneNumber: '+12125550123', purePhoneNumber: '2125550123', countryCode: '1' }),
      );
    });

    it('answers 28005187 for a phone code used twice or older than five minutes, 28001007 for an unknown or missing one', async () => {
      const token = await clientToken();
      const code = await phoneCode();
      await phoneInfo(token, code);
      expect((await phoneInfo(token, code)).body).toEqual({ err_no: 28005187, err_msg: 'code 已过期', log_id: expect.any(String), data: '' });
      const stale = await phoneCode();
      api.advanceClock(301);
      expect((await phoneInfo(token, stale)).body['err_no']).toBe(28005187);
      expect((await phoneInfo(token, 'tt-phone-nope')).body['err_no']).toBe(28001007);
      expect((await phoneInfo(token, '')).body['err_no']).toBe(28001007);
      const foreign = text((await call(url('/phone-code?mobile=13811112222&appId=tt00000000000000ff'))).body, 'code');
      expect((await phoneInfo(token, foreign)).body['err_no']).toBe(28001007);
    });

    it('answers 28001003 without a token or with one never issued', async () => {
      expect((await phoneInfo(undefined, await phoneCode())).body).toEqual(expect.objectContaining({ err_no: 28001003, err_msg: 'access_token无效' }));
      expect((await phoneInfo('clt.nope', await phoneCode())).body['err_no']).toBe(28001003);
    });

    it('answers 28001008 once the token expired, so the server can fetch a new one and retry', async () => {
      await call(url('/control'), { method: 'POST', body: JSON.stringify({ tokenTtlSeconds: 1 }) });
      const token = await clientToken();
      api.advanceClock(2);
      expect((await phoneInfo(token, await phoneCode())).body).toEqual(expect.objectContaining({ err_no: 28001008, err_msg: 'access_token过期,请刷新或重新授权' }));
      expect((await phoneInfo(await clientToken(), await phoneCode())).body['err_no']).toBe(0);
    });

    it('expires every token on expireTokens', async () => {
      const token = await clientToken();
      await call(url('/control'), { method: 'POST', body: JSON.stringify({ expireTokens: true }) });
      expect((await phoneInfo(token, await phoneCode())).body['err_no']).toBe(28001008);
    });

    it('keeps the previous token five more minutes after a new one, and only the latest two', async () => {
      const first = await clientToken();
      const second = await clientToken();
      expect((await phoneInfo(first, await phoneCode())).body['err_no']).toBe(0);
      await clientToken();
      expect((await phoneInfo(first, await phoneCode())).body['err_no']).toBe(28001003);
      expect((await phoneInfo(second, await phoneCode())).body['err_no']).toBe(0);
      api.advanceClock(301);
      expect((await phoneInfo(second, await phoneCode())).body['err_no']).toBe(28001008);
    });

    it('answers a GET with 405', async () => {
      expect((await call(url('/api/apps/v1/get_phonenumber_info/'))).status).toBe(405);
    });
  });

  describe('every documented error', () => {
    const cases = FAKE_DOUYIN_ENDPOINTS.flatMap((endpoint) => Object.entries(FAKE_DOUYIN_ERRORS[endpoint]).map(([code, message]) => [endpoint, Number(code), message] as const));

    it.each(cases)('%s answers %i (%s) when failNext asks for it, once', async (endpoint, errNo, message) => {
      const control = await call(url('/control'), { method: 'POST', body: JSON.stringify({ failNext: { endpoint, errcode: errNo } }) });
      expect(control.status).toBe(200);
      const token = endpoint === 'get_phonenumber_info' ? await clientToken() : '';
      const attempt = async (): Promise<Record<string, unknown>> => {
        if (endpoint === 'jscode2session') return (await jscode2session({ code: api.mintLoginCode('alice') })).body;
        if (endpoint === 'client_token') return object((await postJson(url('/oauth/client_token/'), { client_key: APP_ID, client_secret: SECRET, grant_type: 'client_credential' })).body, 'data');
        return (await phoneInfo(token, await phoneCode())).body;
      };
      const failed = await attempt();
      if (endpoint === 'jscode2session') expect(failed).toEqual(expect.objectContaining({ err_no: errNo, err_tips: message }));
      if (endpoint === 'client_token') expect(failed).toEqual(expect.objectContaining({ error_code: errNo, description: message }));
      if (endpoint === 'get_phonenumber_info') expect(failed).toEqual(expect.objectContaining({ err_no: errNo, err_msg: message }));
      const next = await attempt();
      expect(next['err_no'] ?? next['error_code']).toBe(0);
    });
  });

  describe('the sandbox controls', () => {
    it('answer the whole getPhoneNumber event: a code for get_phonenumber_info and the legacy data under the current session_key', async () => {
      const session = await login('alice');
      const event = (await call(url('/phone-event?user=alice&mobile=13811112222'))).body;
      expect(event).toEqual({ errMsg: 'getPhoneNumber:ok', code: expect.any(String), encryptedData: expect.any(String), iv: expect.any(String) });
      const legacy = JSON.parse(opensslAesDecrypt(text(event, 'encryptedData'), text(session, 'session_key'), text(event, 'iv')).toString('utf8')) as unknown;
      expect(legacy).toEqual({ phoneNumber: '13811112222', purePhoneNumber: '13811112222', countryCode: '86', watermark: { appid: APP_ID, timestamp: expect.any(Number) } });
      expect((await phoneInfo(await clientToken(), text(event, 'code'))).body['err_no']).toBe(0);
    });

    it("put another app's appid in the legacy watermark when asked", async () => {
      const session = await login('alice');
      const event = (await call(url('/phone-event?user=alice&appId=tt00000000000000ff'))).body;
      expect(opensslAesDecrypt(text(event, 'encryptedData'), text(session, 'session_key'), text(event, 'iv')).toString('utf8')).toContain('"appid":"tt00000000000000ff"');
    });

    it('refuse a phone event for a user who never logged in, and bad input, with 400', async () => {
      expect((await call(url('/phone-event?user=nobody'))).status).toBe(400);
      expect((await call(url('/phone-code?mobile=abc'))).status).toBe(400);
      expect((await call(url('/login-code?user=a%20b'))).status).toBe(400);
      expect((await call(url('/control'), { method: 'POST', body: JSON.stringify({ failNext: { endpoint: 'nope', errcode: 1 } }) })).status).toBe(400);
      expect((await call(url('/control'))).status).toBe(400);
    });

    it('answer the appid, the stats, and 404 elsewhere', async () => {
      expect((await call(url('/config'))).body).toEqual({ appId: APP_ID });
      await login('alice');
      expect((await call(url('/stats'))).body).toEqual({ tokenFetches: 0, calls: { jscode2session: 1, client_token: 0, get_phonenumber_info: 0 } });
      expect((await call(url('/nope'))).status).toBe(404);
    });
  });
});
