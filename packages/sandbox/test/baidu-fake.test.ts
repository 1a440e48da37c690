// The fake Baidu over real HTTP; its AES-192 data is read back by the openssl CLI.
import { FAKE_BAIDU_ERRORS } from '../src/baidu/baidu-errors';
import { createFakeBaiduListener } from '../src/baidu/create-fake-baidu-listener';
import { FakeBaiduApi } from '../src/baidu/fake-baidu-api';
import { opensslAesDecrypt, opensslAesDecryptOrUndefined, unframeBaidu } from './support/open-data-openssl';
import { call, listen, postForm, text, type JsonAnswer, type PlatformServer } from './support/platform-server';

const APP_KEY = 'WPGsbTTGEQ2VRnNcEIjyo5nT1wGxc3PZ';
const SECRET = 'zkDSFBfXvHtmtMAsNrQ8sFN9DNLFNZE4';

let api: FakeBaiduApi;
let server: PlatformServer;

beforeEach(async () => {
  api = new FakeBaiduApi({ appKey: APP_KEY, appSecret: SECRET, now: () => 1_700_000_000_000 });
  server = await listen(createFakeBaiduListener(api));
});

afterEach(async () => {
  await server.close();
});

const url = (path: string): string => `${server.base}${path}`;
const sessionKey = (code: string, fields: Record<string, string> = {}): Promise<JsonAnswer> =>
  postForm(url('/oauth/jscode2sessionkey'), { code, client_id: APP_KEY, sk: SECRET, ...fields });
const login = async (user = 'alice'): Promise<Record<string, unknown>> => (await sessionKey(text((await call(url(`/login-code?user=${user}`))).body, 'code'))).body;

/** The phone event's data, decrypted by openssl with `key` and unframed; undefined when it does not open. */
function openEvent(event: Record<string, unknown>, key: string): ReturnType<typeof unframeBaidu> {
  const plain = opensslAesDecryptOrUndefined(text(event, 'encryptedData'), key, text(event, 'iv'), { nopad: true });
  return plain === undefined ? undefined : unframeBaidu(plain);
}

