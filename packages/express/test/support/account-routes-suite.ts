// The account routes end to end, over real HTTP, on one database (PGlite or
// Postgres): WeChat and Alipay logins -> bind through the legacy flow and the code flow
// with the session token -> /api/me -> a restart on the same database -> a
// new login of the same user sees the same phone -> DELETE /api/me -> the
// token is dead and the phone gone; then no table holds a bound number in
// plain text. Everything of ours runs for real; WeChat and Alipay are the
// sandbox's fakes.
import { createHash } from 'node:crypto';
import { ACCOUNT_TABLES } from '@phonekit/accounts';
import { buildAlipayPhoneResponse } from '@phonekit/sandbox';
import { isRecord } from '@phonekit/core';
import {
  ALIPAY_APP_ID,
  WECHAT_APP_ID,
  call,
  fakePlatforms,
  startAccountServer,
  suiteKeyring,
  type AccountServer,
  type AccountsDatabase,
  type JsonAnswer,
} from './account-server';
import { expectErrorEnvelope } from './server-fixtures';
import { phoneDigitsIn } from './phone-text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every number a suite binds, for the scans at the end. */
interface SuitePhone {
  readonly mobile: string;
  readonly countryCode: string;
  readonly nationalNumber: string;
}
const mainland = (mobile: string): SuitePhone => ({ mobile, countryCode: '86', nationalNumber: mobile });

