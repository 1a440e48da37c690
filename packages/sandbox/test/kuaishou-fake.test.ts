// The fake Kuaishou over real HTTP; its AES-128 data is read back by the openssl CLI.
import { createFakeKuaishouListener } from '../src/kuaishou/create-fake-kuaishou-listener';
import { FakeKuaishouApi } from '../src/kuaishou/fake-kuaishou-api';
import { FAKE_KUAISHOU_ERRORS } from '../src/kuaishou/kuaishou-errors';
import { opensslAesDecrypt, opensslAesDecryptOrUndefined } from './support/open-data-openssl';
import { call, listen, postForm, text, type JsonAnswer, type PlatformServer } from './support/platform-server';

const APP_ID = 'ks707065143182458884';
const SECRET = '9VfzaT-7Jf1bBHv-veFZfg';

let api: FakeKuaishouApi;
let server: PlatformServer;

beforeEach(async () => {
  api = new FakeKuaishouApi({ appId: APP_ID, appSecret: SECRET, now: () => 1_700_000_000_000 });
  server = await listen(createFakeKuaishouListener(api));
});

afterEach(async () => {
  await server.close();
});

const url = (path: string): string => `${server.base}${path}`;
const code2session = (code: string, fields: Record<string, string> = {}): Promise<JsonAnswer> =>
  postForm(url('/oauth2/mp/code2session'), { app_id: APP_ID, app_secret: SECRET, js_code: code, ...fields });
const login = async (user = 'alice'): Promise<Record<string, unknown>> => (await code2session(text((await call(url(`/login-code?user=${user}`))).body, 'code'))).body;

