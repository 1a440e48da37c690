// The four platforms as the production server reaches them: over HTTP with
// fetch (fetchPlatformTransport), to stand-alone fakes of their APIs on
// 127.0.0.1 (the only doubles), configured by <PLATFORM>_API_BASE as an
// operator would point them at a proxy. Then two servers sharing one real
// Redis: one Douyin client_token for both, and a session opened on one
// server used on the other.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FakeBaiduApi,
  FakeDouyinApi,
  FakeKuaishouApi,
  FakeQqApi,
  createFakeBaiduListener,
  createFakeDouyinListener,
  createFakeKuaishouListener,
  createFakeQqListener,
  generateSandboxIdentity,
} from '@phonekit/sandbox';
import { startRedisServer, type RunningRedis } from '@phonekit/test-servers';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startServer, type RunningServer } from '../src/start-server';
import { createWechatStore } from '../src/store/create-wechat-store';
import type { WechatStore } from '../src/store/wechat-store';

const identity = generateSandboxIdentity();
const douyin = new FakeDouyinApi({ appId: identity.douyin.appId, appSecret: identity.douyin.appSecret, appPublicKeyPem: identity.douyin.appPublicKeyPem });
const baidu = new FakeBaiduApi({ appKey: identity.baidu.appKey, appSecret: identity.baidu.appSecret });
const qq = new FakeQqApi({ appId: identity.qq.appId, appSecret: identity.qq.appSecret });
const kuaishou = new FakeKuaishouApi({ appId: identity.kuaishou.appId, appSecret: identity.kuaishou.appSecret });

const listeners: Server[] = [];
async function listen(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  listeners.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let bases: Record<'douyin' | 'baidu' | 'qq' | 'kuaishou', string>;
let redis: RunningRedis;

beforeAll(async () => {
  bases = {
    douyin: await listen(createFakeDouyinListener(douyin)),
    baidu: await listen(createFakeBaiduListener(baidu)),
    qq: await listen(createFakeQqListener(qq)),
    kuaishou: await listen(createFakeKuaishouListener(kuaishou)),
  };
  redis = await startRedisServer();
});

afterAll(async () => {
  await Promise.all(listeners.map((server) => new Promise((resolve) => server.close(resolve))));
  await redis.stop();
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    RATE_LIMIT_PER_MINUTE: '0',
    DOUYIN_APP_ID: identity.douyin.appId,
    DOUYIN_APP_SECRET: identity.douyin.appSecret,
    DOUYIN_APP_PRIVATE_KEY: identity.douyin.appPrivateKeyPem,
    DOUYIN_API_BASE: bases.douyin,
    BAIDU_APP_KEY: identity.baidu.appKey,
    BAIDU_APP_SECRET: identity.baidu.appSecret,
    BAIDU_API_BASE: bases.baidu,
    QQ_APP_ID: identity.qq.appId,
    QQ_APP_SECRET: identity.qq.appSecret,
    QQ_API_BASE: bases.qq,
    KUAISHOU_APP_ID: identity.kuaishou.appId,
    KUAISHOU_APP_SECRET: identity.kuaishou.appSecret,
    KUAISHOU_API_BASE: bases.kuaishou,
    ...extra,
  };
}

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const legacyOf = (platform: 'douyin' | 'baidu' | 'qq' | 'kuaishou', user: string, mobile: string): { encryptedData: string; iv: string } => {
  const event = platform === 'douyin' ? douyin.phoneEvent(user, mobile) : platform === 'baidu' ? baidu.phoneEvent(user, mobile) : platform === 'qq' ? qq.phoneEvent(user, mobile) : kuaishou.phoneEvent(user, mobile);
  if (event === undefined) throw new Error(`${user} has not logged in to ${platform}`);
  return { encryptedData: event.encryptedData, iv: event.iv };
};

const loginCodeOf = (platform: 'douyin' | 'baidu' | 'qq' | 'kuaishou', user: string): string =>
  platform === 'douyin' ? douyin.mintLoginCode(user) : platform === 'baidu' ? baidu.mintLoginCode(user) : platform === 'qq' ? qq.mintLoginCode(user) : kuaishou.mintLoginCode(user);

describe('the production routes over HTTP to each platform (fetch, form and JSON bodies, Douyin\'s access-token header)', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(loadConfig({ env: env() }), { logger: createLogger('silent'), port: 0 });
  });

  afterAll(async () => {
    await server.close();
  });

  it.each(['douyin', 'baidu', 'qq', 'kuaishou'] as const)('%s: login, then the legacy phone with the session token', async (platform) => {
    const login = await post(`${server.url}/api/${platform}/login`, { code: loginCodeOf(platform, 'alice') });
    expect(login.status).toBe(200);
    const phone = await post(`${server.url}/api/${platform}/phone-number`, legacyOf(platform, 'alice', '13811112222'), login.body['sessionToken'] as string);
    expect(phone.status).toBe(200);
    expect(phone.body['e164']).toBe('+8613811112222');
  });

  it('douyin: the code flow, with the client_token sent in the access-token header', async () => {
    const answer = await post(`${server.url}/api/douyin/phone-number`, { code: douyin.mintPhoneCode('13911112222') });
    expect(answer.status).toBe(200);
    expect(answer.body['masked']).toBe('139****2222');
  });

  it('answers a platform that cannot be reached with its retryable 503 <PLATFORM>_SYSTEM_BUSY and keeps serving', async () => {
    const down = await startServer(loadConfig({ env: env({ QQ_API_BASE: 'http://127.0.0.1:9' }) }), { logger: createLogger('silent'), port: 0 });
    try {
      const answer = await post(`${down.url}/api/qq/login`, { code: qq.mintLoginCode('alice') });
      expect(answer.status).toBe(503);
      expect(answer.body['error']).toEqual(expect.objectContaining({ code: 'QQ_SYSTEM_BUSY', retryable: true }));
      expect((await fetch(`${down.url}/healthz`)).status).toBe(200);
    } finally {
      await down.close();
    }
  });
});

