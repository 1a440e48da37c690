// The production server opens its accounts from the configuration, as a
// process (`node dist/main.js`, `node dist/cluster.js`): with a PGlite data
// dir it migrates at start, binds phones to logged-in users, closes the
// database on SIGTERM and finds everything again after a restart; without a
// data key it refuses to start, naming it; without a database the account
// routes say how to turn them on. WeChat is the sandbox's fake, on real HTTP.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeWechatApi, createFakeWechatListener } from '@phonekit/sandbox';
import { getJson, postJson, type HttpAnswer } from './support/wechat-fixtures';
import { spawnServerProcess } from './support/wechat-server-process';

jest.setTimeout(120_000);

const SERVER_DIR = path.resolve(__dirname, '..');
const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = 'sandbox-secret-for-accounts';
const DATA_KEY = Buffer.alloc(32, 42).toString('base64');

let api: FakeWechatApi;
let wechat: Server;
let wechatEnv: Record<string, string>;
let dataDir: string;

beforeAll(async () => {
  api = new FakeWechatApi({ appId: APP_ID, appSecret: APP_SECRET });
  wechat = createServer(createFakeWechatListener(api));
  await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve));
  const address = wechat.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  wechatEnv = { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: APP_SECRET, WECHAT_API_BASE: `http://127.0.0.1:${port}` };
  dataDir = await mkdtemp(path.join(tmpdir(), 'phonekit-server-accounts-'));
});

afterAll(async () => {
  await new Promise((resolve) => wechat.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

async function getWithToken(url: string, token: string): Promise<HttpAnswer> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function loginAs(url: string, user: string): Promise<HttpAnswer> {
  return postJson(`${url}/api/wechat/login`, { code: api.mintLoginCode(user) });
}

/** Runs the server with `env` until it exits (a refused start). */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: SERVER_DIR, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr });
    });
  });
}

describe('node dist/main.js with PHONEKIT_DATA_DIR', () => {
  describe('and no PHONEKIT_DATA_KEY', () => {
    it.each(['production', 'test'])('refuses to start with NODE_ENV=%s, naming PHONEKIT_DATA_KEY', async (NODE_ENV) => {
      const exit = await runToExit({ NODE_ENV, ...wechatEnv, PHONEKIT_DATA_DIR: dataDir });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toMatch(/^phonekit: configuration error: PHONEKIT_DATA_KEY/);
      expect(exit.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    });
  });

  describe('and PHONEKIT_DATA_KEY', () => {
    it('binds the phone to the logged-in user, closes the database on SIGTERM, and a restart sees the same user and phone', async () => {
      const env = { ...wechatEnv, PHONEKIT_DATA_DIR: dataDir, PHONEKIT_DATA_KEY: DATA_KEY };
      const first = await spawnServerProcess(env);
      const login = await loginAs(first.url, 'alice');
      expect(login.status).toBe(200);
      const user = login.body['user'] as Record<string, unknown>;
      expect(user).toEqual(expect.objectContaining({ platform: 'wechat', appId: APP_ID, phone: null }));
      const token = String(login.body['sessionToken']);
      const bound = await postJson(`${first.url}/api/wechat/phone-number`, { code: api.mintPhoneCode('13811112222') }, { authorization: `Bearer ${token}` });
      expect(bound.status).toBe(200);
      expect(await first.stop()).toBe(0);

      const second = await spawnServerProcess(env);
      try {
        const again = await loginAs(second.url, 'alice');
        expect(again.body['user']).toEqual({
          id: user['id'],
          platform: 'wechat',
          appId: APP_ID,
          phone: { masked: '138****2222', e164: '+8613811112222', countryCode: '86', nationalNumber: '13811112222' },
        });
        const me = await getWithToken(`${second.url}/api/me`, token);
        expect(me.body['consents']).toEqual([expect.objectContaining({ purpose: 'phone-number', policyVersion: '2026-12' })]);
      } finally {
        expect(await second.stop()).toBe(0);
      }
    });
  });
});

describe('node dist/cluster.js with PHONEKIT_DATA_DIR and 2 workers', () => {
  it('serves the accounts the primary holds to both workers, and closes them when it stops', async () => {
    const clusterDir = await mkdtemp(path.join(tmpdir(), 'phonekit-server-cluster-accounts-'));
    const env = { ...wechatEnv, PHONEKIT_DATA_DIR: clusterDir, PHONEKIT_DATA_KEY: DATA_KEY, WEB_CONCURRENCY: '2' };
    try {
      const running = await spawnServerProcess(env, 'dist/cluster.js');
      const logins = await Promise.all(['bob', 'bob', 'carol', 'carol'].map((name) => loginAs(running.url, name)));
      expect(logins.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      const ids = logins.map((answer) => (answer.body['user'] as Record<string, unknown>)['id']);
      expect(ids[0]).toBe(ids[1]);
      expect(ids[2]).toBe(ids[3]);
      const bob = String(logins[0]?.body['sessionToken']);
      const carol = String(logins[2]?.body['sessionToken']);
      expect((await postJson(`${running.url}/api/wechat/phone-number`, { code: api.mintPhoneCode('13922223333') }, { authorization: `Bearer ${bob}` })).status).toBe(200);
      // An AccountsError in the primary reaches the worker with its code.
      const taken = await postJson(`${running.url}/api/wechat/phone-number`, { code: api.mintPhoneCode('13922223333') }, { authorization: `Bearer ${carol}` });
      expect(taken.status).toBe(409);
      expect(taken.body['error']).toEqual(expect.objectContaining({ code: 'PHONE_ALREADY_BOUND' }));
      expect((await getWithToken(`${running.url}/api/me`, bob)).body['phone']).toEqual(expect.objectContaining({ masked: '139****3333' }));
      expect(await running.stop()).toBe(0);

      const again = await spawnServerProcess({ ...env, WEB_CONCURRENCY: '1' }, 'dist/cluster.js');
      try {
        expect((await getWithToken(`${again.url}/api/me`, bob)).body['phone']).toEqual(expect.objectContaining({ e164: '+8613922223333' }));
      } finally {
        expect(await again.stop()).toBe(0);
      }
    } finally {
      await rm(clusterDir, { recursive: true, force: true });
    }
  });
});

describe('node dist/main.js without DATABASE_URL or PHONEKIT_DATA_DIR', () => {
  it('keeps no accounts: login answers "user": null and GET /api/me 503 ACCOUNTS_NOT_CONFIGURED naming the variables', async () => {
    const running = await spawnServerProcess(wechatEnv);
    try {
      const login = await loginAs(running.url, 'dave');
      expect(login.body['user']).toBeNull();
      const me = await getJson(`${running.url}/api/me`);
      expect(me.status).toBe(503);
      expect(me.body['error']).toEqual(expect.objectContaining({ code: 'ACCOUNTS_NOT_CONFIGURED', hint: expect.stringContaining('DATABASE_URL') }));
      expect(String((me.body['error'] as Record<string, unknown>)['hint'])).toContain('PHONEKIT_DATA_DIR');
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });
});
