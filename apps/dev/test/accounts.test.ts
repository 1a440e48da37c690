// The development app logged in: the sandbox plays WeChat (its controls at
// /sandbox/wechat stand in for the WeChat client), the accounts are
// @phonekit/accounts on PGlite in a data dir of the test's own, opened as
// `pnpm start` opens them (migrated, under the development data key).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger, type RunningServer } from '@phonekit/express';
import { generateSandboxIdentity, type SandboxIdentity } from '@phonekit/sandbox';
import { DEFAULT_DEV_DATA_DIR, loadDevConfig, openDevAccounts, startDevServer, type DevAccounts } from '../src/index';
import { getJson, postJson, sandboxLegacyEvent, sandboxLoginCode, type HttpAnswer } from './support/wechat-fixtures';

jest.setTimeout(60_000);

const REPO_ROOT = resolve(__dirname, '../../..');

describe('the development configuration', () => {
  it('keeps the accounts in PGlite in <repo>/.phonekit/data by default, a folder git ignores', () => {
    const { config } = loadDevConfig({ env: { NODE_ENV: 'test' }, identity: generateSandboxIdentity() });
    expect(DEFAULT_DEV_DATA_DIR).toBe(join(REPO_ROOT, '.phonekit', 'data'));
    expect(config.accounts.database).toEqual({ driver: 'pglite', dataDir: DEFAULT_DEV_DATA_DIR });
    expect(execFileSync('git', ['check-ignore', '--no-index', join('.phonekit', 'data', 'data-key')], { cwd: REPO_ROOT, encoding: 'utf8' }).trim()).toBe('.phonekit/data/data-key');
  });

  it('has no default with NODE_ENV=production, where the configuration is exactly the production server\'s', () => {
    const keys = { WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 's' };
    expect(loadDevConfig({ env: { NODE_ENV: 'production', ...keys } }).config.accounts.database).toBeUndefined();
  });

  it('takes PHONEKIT_DATA_DIR or DATABASE_URL instead when given', () => {
    const identity = generateSandboxIdentity();
    expect(loadDevConfig({ env: { NODE_ENV: 'test', PHONEKIT_DATA_DIR: '/tmp/elsewhere' }, identity }).config.accounts.database).toEqual({ driver: 'pglite', dataDir: '/tmp/elsewhere' });
    expect(loadDevConfig({ env: { NODE_ENV: 'test', DATABASE_URL: 'postgres://127.0.0.1/phonekit' }, identity }).config.accounts.database?.driver).toBe('postgres');
  });
});