export function describeAccountRoutes(openDatabase: () => Promise<AccountsDatabase>): void {
  const platforms = fakePlatforms();
  const keys = suiteKeyring();
  const bound: SuitePhone[] = [];
  let database: AccountsDatabase;
  let server: AccountServer;
  const earlierLogs: string[] = [];
  const tokens: string[] = [];
  const sessionKeys: string[] = [];

  beforeAll(async () => {
    database = await openDatabase();
    server = await startAccountServer(database, platforms, keys);
  });

  afterAll(async () => {
    try {
      await server.close();
    } finally {
      await database.dispose();
    }
  });

  const url = (path: string): string => `${server.url}${path}`;

  /** A new app instance on the same database (and the same WeChat): the old one closed, its log kept. */
  async function restart(env: Record<string, string> = {}): Promise<AccountServer> {
    earlierLogs.push(server.logText());
    await server.close();
    server = await startAccountServer(database, platforms, keys, env);
    return server;
  }

  /** wx.login for `user`, then POST /api/wechat/login; remembers the token and the session_key WeChat issued. */
  async function login(user: string): Promise<JsonAnswer> {
    const answer = await call(url('/api/wechat/login'), { body: { code: platforms.wechat.mintLoginCode(user) } });
    const issued = platforms.exchanges.at(-1)?.body['session_key'];
    if (typeof issued === 'string') sessionKeys.push(issued);
    if (typeof answer.body['sessionToken'] === 'string') tokens.push(answer.body['sessionToken']);
    return answer;
  }

  async function tokenOf(user: string): Promise<string> {
    const answer = await login(user);
    expect(answer.status).toBe(200);
    return String(answer.body['sessionToken']);
  }

  function legacyEvent(user: string, phone: SuitePhone): { encryptedData: string; iv: string } {
    const event = platforms.wechat.encryptPhoneForUser(user, phone.mobile);
    if (event === undefined) throw new Error(`${user} has not logged in`);
    return event;
  }

  function remember(phone: SuitePhone): SuitePhone {
    bound.push(phone);
    return phone;
  }

  describe('POST /api/wechat/login', () => {
    it('creates the user (wechat, appid, openid) and answers a session token, its lifetime and the user, without a phone yet', async () => {
      const answer = await login('alice');
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['expiresIn', 'sessionToken', 'user']);
      expect(answer.body['sessionToken']).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(answer.body['expiresIn']).toBe(86_400);
      expect(answer.body['user']).toEqual({ id: expect.stringMatching(UUID), platform: 'wechat', appId: WECHAT_APP_ID, phone: null });
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(JSON.stringify(answer.body)).not.toMatch(/session_key|sessionKey|openid|unionid/i);
      const [row] = (await server.accounts.rawRows('users')).filter((user) => user['id'] === (answer.body['user'] as Record<string, unknown>)['id']);
      expect(row).toEqual(expect.objectContaining({ platform: 'wechat', app_id: WECHAT_APP_ID, platform_user_id: expect.stringMatching(/^o/) }));
    });

    it('answers the same user for every login of the same WeChat user, each with its own token', async () => {
      const first = await login('alice');
      const second = await login('alice');
      expect((first.body['user'] as Record<string, unknown>)['id']).toBe((second.body['user'] as Record<string, unknown>)['id']);
      expect(first.body['sessionToken']).not.toBe(second.body['sessionToken']);
    });

    it("keeps WeChat's session_key encrypted as the session's secret, and nothing in the WeChat store", async () => {
      const token = await tokenOf('alice');
      const sessionKey = sessionKeys.at(-1) ?? '';
      expect(sessionKey).not.toBe('');
      const found = await server.accounts.userBySessionToken(token);
      await expect(server.accounts.sessionSecretOf(found?.session.id ?? '', 'wechat_session_key')).resolves.toBe(sessionKey);
      const [secret] = await server.accounts.rawRows('session_secrets', { userId: found?.user.id ?? '' }).then((rows) => rows.filter((row) => row['session_id'] === found?.session.id));
      expect(String(secret?.['ciphertext'])).toMatch(/^\\x01/);
      for (const table of ACCOUNT_TABLES) {
        const text = JSON.stringify(await server.accounts.rawRows(table));
        expect(text).not.toContain(sessionKey);
        expect(text).not.toContain(Buffer.from(sessionKey, 'base64').toString('hex'));
        expect(text).not.toContain(token);
      }
      const storeId = createHash('sha256').update(token).digest('base64url');
      await expect(server.wechatStore.loadSession(storeId)).resolves.toBeUndefined();
    });
  });

  describe('POST /api/wechat/phone-number with a session token', () => {
    describe('in the legacy flow {encryptedData, iv}', () => {
      it("decrypts with the session's session_key, binds the number to the user, records the consent and answers the phone with the user", async () => {
        const token = await tokenOf('alice');
        const phone = remember(mainland('13811112222'));
        const answer = await call(url('/api/wechat/phone-number'), { token, body: legacyEvent('alice', phone), headers: { 'x-request-id': 'legacy-bind-1' } });
        expect(answer.status).toBe(200);
        expect(answer.headers.get('cache-control')).toBe('no-store');
        expect(answer.body).toEqual(
          expect.objectContaining({
            e164: '+8613811112222',
            masked: '138****2222',
            user: {
              id: expect.stringMatching(UUID),
              platform: 'wechat',
              appId: WECHAT_APP_ID,
              phone: { masked: '138****2222', e164: '+8613811112222', countryCode: '86', nationalNumber: '13811112222' },
            },
          }),
        );
        const userId = String((answer.body['user'] as Record<string, unknown>)['id']);
        expect(await server.accounts.consentsOf(userId)).toEqual([
          expect.objectContaining({ purpose: 'phone-number', policyVersion: '2026-12', scope: 'phoneNumber', requestId: 'legacy-bind-1' }),
        ]);
      });
    });

    describe('in the code flow {code}', () => {
      it("passes the user's openid to getuserphonenumber and binds the number WeChat answers", async () => {
        const token = await tokenOf('bob');
        const found = await server.accounts.userBySessionToken(token);
        const phone = remember(mainland('13922223333'));
        const answer = await call(url('/api/wechat/phone-number'), { token, body: { code: platforms.wechat.mintPhoneCode(phone.mobile) } });
        expect(answer.status).toBe(200);
        const sent = platforms.exchanges.filter((exchange) => exchange.request.path === '/wxa/business/getuserphonenumber').at(-1);
        expect(JSON.parse(sent?.request.body ?? '{}')).toEqual({ code: expect.any(String), openid: found?.user.platformUserId });
        expect(answer.body['user']).toEqual(expect.objectContaining({ id: found?.user.id, phone: expect.objectContaining({ e164: '+8613922223333', masked: '139****3333' }) }));
        await expect(server.accounts.phoneOf(found?.user.id ?? '')).resolves.toEqual(expect.objectContaining({ e164: '+8613922223333' }));
      });
    });

    describe('with a number another user of the app has bound', () => {
      it('answers 409 PHONE_ALREADY_BOUND and keeps the first binding', async () => {
        const token = await tokenOf('mallory');
        const answer = await call(url('/api/wechat/phone-number'), { token, body: { code: platforms.wechat.mintPhoneCode('13922223333') } });
        expect(answer.status).toBe(409);
        expectErrorEnvelope(answer.body, 'PHONE_ALREADY_BOUND');
        const mallory = await server.accounts.userBySessionToken(token);
        await expect(server.accounts.phoneOf(mallory?.user.id ?? '')).resolves.toBeNull();
      });
    });

    describe('with a token no session has', () => {
      it('answers 401 SESSION_INVALID with WWW-Authenticate, before spending the code: never statelessly', async () => {
        const calls = platforms.wechat.stats().calls.getuserphonenumber;
        const answer = await call(url('/api/wechat/phone-number'), { token: 'x'.repeat(43), body: { code: platforms.wechat.mintPhoneCode('13600001111') } });
        expect(answer.status).toBe(401);
        expectErrorEnvelope(answer.body, 'SESSION_INVALID');
        expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="phonekit", error="invalid_token"');
        expect(answer.headers.get('cache-control')).toBe('no-store');
        expect(platforms.wechat.stats().calls.getuserphonenumber).toBe(calls);
      });
    });

    describe('with an Authorization header that is not a bearer token', () => {
      it('answers 401 SESSION_INVALID', async () => {
        const answer = await call(url('/api/wechat/phone-number'), { headers: { authorization: 'Basic YWxpY2U6c2VjcmV0' }, body: { code: platforms.wechat.mintPhoneCode('13600001111') } });
        expect(answer.status).toBe(401);
        expectErrorEnvelope(answer.body, 'SESSION_INVALID');
      });
    });
  });

  describe('POST /api/wechat/phone-number without a session token', () => {
    it('answers the phone statelessly, as without accounts: no user, nothing stored', async () => {
      const before = (await server.accounts.rawRows('phone_bindings')).length;
      const answer = await call(url('/api/wechat/phone-number'), { body: { code: platforms.wechat.mintPhoneCode('13700004444') } });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(expect.objectContaining({ e164: '+8613700004444' }));
      expect(answer.body).not.toHaveProperty('user');
      expect((await server.accounts.rawRows('phone_bindings')).length).toBe(before);
    });
  });

  describe('POST /api/alipay/phone-number with a session token', () => {
    describe("of one of this Alipay app's users", () => {
      it('binds the verified number to the user POST /api/alipay/login opened', async () => {
        const login = await call(url('/api/alipay/login'), { body: { authCode: platforms.alipayGateway.mintAuthCode('alipay-alice') } });
        expect(login.status).toBe(200);
        const user = login.body['user'] as { id: string };
        expect(user).toEqual({ id: expect.stringMatching(UUID), platform: 'alipay', appId: ALIPAY_APP_ID, phone: null });
        const session = { token: String(login.body['sessionToken']) };
        tokens.push(session.token);
        const phone = remember(mainland('13533334444'));
        const answer = await call(url('/api/alipay/phone-number'), {
          token: session.token,
          body: buildAlipayPhoneResponse(platforms.alipayKeys, 'success', { mobile: phone.mobile }),
          headers: { 'content-type': 'text/plain' },
        });
        expect(answer.status).toBe(200);
        expect(answer.headers.get('cache-control')).toBe('no-store');
        expect(answer.body['user']).toEqual({
          id: user.id,
          platform: 'alipay',
          appId: ALIPAY_APP_ID,
          phone: { masked: '135****4444', e164: '+8613533334444', countryCode: '86', nationalNumber: '13533334444' },
        });
        expect(await server.accounts.consentsOf(user.id)).toEqual([expect.objectContaining({ purpose: 'phone-number', scope: 'phoneNumber' })]);
      });
    });

    describe("of a WeChat user", () => {
      it('answers 401 SESSION_INVALID: a session binds numbers of its own mini-program only', async () => {
        const answer = await call(url('/api/alipay/phone-number'), {
          token: await tokenOf('alice'),
          body: buildAlipayPhoneResponse(platforms.alipayKeys, 'success', { mobile: '13500009999' }),
        });
        expect(answer.status).toBe(401);
        expect(expectErrorEnvelope(answer.body, 'SESSION_INVALID').message).toMatch(/another mini-program/);
      });
    });

    describe('with a token no session has', () => {
      it('answers 401 SESSION_INVALID, never the phone', async () => {
        const answer = await call(url('/api/alipay/phone-number'), {
          token: 'y'.repeat(43),
          body: buildAlipayPhoneResponse(platforms.alipayKeys, 'success', { mobile: '13500009999' }),
        });
        expect(answer.status).toBe(401);
        expectErrorEnvelope(answer.body, 'SESSION_INVALID');
        expect(JSON.stringify(answer.body)).not.toContain('13500009999');
      });
    });
  });

  describe('GET /api/me', () => {
    it("answers the user, the masked phone and the consent records, not cacheable", async () => {
      const token = await tokenOf('alice');
      const answer = await call(url('/api/me'), { token });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(Object.keys(answer.body).sort()).toEqual(['appId', 'consents', 'id', 'phone', 'platform']);
      expect(answer.body['phone']).toEqual({ masked: '138****2222', e164: '+8613811112222', countryCode: '86', nationalNumber: '13811112222' });
      expect(answer.body['consents']).toEqual([
        {
          id: expect.any(String),
          purpose: 'phone-number',
          policyVersion: '2026-12',
          agreedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          scope: 'phoneNumber',
          requestId: 'legacy-bind-1',
        },
      ]);
    });

    describe('without a token', () => {
      it('answers 401 LOGIN_REQUIRED with WWW-Authenticate: Bearer', async () => {
        const answer = await call(url('/api/me'));
        expect(answer.status).toBe(401);
        expectErrorEnvelope(answer.body, 'LOGIN_REQUIRED');
        expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="phonekit"');
      });
    });

    describe('with a token no session has', () => {
      it('answers 401 SESSION_INVALID', async () => {
        const answer = await call(url('/api/me'), { token: 'z'.repeat(43) });
        expect(answer.status).toBe(401);
        expectErrorEnvelope(answer.body, 'SESSION_INVALID');
      });
    });
  });

  describe('GET /api/me/export', () => {
    it('answers everything stored about the user, decrypted, but no session_key value', async () => {
      const token = await tokenOf('alice');
      const answer = await call(url('/api/me/export'), { token });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const { user, phone, consents, sessions, sessionSecrets } = answer.body;
      expect(user).toEqual(expect.objectContaining({ platform: 'wechat', appId: WECHAT_APP_ID, platformUserId: expect.stringMatching(/^o/), unionId: null }));
      expect(phone).toEqual(expect.objectContaining({ e164: '+8613811112222', countryCode: '86', nationalNumber: '13811112222' }));
      expect(consents).toHaveLength(1);
      expect(Array.isArray(sessions) && sessions.length).toBeGreaterThanOrEqual(4);
      expect(Array.isArray(sessionSecrets) && sessionSecrets.every((secret) => isRecord(secret) && secret['kind'] === 'wechat_session_key')).toBe(true);
      for (const sessionKey of sessionKeys) expect(JSON.stringify(answer.body)).not.toContain(sessionKey);
    });
  });

  describe('after a restart on the same database', () => {
    it('a new login of the same user sees the same user and phone, and tokens issued before still work', async () => {
      const before = await tokenOf('alice');
      const { id } = (await call(url('/api/me'), { token: before })).body;
      await restart();

      const again = await login('alice');
      expect(again.status).toBe(200);
      expect(again.body['user']).toEqual({
        id,
        platform: 'wechat',
        appId: WECHAT_APP_ID,
        phone: { masked: '138****2222', e164: '+8613811112222', countryCode: '86', nationalNumber: '13811112222' },
      });
      expect((await call(url('/api/me'), { token: before })).body['id']).toBe(id);
      // The legacy flow works with the session_key stored before the restart.
      const phone = remember(mainland('13811115555'));
      const rebind = await call(url('/api/wechat/phone-number'), { token: String(again.body['sessionToken']), body: legacyEvent('alice', phone) });
      expect(rebind.status).toBe(200);
      expect((rebind.body['user'] as Record<string, unknown>)['phone']).toEqual(expect.objectContaining({ e164: '+8613811115555' }));
      // The Alipay user bound before the restart logs in again and sees the same phone.
      const alipay = await call(url('/api/alipay/login'), { body: { authCode: platforms.alipayGateway.mintAuthCode('alipay-alice') } });
      expect(alipay.status).toBe(200);
      tokens.push(String(alipay.body['sessionToken']));
      expect((alipay.body['user'] as Record<string, unknown>)['phone']).toEqual(expect.objectContaining({ e164: '+8613533334444' }));
    });
  });

  describe('with REQUIRE_LOGIN=true', () => {
    let strict: AccountServer;

    beforeAll(async () => {
      strict = await restart({ REQUIRE_LOGIN: 'true' });
    });

    it('answers phone-number without a token 401 LOGIN_REQUIRED, on both platforms and in both WeChat flows', async () => {
      const answers = [
        await call(`${strict.url}/api/wechat/phone-number`, { body: { code: platforms.wechat.mintPhoneCode('13700007777') } }),
        await call(`${strict.url}/api/wechat/phone-number`, { body: { encryptedData: 'AAAA', iv: 'AAAAAAAAAAAAAAAAAAAAAA==' } }),
        await call(`${strict.url}/api/alipay/phone-number`, { body: buildAlipayPhoneResponse(platforms.alipayKeys, 'success', { mobile: '13700007777' }) }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(401);
        expectErrorEnvelope(answer.body, 'LOGIN_REQUIRED');
        expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="phonekit"');
      }
    });

    it('binds the number when the request carries a session token', async () => {
      const login = await call(`${strict.url}/api/wechat/login`, { body: { code: platforms.wechat.mintLoginCode('carol') } });
      const token = String(login.body['sessionToken']);
      tokens.push(token);
      const phone = remember(mainland('13700008888'));
      const answer = await call(`${strict.url}/api/wechat/phone-number`, { token, body: { code: platforms.wechat.mintPhoneCode(phone.mobile) } });
      expect(answer.status).toBe(200);
      expect((answer.body['user'] as Record<string, unknown>)['phone']).toEqual(expect.objectContaining({ e164: '+8613700008888' }));
    });
  });

  describe('DELETE /api/me', () => {
    it('answers 204; the token is dead at once, every other token of the user too, and the phone and consents are gone', async () => {
      const token = await tokenOf('alice');
      const other = await tokenOf('alice');
      const { id } = (await call(url('/api/me'), { token })).body;
      const erased = await call(url('/api/me'), { method: 'DELETE', token });
      expect(erased.status).toBe(204);
      expect(erased.headers.get('cache-control')).toBe('no-store');
      for (const dead of [token, other]) {
        const answer = await call(url('/api/me'), { token: dead });
        expect(answer.status).toBe(401);
        expectErrorEnvelope(answer.body, 'SESSION_INVALID');
      }
      const legacy = await call(url('/api/wechat/phone-number'), { token, body: legacyEvent('alice', mainland('13811116666')) });
      expect(legacy.status).toBe(401);
      for (const table of ['users', 'phone_bindings', 'consents', 'sessions', 'session_secrets'] as const) {
        expect(await server.accounts.rawRows(table, { userId: String(id) })).toEqual([]);
      }
      const fresh = await login('alice');
      expect(fresh.body['user']).toEqual({ id: expect.not.stringMatching(String(id)), platform: 'wechat', appId: WECHAT_APP_ID, phone: null });
    });
  });

  describe('the tables afterwards', () => {
    it('hold no bound number in plain text, in any format', async () => {
      expect(bound.length).toBeGreaterThanOrEqual(4);
      for (const table of ACCOUNT_TABLES) {
        const rows = await server.accounts.rawRows(table);
        expect({ table, found: phoneDigitsIn(JSON.stringify(rows), bound) }).toEqual({ table, found: [] });
      }
      // The scan sees a number when one is there.
      expect(phoneDigitsIn(JSON.stringify({ note: '+86 138-1111-2222' }), bound).sort()).toEqual(['13811112222', '8613811112222']);
      const [binding] = await server.accounts.rawRows('phone_bindings');
      expect(String(binding?.['ciphertext'])).toMatch(/^\\x01[0-9a-f]+$/);
    });
  });

  describe('the server log', () => {
    it('carries no session token, session_key or bound number, only masked numbers', () => {
      const log = [...earlierLogs, server.logText()].join('');
      expect(log).toContain('"flow":"login"');
      expect(log).toMatch(/"phone":"138\*{4}5555"/);
      for (const token of tokens) expect(log).not.toContain(token);
      for (const sessionKey of sessionKeys) expect(log).not.toContain(sessionKey);
      expect(phoneDigitsIn(log, bound)).toEqual([]);
    });
  });
}