describe('the fake Kuaishou', () => {
  describe('POST /oauth2/mp/code2session', () => {
    it('answers result 1 with a 16-byte session_key and the open_id', async () => {
      const { status, body } = await code2session(api.mintLoginCode('alice'));
      expect(status).toBe(200);
      expect(body).toEqual({ result: 1, session_key: expect.any(String), open_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(Buffer.from(text(body, 'session_key'), 'base64')).toHaveLength(16);
    });

    it('reads the parameters from the query too, for a POST or a GET', async () => {
      const query = (code: string): string => new URLSearchParams({ app_id: APP_ID, app_secret: SECRET, js_code: code }).toString();
      expect((await call(url(`/oauth2/mp/code2session?${query(api.mintLoginCode('alice'))}`), { method: 'POST' })).body['result']).toBe(1);
      expect((await call(url(`/oauth2/mp/code2session?${query(api.mintLoginCode('alice'))}`))).body['result']).toBe(1);
    });

    it('gives a user the same open_id after a restart and rotates the session_key on every login', async () => {
      const first = await login('alice');
      const restarted = new FakeKuaishouApi({ appId: APP_ID, appSecret: SECRET });
      expect(restarted.code2session({ app_id: APP_ID, app_secret: SECRET, js_code: restarted.mintLoginCode('alice') })['open_id']).toBe(first['open_id']);
      const second = await login('alice');
      expect(second['open_id']).toBe(first['open_id']);
      expect(second['session_key']).not.toBe(first['session_key']);
    });

    it('answers 100200100 for a code used twice, one older than five minutes, one of another app, or a missing one', async () => {
      const paramError = { result: 100200100, error_msg: '参数有误,需要检查参数是否为空或有误' };
      const used = api.mintLoginCode('alice');
      await code2session(used);
      expect((await code2session(used)).body).toEqual(paramError);
      const stale = api.mintLoginCode('alice');
      api.advanceClock(301);
      expect((await code2session(stale)).body).toEqual(paramError);
      const foreign = text((await call(url('/login-code?user=alice&appId=ks000000000000000001'))).body, 'code');
      expect((await code2session(foreign)).body).toEqual(paramError);
      expect((await code2session('')).body).toEqual(paramError);
    });

    it('answers 100200101 for another app_id or a wrong app_secret', async () => {
      const code = api.mintLoginCode('alice');
      const authError = { result: 100200101, error_msg: '验证出错,需要检查app_id和app_secret' };
      expect((await code2session(code, { app_id: 'ks000000000000000001' })).body).toEqual(authError);
      expect((await code2session(code, { app_secret: 'nope' })).body).toEqual(authError);
    });

    it('answers the result a magic code asks for', async () => {
      expect((await code2session('sandbox-errcode-100200101')).body).toEqual({ result: 100200101, error_msg: '验证出错,需要检查app_id和app_secret' });
    });

    it.each(Object.entries(FAKE_KUAISHOU_ERRORS).map(([code, message]) => [Number(code), message] as const))('answers %i (%s) once when failNext asks for it', async (result, message) => {
      expect((await call(url('/control'), { method: 'POST', body: JSON.stringify({ failNext: { endpoint: 'code2session', errcode: result } }) })).status).toBe(200);
      expect((await code2session(api.mintLoginCode('alice'))).body).toEqual({ result, error_msg: message });
      expect((await code2session(api.mintLoginCode('alice'))).body['result']).toBe(1);
    });

    it('refuses failNext with result 1 (that is success) and answers a PUT with 405', async () => {
      expect((await call(url('/control'), { method: 'POST', body: JSON.stringify({ failNext: { endpoint: 'code2session', errcode: 1 } }) })).status).toBe(400);
      const { status, body } = await call(url('/oauth2/mp/code2session'), { method: 'PUT' });
      expect(status).toBe(405);
      expect(body['result']).toBe(100200100);
    });
  });

  describe('the getPhoneNumber data', () => {
    it('is {phoneNumber, purePhoneNumber, countryCode}, AES-128-CBC under the current session_key', async () => {
      const session = await login('alice');
      const event = (await call(url('/phone-event?user=alice&mobile=13811112222'))).body;
      expect(event).toEqual({ errMsg: 'getPhoneNumber:ok', encryptedData: expect.any(String), iv: expect.any(String) });
      expect(opensslAesDecrypt(text(event, 'encryptedData'), text(session, 'session_key'), text(event, 'iv')).toString('utf8')).toBe(
        '{"phoneNumber":"13811112222","purePhoneNumber":"13811112222","countryCode":"86"}',
      );
    });

    it("carries WeChat's watermark when asked, with another app's id when given", async () => {
      const session = await login('alice');
      const own = (await call(url('/phone-event?user=alice&watermark=1'))).body;
      expect(JSON.parse(opensslAesDecrypt(text(own, 'encryptedData'), text(session, 'session_key'), text(own, 'iv')).toString('utf8'))).toEqual(
        expect.objectContaining({ watermark: { appid: APP_ID, timestamp: 1_700_000_000 } }),
      );
      const other = (await call(url('/phone-event?user=alice&appId=ks000000000000000001'))).body;
      expect(opensslAesDecrypt(text(other, 'encryptedData'), text(session, 'session_key'), text(other, 'iv')).toString('utf8')).toContain('"appid":"ks000000000000000001"');
    });

    it('no longer opens after a new login', async () => {
      const first = await login('alice');
      const event = (await call(url('/phone-event?user=alice'))).body;
      const second = await login('alice');
      expect(opensslAesDecryptOrUndefined(text(event, 'encryptedData'), text(first, 'session_key'), text(event, 'iv'))?.toString('utf8')).toContain('13811112222');
      expect(opensslAesDecryptOrUndefined(text(event, 'encryptedData'), text(second, 'session_key'), text(event, 'iv'))?.toString('utf8') ?? '').not.toContain('13811112222');
    });

    it('is refused for a user who never logged in', async () => {
      expect((await call(url('/phone-event?user=nobody'))).status).toBe(400);
    });
  });

  describe('the sandbox controls', () => {
    it('answer the app_id and the stats', async () => {
      expect((await call(url('/config'))).body).toEqual({ appId: APP_ID });
      await login('alice');
      expect((await call(url('/stats'))).body).toEqual({ calls: { code2session: 1 } });
      expect((await call(url('/nope'))).status).toBe(404);
    });
  });
});
