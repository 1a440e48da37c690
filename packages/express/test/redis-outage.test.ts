// Issue 12, point 3: Redis goes away under a running server (a real
// redis-server, stopped and started again on its port; then one that hangs,
// SIGSTOP). The WeChat routes that need it answer 503 REDIS_UNAVAILABLE with
// Retry-After (never 500 INTERNAL), /healthz stays 200 but says "degraded",
// /readyz is 503 for the load balancer, and once Redis is back the same
// server, not restarted, answers 200 again. The WeChat API is the sandbox's
// fake (the platform we do not own); everything of ours runs for real.
import { generateDataKey } from '@phonekit/accounts';
import type { ServerConfig } from '../src/config';
import { startServer, type RunningServer } from '../src/start-server';
import { createWechatStore } from '../src/store/create-wechat-store';
import type { WechatStore } from '../src/store/wechat-store';
import { call, fakePlatforms, WECHAT_APP_ID, type JsonAnswer, type Platforms } from './support/account-server';
import { startRedisServer, type RunningRedis } from '@phonekit/test-servers';
import { captureLogger, configFromEnv, expectErrorEnvelope } from './support/server-fixtures';

jest.setTimeout(60_000);

let redis: RunningRedis;
let platforms: Platforms;
let config: ServerConfig;
let store: WechatStore;
let server: RunningServer;
let logs: ReturnType<typeof captureLogger>;

beforeAll(async () => {
  redis = await startRedisServer();
  platforms = fakePlatforms();
  config = configFromEnv({ WECHAT_APP_ID, WECHAT_APP_SECRET: 'sandbox-secret', REDIS_URL: redis.url, PHONEKIT_DATA_KEY: generateDataKey(), RATE_LIMIT_PER_MINUTE: '0' });
  logs = captureLogger('info');
  store = createWechatStore(config, { onError: (error) => logs.logger.warn({ err: { type: error.name, message: error.message } }, 'wechat store: redis error') });
  server = await startServer(config, { logger: logs.logger, port: 0, wechatStore: store, wechatTransport: platforms.transport });
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  await redis?.stop();
});

const login = (user = 'alice'): Promise<JsonAnswer> => call(`${server.url}/api/wechat/login`, { body: { code: platforms.wechat.mintLoginCode(user) } });
const health = (): Promise<JsonAnswer> => call(`${server.url}/healthz`);
const ready = (): Promise<JsonAnswer> => call(`${server.url}/readyz`);

/** Asks until `done` holds (the server reconnects in the background); fails after `attempts`. */
async function until(ask: () => Promise<JsonAnswer>, done: (answer: JsonAnswer) => boolean, attempts = 200): Promise<JsonAnswer> {
  let answer = await ask();
  for (let i = 0; i < attempts && !done(answer); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer = await ask();
  }
  return answer;
}

function expectRedisUnavailable(answer: JsonAnswer): void {
  expect(answer.status).toBe(503);
  expectErrorEnvelope(answer.body, 'REDIS_UNAVAILABLE');
  expect(answer.headers.get('retry-after')).toBe('5');
  expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
}

describe('with Redis up', () => {
  it('logs in (200), /healthz says ok with "redis": "ok", /readyz is 200 ready', async () => {
    expect((await login()).status).toBe(200);
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', mode: 'configured', checks: { redis: 'ok' } } });
    const answer = await ready();
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ready', mode: 'configured', checks: { redis: 'ok' } });
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });
});

describe('Redis stopped under the running server', () => {
  beforeAll(async () => {
    await redis.stop();
  });

  it('POST /api/wechat/login answers 503 REDIS_UNAVAILABLE with Retry-After, every time, not 500 INTERNAL', async () => {
    for (const user of ['bob', 'carol', 'dave']) expectRedisUnavailable(await login(user));
    expect(logs.text()).not.toContain('"code":"INTERNAL"');
    expect(logs.text()).not.toContain('unexpected error');
  });

  it('/healthz stays 200 (liveness) and says degraded, "redis": "down"', async () => {
    const answer = await health();
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'degraded', mode: 'configured', checks: { redis: 'down' } });
  });

  it('/readyz is 503 unavailable, "redis": "down", with Retry-After', async () => {
    const answer = await ready();
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ status: 'unavailable', mode: 'configured', checks: { redis: 'down' } });
    expect(answer.headers.get('retry-after')).toBe('5');
  });

  it('warned once about the connection, not once per reconnect attempt, and never with the URL', async () => {
    // ioredis reports the lost connection on its own schedule (under load, after the 503s above): wait for it, bounded.
    for (let i = 0; i < 100 && !logs.text().includes('wechat store: redis error'); i++) await new Promise((r) => setTimeout(r, 50));
    const warnings = logs.lines().filter((line) => line.includes('wechat store: redis error'));
    expect(warnings).toHaveLength(1);
    expect(logs.text()).not.toContain(redis.url);
  });
});

describe('Redis started again on the same port', () => {
  beforeAll(async () => {
    await redis.restart();
  });

  it('the same server, not restarted, logs in again (200), /readyz 200 and /healthz ok', async () => {
    expect((await until(() => login('erin'), (answer) => answer.status === 200)).status).toBe(200);
    expect((await ready()).body).toEqual({ status: 'ready', mode: 'configured', checks: { redis: 'ok' } });
    expect((await health()).body).toEqual({ status: 'ok', mode: 'configured', checks: { redis: 'ok' } });
  });
});

describe('Redis that stops answering (SIGSTOP: connections open, no replies)', () => {
  afterAll(() => {
    redis.resume();
  });

  it('login answers 503 REDIS_UNAVAILABLE once the command timeout passes, /readyz 503, /healthz degraded', async () => {
    redis.pause();
    expectRedisUnavailable(await login('frank'));
    expect((await ready()).body).toEqual({ status: 'unavailable', mode: 'configured', checks: { redis: 'down' } });
    expect((await health()).body).toEqual({ status: 'degraded', mode: 'configured', checks: { redis: 'down' } });
  });

  it('and answers 200 again once Redis does', async () => {
    redis.resume();
    expect((await until(() => login('grace'), (answer) => answer.status === 200)).status).toBe(200);
    expect((await until(ready, (answer) => answer.status === 200)).status).toBe(200);
  });
});