describe('two servers sharing one Redis', () => {
  let first: RunningServer;
  let second: RunningServer;
  const stores: WechatStore[] = [];
  const shared = (): Record<string, string> => env({ REDIS_URL: redis.url, PHONEKIT_DATA_KEY: Buffer.alloc(32, 9).toString('base64') });
  // Each server with its own Redis connection, as separate processes would have; the test owns and closes them.
  const start = async (): Promise<RunningServer> => {
    const config = loadConfig({ env: shared() });
    const wechatStore = createWechatStore(config);
    stores.push(wechatStore);
    return startServer(config, { logger: createLogger('silent'), port: 0, wechatStore });
  };

  beforeAll(async () => {
    first = await start();
    second = await start();
  });

  afterAll(async () => {
    await first.close();
    await second.close();
    await Promise.all(stores.map((store) => store.close()));
  });

  it('fetch one Douyin client_token between them (cached in Redis, sealed) for many code-flow requests', async () => {
    const before = douyin.stats().tokenFetches;
    const answers = await Promise.all(
      ['13800000001', '13800000002', '13800000003', '13800000004'].map((mobile, i) => post(`${(i % 2 === 0 ? first : second).url}/api/douyin/phone-number`, { code: douyin.mintPhoneCode(mobile) })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(douyin.stats().tokenFetches - before).toBe(1);
  });

  it.each(['douyin', 'baidu', 'qq', 'kuaishou'] as const)('%s: a session opened on one server answers the legacy flow on the other', async (platform) => {
    const login = await post(`${first.url}/api/${platform}/login`, { code: loginCodeOf(platform, 'bob') });
    expect(login.status).toBe(200);
    const phone = await post(`${second.url}/api/${platform}/phone-number`, legacyOf(platform, 'bob', '13722223333'), login.body['sessionToken'] as string);
    expect(phone.status).toBe(200);
    expect(phone.body['masked']).toBe('137****3333');
  });
});
