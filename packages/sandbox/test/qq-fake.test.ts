// The fake QQ over real HTTP; its AES-128 data is read back by the openssl CLI.
import { createFakeQqListener } from '../src/qq/create-fake-qq-listener';
import { FakeQqApi } from '../src/qq/fake-qq-api';
import { FAKE_QQ_ERRORS } from '../src/qq/qq-errors';
import { opensslAesDecrypt, opensslAesDecryptOrUndefined } from './support/open-data-openssl';
import { call, listen, text, type JsonAnswer, type PlatformServer } from './support/platform-server';

const APP_ID = '1109876543';
const SECRET = 'ZnmHKeZDU3yKhJ3y';
const EMPTY = { openid: '', session_key: '', uin: '', unionid: '' };

let api: FakeQqApi;
let server: PlatformServer;

beforeEach(async () => {
  api = new FakeQqApi({ appId: APP_ID, appSecret: SECRET, now: () => 1_700_000_000_000 });
  server = await listen(createFakeQqListener(api));
});

afterEach(async () => {
  await server.close();
});

const url = (path: string): string => `${server.base}${path}`;
const jscode2session = (code: string, fields: Record<string, string> = {}): Promise<JsonAnswer> =>
  call(url(`/sns/jscode2session?${new URLSearchParams({ appid: APP_ID, secret: SECRET, js_code: code, grant_type: 'authorization_code', ...fields }).toString()}`));
const login = async (user = 'alice'): Promise<Record<string, unknown>> => (await jscode2session(text((await call(url(`/login-code?user=${user}`))).body, 'code'))).body;

describe('the fake QQ', () => {
  describe('GET /sns/jscode2session', () => {
    it('answers errcode 0 with openid, a 16-byte session_key and unionid', async () => {
      const { status, body } = await jscode2session(api.mintLoginCode('alice'));
      expect(status).toBe(200);
      expect(body).toEqual({ errcode: 0, errmsg: '', openid: expect.stringMatching(/^[0-9A-F]{32}$/), session_key: expect.any(String), uin: '', unionid: expect.stringMatching(/^UID_[0-9A-F]{32}$/) });
      expect(Buffer.from(text(body, 'session_key'), 'base64')).toHaveLength(16);
    });

    it('gives a user the same openid after a restart and rotates the session_key on every login', async () => {
      const first = await login('alice');
      const restarted = new FakeQqApi({ appId: APP_ID, appSecret: SECRET });
      const again = restarted.jscode2session({ appid: APP_ID, secret: SECRET, js_code: restarted.mintLoginCode('alice'), grant_type: 'authorization_code' });
      expect(again['openid']).toBe(first['openid']);
      const second = await login('alice');
      expect(second['session_key']).not.toBe(first['session_key']);
      expect(second['openid']).toBe(first['openid']);
    });

    it('answers 40029 for a code used twice, one older than five minutes and one of another appid', async () => {
      const used = api.mintLoginCode('alice');
      await jscode2session(used);
      expect((await jscode2session(used)).body).toEqual({ errcode: 40029, errmsg: 'invalid code', ...EMPTY });
      const stale = api.mintLoginCode('alice');
      api.advanceClock(301);
      expect((await jscode2session(stale)).body['errcode']).toBe(40029);
      const foreign = text((await call(url('/login-code?user=alice&appId=1100000000'))).body, 'code');
      expect((await jscode2session(foreign)).body['errcode']).toBe(40029);
    });

    it('answers 40013 for another appid, 40125 for a wrong secret, 41008 without a code, 40002 for another grant_type', async () => {
      const code = api.mintLoginCode('alice');
      expect((await jscode2session(code, { appid: '1100000000' })).body).toEqual(expect.objectContaining({ errcode: 40013, errmsg: 'invalid appid' }));
      expect((await jscode2session(code, { secret: 'nope' })).body['errcode']).toBe(40125);
      expect((await jscode2session('')).body['errcode']).toBe(41008);
      expect((await jscode2session(code, { grant_type: 'client_credential' })).body['errcode']).toBe(40002);
    });

    it('answers the errcode a magic code asks for', async () => {
      expect((await jscode2session('sandbox-errcode--1009')).body).toEqual({ errcode: -1009, errmsg: '', ...EMPTY });
    });

    it.each(Object.entries(FAKE_QQ_ERRORS).map(([code, message]) => [Number(code), message] as const))('answers %i ("%s") once when failNext asks for it', async (errcode, errmsg) => {
      expect((await call(url('/control'), { method: 'POST', body: JSON.stringify({ failNext: { endpoint: 'jscode2session', errcode } }) })).status).toBe(200);
      expect((await jscode2session(api.mintLoginCode('alice'))).body).toEqual({ errcode, errmsg, ...EMPTY });
      expect((await jscode2session(api.mintLoginCode('alice'))).body['errcode']).toBe(0);
    });

    it('answers a POST with 43001, as WeChat does', async () => {
      const { status, body } = await call(url('/sns/jscode2session'), { method: 'POST' });
      expect(status).toBe(200);
      expect(body).toEqual({ errcode: 43001, errmsg: 'require GET method', ...EMPTY });
    });
  });

  describe('the getPhoneNumber data', () => {
    it("is WeChat's JSON with this appid's watermark, AES-128-CBC under the current session_key", async () => {
      const session = await login('alice');
      const event = (await call(url('/phone-event?user=alice&mobile=13811112222'))).body;
      expect(event).toEqual({ errMsg: 'getPhoneNumber:ok', encryptedData: expect.any(String), iv: expect.any(String) });
      expect(opensslAesDecrypt(text(event, 'encryptedData'), text(session, 'session_key'), text(event, 'iv')).toString('utf8')).toBe(
        '{"phoneNumber":"13811112222","purePhoneNumber":"13811112222","countryCode":"86","watermark":{"appid":"1109876543","timestamp":1700000000}}',
      );
    });

    it('no longer opens after a new login, and carries another appid when asked', async () => {
      const first = await login('alice');
      const event = (await call(url('/phone-event?user=alice&appId=1100000000'))).body;
      expect(opensslAesDecrypt(text(event, 'encryptedData'), text(first, 'session_key'), text(event, 'iv')).toString('utf8')).toContain('"appid":"1100000000"');
      const second = await login('alice');
      expect(opensslAesDecryptOrUndefined(text(event, 'encryptedData'), text(second, 'session_key'), text(event, 'iv'))?.toString('utf8') ?? '').not.toContain('"appid"');
    });

    it('is refused for a user who never logged in', async () => {
      expect((await call(url('/phone-event?user=nobody'))).status).toBe(400);
    });
  });

  describe('the sandbox controls', () => {
    it('answer the appid and the stats, and refuse what they cannot do', async () => {
      expect((await call(url('/config'))).body).toEqual({ appId: APP_ID });
      await login('alice');
      expect((await call(url('/stats'))).body).toEqual({ calls: { jscode2session: 1 } });
      expect((await call(url('/control'), { method: 'POST', body: JSON.stringify({ tokenTtlSeconds: 5 }) })).status).toBe(400);
      expect((await call(url('/control'), { method: 'POST', body: JSON.stringify({ advanceSeconds: -1 }) })).status).toBe(400);
      expect((await call(url('/nope'))).status).toBe(404);
    });
  });
});