describe('the sandbox WeChat flow, logged in', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'phonekit-dev-accounts-'));
  const identity: SandboxIdentity = generateSandboxIdentity();
  let opened: DevAccounts;
  let running: RunningServer;
  let url: string;

  async function start(): Promise<void> {
    const { config, sandbox } = loadDevConfig({ env: { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', PHONEKIT_DATA_DIR: dataDir }, identity });
    const accounts = await openDevAccounts(config);
    if (accounts === undefined) throw new Error('expected accounts');
    opened = accounts;
    running = await startDevServer(config, sandbox, { logger: createLogger('silent'), port: 0, simulator: false, accounts: opened.accounts });
    url = running.url;
  }

  async function stop(): Promise<void> {
    await running.close();
    await opened.accounts.close();
  }

  beforeAll(start);

  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const login = async (user: string): Promise<HttpAnswer> => postJson(`${url}/api/wechat/login`, { code: await sandboxLoginCode(url, user) });
  const withToken = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
  const me = async (token: string): Promise<HttpAnswer> => {
    const response = await fetch(`${url}/api/me`, { headers: withToken(token) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('generated a development data key in the data dir on first use', () => {
    expect(existsSync(join(dataDir, 'data-key'))).toBe(true);
    expect(opened.description).toBe(`accounts: PGlite in ${dataDir}, encrypted under a development key generated in ${join(dataDir, 'data-key')}`);
  });

  it('logs alice in, binds her number through the legacy flow and then the code flow, and /api/me shows it masked with both consents', async () => {
    const first = await login('alice');
    expect(first.status).toBe(200);
    expect(first.body['user']).toEqual(expect.objectContaining({ platform: 'wechat', appId: identity.wechat.appId, phone: null }));
    const token = String(first.body['sessionToken']);

    const legacy = await postJson(`${url}/api/wechat/phone-number`, await sandboxLegacyEvent(url, 'alice', '13811112222'), withToken(token));
    expect(legacy.status).toBe(200);
    expect(legacy.body['user']).toEqual(expect.objectContaining({ phone: expect.objectContaining({ e164: '+8613811112222' }) }));

    const event = await getJson(`${url}/sandbox/wechat/phone-event?user=alice&mobile=13833334444`);
    const current = await postJson(`${url}/api/wechat/phone-number`, { code: event.body['code'] }, withToken(token));
    expect(current.status).toBe(200);

    const mine = await me(token);
    expect(mine.body['phone']).toEqual({ masked: '138****4444', e164: '+8613833334444', countryCode: '86', nationalNumber: '13833334444' });
    expect(mine.body['consents']).toEqual([
      expect.objectContaining({ purpose: 'phone-number', scope: 'phoneNumber', policyVersion: '2026-12' }),
      expect.objectContaining({ purpose: 'phone-number', scope: 'phoneNumber', policyVersion: '2026-12' }),
    ]);
  });

  it('after a restart on the same data dir (the key read back from it), a new login of alice sees her phone; DELETE /api/me erases her and kills the token', async () => {
    const before = String((await login('alice')).body['sessionToken']);
    const { id } = (await me(before)).body;
    await stop();
    await start();
    expect(opened.description).toContain('encrypted under the development key in');

    const again = await login('alice');
    expect(again.body['user']).toEqual({ id, platform: 'wechat', appId: identity.wechat.appId, phone: expect.objectContaining({ masked: '138****4444' }) });
    const token = String(again.body['sessionToken']);

    const erased = await fetch(`${url}/api/me`, { method: 'DELETE', headers: withToken(token) });
    expect(erased.status).toBe(204);
    for (const dead of [token, before]) {
      const answer = await me(dead);
      expect(answer.status).toBe(401);
      expect(answer.body['error']).toEqual(expect.objectContaining({ code: 'SESSION_INVALID' }));
    }
    expect((await login('alice')).body['user']).toEqual(expect.objectContaining({ phone: null }));
  });

  describe('the sandbox Alipay login', () => {
    const alipayLogin = async (user: string): Promise<HttpAnswer> => {
      const code = await getJson(`${url}/sandbox/alipay/auth-code?user=${user}`);
      expect(code.status).toBe(200);
      return postJson(`${url}/api/alipay/login`, { authCode: code.body['authCode'] });
    };

    it('logs ada in through the fake gateway, binds her number with the session, and after a restart she logs in as the same user with the same phone', async () => {
      const first = await alipayLogin('ada');
      expect(first.status).toBe(200);
      expect(first.body['user']).toEqual(expect.objectContaining({ platform: 'alipay', appId: identity.alipay.appId, phone: null }));
      const token = String(first.body['sessionToken']);
      const made = await fetch(`${url}/sandbox/alipay/phone-response?scenario=success&mobile=13566667777`);
      const bound = await fetch(`${url}/api/alipay/phone-number`, { method: 'POST', headers: { ...withToken(token), 'content-type': 'text/plain' }, body: await made.text() });
      expect(bound.status).toBe(200);
      expect((await me(token)).body['phone']).toEqual(expect.objectContaining({ masked: '135****7777' }));
      await stop();
      await start();
      const again = await alipayLogin('ada');
      expect(again.body['user']).toEqual({ id: (first.body['user'] as Record<string, unknown>)['id'], platform: 'alipay', appId: identity.alipay.appId, phone: expect.objectContaining({ e164: '+8613566667777' }) });
    });

    it('refuses an auth code used twice with 400 ALIPAY_AUTH_CODE_INVALID', async () => {
      const { body } = await getJson(`${url}/sandbox/alipay/auth-code?user=ada`);
      expect((await postJson(`${url}/api/alipay/login`, { authCode: body['authCode'] })).status).toBe(200);
      const again = await postJson(`${url}/api/alipay/login`, { authCode: body['authCode'] });
      expect(again.status).toBe(400);
      expect(again.body['error']).toEqual(expect.objectContaining({ code: 'ALIPAY_AUTH_CODE_INVALID' }));
    });

    it('serves the fake gateway for curl at /sandbox/alipay/gateway, its calls counted', async () => {
      const stats = await getJson(`${url}/sandbox/alipay/gateway/stats`);
      expect(stats.status).toBe(200);
      expect(stats.body['tokensIssued']).toBeGreaterThanOrEqual(2);
    });
  });
});
