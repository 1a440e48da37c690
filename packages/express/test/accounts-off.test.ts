// A server without accounts (no DATABASE_URL, no PHONEKIT_DATA_DIR, or a
// team's own app that passes no `accounts`): it keeps no users, and says so.
import { FakeWechatApi, generateAlipaySandboxKeys, handleFakeWechatRequest } from '@phonekit/sandbox';
import { createApp } from '../src/app';
import type { WechatTransport } from '../src/services/wechat-transport';
import { startServer, type RunningServer } from '../src/start-server';
import { MemoryWechatStore } from '../src/store/memory-wechat-store';
import { call } from './support/account-server';
import { configFromEnv, envForKeys, expectErrorEnvelope, silentLogger } from './support/server-fixtures';

const WECHAT = { WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 'sandbox-secret' };

describe('a server without accounts', () => {
  const wechat = new FakeWechatApi({ appId: WECHAT.WECHAT_APP_ID, appSecret: WECHAT.WECHAT_APP_SECRET });
  const sentBodies: string[] = [];
  const transport: WechatTransport = (req) => {
    if (req.body !== undefined) sentBodies.push(req.body);
    return Promise.resolve(handleFakeWechatRequest(wechat, { method: req.method, path: req.path, query: req.query, body: req.body ?? '' }));
  };
  const config = configFromEnv({ ...envForKeys(generateAlipaySandboxKeys()), ...WECHAT, RATE_LIMIT_PER_MINUTE: '0' });
  let running: RunningServer;

  beforeAll(async () => {
    running = await startServer(config, { logger: silentLogger(), port: 0, wechatStore: new MemoryWechatStore(), wechatTransport: transport });
  });

  afterAll(async () => {
    await running.close();
  });

  it('has no database in its configuration', () => {
    expect(config.accounts).toEqual({ database: undefined, dataKey: undefined, blindIndexKey: undefined, requireLogin: false, privacyPolicyVersion: '2026-12' });
  });

  describe.each([
    ['GET', '/api/me'],
    ['GET', '/api/me/export'],
    ['DELETE', '/api/me'],
  ])('%s %s', (method, path) => {
    it('answers 503 ACCOUNTS_NOT_CONFIGURED with a hint naming DATABASE_URL, PHONEKIT_DATA_DIR and PHONEKIT_DATA_KEY, in English and Chinese', async () => {
      const answer = await call(`${running.url}${path}`, { method, token: 'a'.repeat(43) });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const error = expectErrorEnvelope(answer.body, 'ACCOUNTS_NOT_CONFIGURED');
      for (const hint of [error.hint, error.hintZh]) for (const name of ['DATABASE_URL', 'PHONEKIT_DATA_DIR', 'PHONEKIT_DATA_KEY']) expect(hint).toContain(name);
    });
  });

  describe('POST /api/wechat/login', () => {
    it('answers a session token as before accounts, with "user": null', async () => {
      const answer = await call(`${running.url}/api/wechat/login`, { body: { code: wechat.mintLoginCode('alice') } });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ sessionToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresIn: 86_400, user: null });
      expect(answer.headers.get('cache-control')).toBe('no-store');
    });

    it("keeps the legacy flow working with that token (the session_key in the WeChat store)", async () => {
      const login = await call(`${running.url}/api/wechat/login`, { body: { code: wechat.mintLoginCode('alice') } });
      const event = wechat.encryptPhoneForUser('alice', '13811112222');
      const answer = await call(`${running.url}/api/wechat/phone-number`, { token: String(login.body['sessionToken']), body: event });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(expect.objectContaining({ e164: '+8613811112222' }));
      expect(answer.body).not.toHaveProperty('user');
    });
  });

  describe('POST /api/wechat/phone-number in the code flow with an Authorization header', () => {
    it('answers statelessly, ignoring the header as before accounts (it may be the team\'s own)', async () => {
      const answer = await call(`${running.url}/api/wechat/phone-number`, { headers: { authorization: 'Basic dGVhbTpzZWNyZXQ=' }, body: { code: wechat.mintPhoneCode('13811112222') } });
      expect(answer.status).toBe(200);
      expect(answer.body).not.toHaveProperty('user');
      expect(JSON.parse(sentBodies.at(-1) ?? '{}')).toEqual({ code: expect.stringMatching(/^phone-/) });
    });
  });

  describe('createApp with REQUIRE_LOGIN=true and no accounts', () => {
    it('refuses to build the app, naming what is missing', () => {
      const strict = { ...config, accounts: { ...config.accounts, requireLogin: true } };
      expect(() => createApp(strict, { logger: silentLogger(), wechatStore: new MemoryWechatStore() })).toThrow(/REQUIRE_LOGIN=true needs accounts: configure DATABASE_URL or PHONEKIT_DATA_DIR/);
    });
  });
});
