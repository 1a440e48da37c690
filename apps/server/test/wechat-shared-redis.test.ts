// Two real server processes sharing one real redis-server: a session made on
// one is usable on the other, and they fetch one access token between them
// (a Redis lock makes the refresh single-flight across processes). Both point
// WECHAT_API_BASE at one fake WeChat API (the edge we do not own) on real HTTP.
// Without redis-server this suite FAILS: .ci/run installs it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { FakeWechatApi, createFakeWechatListener } from '@phonekit/sandbox';
import { RedisWechatStore } from '@phonekit/express';
import { expectWechatError, postJson } from './support/wechat-fixtures';
import { startRedisServer, type RunningRedis } from '@phonekit/test-servers';
import { spawnServerProcess, type ServerProcess } from './support/wechat-server-process';

jest.setTimeout(60_000);

const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = 'sandbox-secret-for-two-processes';
const PHONE = '/api/wechat/phone-number';
// What the processes (and the stores below) seal the Redis values under.
const DATA_KEY = randomBytes(32).toString('base64');

let redis: RunningRedis;
let wechat: Server;
let api: FakeWechatApi;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  redis = await startRedisServer();
  api = new FakeWechatApi({ appId: APP_ID, appSecret: APP_SECRET });
  wechat = createServer(createFakeWechatListener(api));
  await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve));
  const address = wechat.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const env = { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: APP_SECRET, WECHAT_API_BASE: `http://127.0.0.1:${port}`, REDIS_URL: redis.url, PHONEKIT_DATA_KEY: DATA_KEY };
  [a, b] = await Promise.all([spawnServerProcess(env), spawnServerProcess(env)]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await new Promise((resolve) => wechat?.close(resolve));
  await redis?.stop();
});

async function login(on: ServerProcess, user: string): Promise<string> {
  const answer = await postJson(`${on.url}/api/wechat/login`, { code: api.mintLoginCode(user) });
  expect(answer.status).toBe(200);
  const token = answer.body['sessionToken'];
  if (typeof token !== 'string') throw new Error('no session token');
  return token;
}

describe('two server processes sharing one Redis', () => {
  it('fetch the access token exactly once for concurrent requests to both', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => postJson(`${(i % 2 === 0 ? a : b).url}${PHONE}`, { code: api.mintPhoneCode(`1390000${String(i).padStart(4, '0')}`) })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 40 }, () => 200));
    expect(api.stats().tokenFetches).toBe(1);
  });

  it('refresh an expired token once and share the new one', async () => {
    const before = api.stats().tokenFetches;
    api.expireTokens();
    expect((await postJson(`${a.url}${PHONE}`, { code: api.mintPhoneCode('13811112222') })).status).toBe(200);
    expect((await postJson(`${b.url}${PHONE}`, { code: api.mintPhoneCode('13811113333') })).status).toBe(200);
    expect(api.stats().tokenFetches).toBe(before + 1);
  });

  it('share sessions: a login on A opens legacy data on B', async () => {
    const token = await login(a, 'alice');
    const event = api.encryptPhoneForUser('alice', '13811112222');
    if (event === undefined) throw new Error('alice has no session_key');
    const answer = await postJson(`${b.url}${PHONE}`, event, { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(expect.objectContaining({ mobile: '13811112222', masked: '138****2222' }));
  });

  it("follow a session_key rotated by a login on the other process", async () => {
    await login(a, 'bob');
    const stale = api.encryptPhoneForUser('bob', '13811112222');
    if (stale === undefined) throw new Error('bob has no session_key');
    const fresh = await login(b, 'bob');
    expectWechatError(await postJson(`${a.url}${PHONE}`, stale, { authorization: `Bearer ${fresh}` }), 'WECHAT_DECRYPTION_FAILED', 422);
  });

  it('keep the session token out of Redis keys, and the sessions sealed in its values', async () => {
    const token = await login(a, 'carol');
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*');
      expect(keys.some((key) => key.includes(token))).toBe(false);
      const sessions = keys.filter((key) => key.startsWith(`phonekit:wechat:${APP_ID}:session:`));
      expect(sessions.length).toBeGreaterThan(0);
      // Sealed (packages/express's Redis store suite greps them for the session_key, openid and token in every encoding).
      for (const key of sessions) {
        const value = (await client.get(key)) ?? '';
        expect(value).toMatch(/^v1\.default\.[\w-]+\.[\w-]+\.[\w-]+$/);
        expect(value).not.toContain(token);
      }
    } finally {
      await client.quit();
    }
  });

  it('shut down gracefully on SIGTERM, closing their Redis connections', async () => {
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
  });
});

describe('RedisWechatStore', () => {
  it('gives the refresh lock to one holder until it is released', async () => {
    const one = new RedisWechatStore({ url: redis.url, prefix: 'test:lock:', dataKey: DATA_KEY });
    const two = new RedisWechatStore({ url: redis.url, prefix: 'test:lock:', dataKey: DATA_KEY });
    try {
      const release = await one.tryLock('refresh', 5_000);
      expect(release).toBeDefined();
      expect(await two.tryLock('refresh', 5_000)).toBeUndefined();
      await release?.();
      const again = await two.tryLock('refresh', 5_000);
      expect(again).toBeDefined();
      await again?.();
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('does not let an expired holder release the lock its successor took', async () => {
    const one = new RedisWechatStore({ url: redis.url, prefix: 'test:expiry:', dataKey: DATA_KEY });
    const two = new RedisWechatStore({ url: redis.url, prefix: 'test:expiry:', dataKey: DATA_KEY });
    try {
      const late = await one.tryLock('refresh', 50);
      await new Promise((resolve) => setTimeout(resolve, 120));
      const successor = await two.tryLock('refresh', 5_000);
      expect(successor).toBeDefined();
      await late?.();
      expect(await one.tryLock('refresh', 5_000)).toBeUndefined();
      await successor?.();
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('expires sessions with their TTL', async () => {
    const store = new RedisWechatStore({ url: redis.url, prefix: 'test:ttl:', dataKey: DATA_KEY });
    try {
      await store.saveSession('id', { openid: 'o1', sessionKey: 'k', createdAt: 1 }, 1);
      expect(await store.loadSession('id')).toEqual({ openid: 'o1', sessionKey: 'k', createdAt: 1 });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(await store.loadSession('id')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

describe('the server process with REDIS_URL and no PHONEKIT_DATA_KEY', () => {
  it('exits 1 naming PHONEKIT_DATA_KEY and how to make one, whatever NODE_ENV says', async () => {
    for (const NODE_ENV of ['production', 'development']) {
      const child = spawn(process.execPath, ['dist/main.js'], {
        cwd: resolve(__dirname, '..'),
        env: { PATH: process.env['PATH'] ?? '', NODE_ENV, PORT: '0', WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: APP_SECRET, REDIS_URL: redis.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const code = await new Promise<number | null>((resolveExit) => child.once('close', resolveExit));
      expect(code).toBe(1);
      expect(stderr).toMatch(/^phonekit: configuration error: PHONEKIT_DATA_KEY: is required with REDIS_URL: .*`openssl rand -base64 32`/);
      expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
    }
  });
});