describe('the fake Baidu', () => {
  describe('POST /oauth/jscode2sessionkey', () => {
    it('answers {openid, session_key}, the session_key base64 of 24 bytes', async () => {
      const { status, body } = await sessionKey(text((await call(url('/login-code?user=alice'))).body, 'code'));
      expect(status).toBe(200);
      expect(Object.keys(body).sort()).toEqual(['openid', 'session_key']);
      expect(text(body, 'openid')).toMatch(/^[\w-]{26}$/);
      expect(text(body, 'session_key')).toMatch(/^[A-Za-z0-9+/]{32}$/);
      expect(Buffer.from(text(body, 'session_key'), 'base64')).toHaveLength(24);
    });

    it('reads the parameters from the query as well, and a GET', async () => {
      const code = api.mintLoginCode('alice');
      const query = new URLSearchParams({ code, client_id: APP_KEY, sk: SECRET }).toString();
      expect((await call(url(`/oauth/jscode2sessionkey?${query}`), { method: 'POST' })).body).toEqual({ openid: expect.any(String), session_key: expect.any(String) });
      const again = new URLSearchParams({ code: api.mintLoginCode('alice'), client_id: APP_KEY, sk: SECRET }).toString();
      expect((await call(url(`/oauth/jscode2sessionkey?${again}`))).body['openid']).toEqual(expect.any(String));
    });

    it('gives a user the same openid after a restart, and rotates the session_key on every login', async () => {
      const first = await login('alice');
      const restarted = new FakeBaiduApi({ appKey: APP_KEY, appSecret: SECRET });
      expect(restarted.jscode2sessionkey({ code: restarted.mintLoginCode('alice'), client_id: APP_KEY, sk: SECRET })['openid']).toBe(first['openid']);
      const second = await login('alice');
      expect(second['openid']).toBe(first['openid']);
      expect(second['session_key']).not.toBe(first['session_key']);
    });

    it('answers invalid_grant for a code used twice, one older than ten minutes and one of another smart program', async () => {
      const invalidGrant = { error: 'invalid_grant', error_description: 'The provided authorization grant is revoked' };
      const used = api.mintLoginCode('alice');
      await sessionKey(used);
      expect((await sessionKey(used)).body).toEqual(invalidGrant);
      const fresh = api.mintLoginCode('alice');
      api.advanceClock(599);
      expect((await sessionKey(fresh)).body['openid']).toEqual(expect.any(String));
      const stale = api.mintLoginCode('alice');
      api.advanceClock(601);
      expect((await sessionKey(stale)).body).toEqual(invalidGrant);
      const foreign = text((await call(url('/login-code?user=alice&appKey=OtherAppKey0123456789012345678901'))).body, 'code');
      expect((await sessionKey(foreign)).body).toEqual(invalidGrant);
    });

    it('answers invalid_client for another App Key or a wrong secret, invalid_request for a missing parameter', async () => {
      const code = api.mintLoginCode('alice');
      expect((await sessionKey(code, { client_id: 'OtherAppKey' })).body).toEqual({ error: 'invalid_client', error_description: 'unknown client id' });
      expect((await sessionKey(code, { sk: 'nope' })).body).toEqual({ error: 'invalid_client', error_description: 'unknown client id' });
      expect((await sessionKey(code, { sk: '' })).body).toEqual({ error: 'invalid_request', error_description: 'invalid refresh token' });
    });

    it('answers the error a magic code asks for', async () => {
      expect((await sessionKey('sandbox-errcode-unauthorized_client')).body).toEqual({
        error: 'unauthorized_client',
        error_description: 'The client is not authorized to use this authorization grant type',
      });
    });

    it.each(Object.entries(FAKE_BAIDU_ERRORS))('answers %s (%s) once when failNext asks for it', async (error, description) => {
      const control = await call(url('/control'), { method: 'POST', body: JSON.stringify({ failNext: { endpoint: 'jscode2sessionkey', errcode: error } }) });
      expect(control.status).toBe(200);
      expect((await sessionKey(api.mintLoginCode('alice'))).body).toEqual({ error, error_description: description });
      expect((await sessionKey(api.mintLoginCode('alice'))).body['openid']).toEqual(expect.any(String));
    });

    it('answers a PUT with 405', async () => {
      const { status, body } = await call(url('/oauth/jscode2sessionkey'), { method: 'PUT' });
      expect(status).toBe(405);
      expect(body['error']).toBe('invalid_request');
    });
  });

  describe('the getPhoneNumber data', () => {
    it("is {\"mobile\": …} framed with the App Key, AES-192-CBC under the user's current session_key, padded to 32-byte blocks", async () => {
      const session = await login('alice');
      const event = (await call(url('/phone-event?user=alice&mobile=13811112222'))).body;
      expect(event).toEqual({ errMsg: 'getPhoneNumber:ok', encryptedData: expect.any(String), iv: expect.any(String) });
      const plain = opensslAesDecrypt(text(event, 'encryptedData'), text(session, 'session_key'), text(event, 'iv'), { nopad: true });
      expect(plain.length % 32).toBe(0);
      const framed = unframeBaidu(plain);
      expect(framed).toEqual({ prefix: expect.any(Buffer), data: '{"mobile":"13811112222"}', appKey: APP_KEY, pad: expect.any(Number) });
      expect(framed?.prefix.toString('latin1')).toMatch(/^[0-9a-f]{16}$/);
    });

    it('no longer opens after a new login rotated the session_key', async () => {
      const first = await login('alice');
      const event = (await call(url('/phone-event?user=alice'))).body;
      const second = await login('alice');
      expect(openEvent(event, text(first, 'session_key'))?.data).toBe('{"mobile":"13811112222"}');
      expect(openEvent(event, text(second, 'session_key'))?.data).not.toBe('{"mobile":"13811112222"}');
    });

    it("carries another smart program's App Key when asked", async () => {
      const session = await login('alice');
      const event = (await call(url('/phone-event?user=alice&appKey=OtherAppKey'))).body;
      expect(openEvent(event, text(session, 'session_key'))?.appKey).toBe('OtherAppKey');
    });

    it('is refused for a user who never logged in', async () => {
      expect((await call(url('/phone-event?user=nobody'))).status).toBe(400);
    });
  });

  describe('the sandbox controls', () => {
    it('answer the App Key and the stats, refuse token controls (Baidu issues no token here) and unknown errors', async () => {
      expect((await call(url('/config'))).body).toEqual({ appKey: APP_KEY });
      await login('alice');
      expect((await call(url('/stats'))).body).toEqual({ calls: { jscode2sessionkey: 1 } });
      expect((await call(url('/control'), { method: 'POST', body: JSON.stringify({ expireTokens: true }) })).status).toBe(400);
      expect((await call(url('/control'), { method: 'POST', body: JSON.stringify({ failNext: { endpoint: 'jscode2sessionkey', errcode: 40001 } }) })).status).toBe(400);
      expect((await call(url('/nope'))).status).toBe(404);
    });
  });
});
