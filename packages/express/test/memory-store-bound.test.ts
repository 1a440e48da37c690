// Issue 12, point 9: the in-memory WeChat session store is an LRU bounded
// by WECHAT_MEMORY_SESSIONS_MAX (default 100000): logins cannot grow the
// process without bound; the least recently used session goes first, and
// its user is told to log in again (401 WECHAT_SESSION_INVALID).
import { ConfigError } from '../src/config';
import { startServer, type RunningServer } from '../src/start-server';
import { createWechatStore } from '../src/store/create-wechat-store';
import { DEFAULT_MEMORY_SESSIONS_MAX, MemoryWechatStore } from '../src/store/memory-wechat-store';
import type { WechatSession } from '../src/store/wechat-store';
import { call, fakePlatforms, WECHAT_APP_ID, type Platforms } from './support/account-server';
import { configFromEnv, expectErrorEnvelope, silentLogger } from './support/server-fixtures';

const WECHAT_ENV = { WECHAT_APP_ID, WECHAT_APP_SECRET: 'sandbox-secret', RATE_LIMIT_PER_MINUTE: '0' };

const session = (openid: string): WechatSession => ({ openid, sessionKey: 'c2Vzc2lvbi1rZXktMTZi', createdAt: 0 });

describe('MemoryWechatStore', () => {
  it('keeps at most maxSessions: saving one more evicts the least recently used, and a load counts as a use', async () => {
    const store = new MemoryWechatStore({ maxSessions: 3 });
    for (const id of ['a', 'b', 'c']) await store.saveSession(id, session(id), 3600);
    expect((await store.loadSession('a'))?.openid).toBe('a');
    await store.saveSession('d', session('d'), 3600);
    expect(store.size).toBe(3);
    expect(store.evicted).toBe(1);
    expect(await store.loadSession('b')).toBeUndefined();
    for (const id of ['a', 'c', 'd']) expect((await store.loadSession(id))?.openid).toBe(id);
  });

  it('saving an id again replaces it without evicting anyone', async () => {
    const store = new MemoryWechatStore({ maxSessions: 2 });
    await store.saveSession('a', session('a'), 3600);
    await store.saveSession('b', session('b'), 3600);
    await store.saveSession('a', session('a2'), 3600);
    expect(store.evicted).toBe(0);
    expect((await store.loadSession('a'))?.openid).toBe('a2');
    expect((await store.loadSession('b'))?.openid).toBe('b');
  });

  it('sweeps expired sessions before evicting a live one', async () => {
    let now = 1_000_000;
    const store = new MemoryWechatStore({ maxSessions: 3, now: () => now });
    await store.saveSession('short-1', session('s1'), 60);
    await store.saveSession('short-2', session('s2'), 60);
    await store.saveSession('long', session('l'), 3600);
    now += 61_000;
    await store.saveSession('new', session('n'), 3600);
    expect(store.evicted).toBe(0);
    expect(store.size).toBe(2);
    expect((await store.loadSession('long'))?.openid).toBe('l');
  });

  it(`holds ${DEFAULT_MEMORY_SESSIONS_MAX} sessions by default, no more`, async () => {
    const store = new MemoryWechatStore();
    expect(store.maxSessions).toBe(100_000);
    for (let i = 0; i <= DEFAULT_MEMORY_SESSIONS_MAX; i++) await store.saveSession(`id-${i}`, session(`o-${i}`), 3600);
    expect(store.size).toBe(DEFAULT_MEMORY_SESSIONS_MAX);
    expect(await store.loadSession('id-0')).toBeUndefined();
    expect((await store.loadSession(`id-${DEFAULT_MEMORY_SESSIONS_MAX}`))?.openid).toBe(`o-${DEFAULT_MEMORY_SESSIONS_MAX}`);
  });

  it('refuses a bound that is not a whole number of at least 1', () => {
    for (const maxSessions of [0, -1, 1.5, Number.NaN]) expect(() => new MemoryWechatStore({ maxSessions })).toThrow(RangeError);
  });
});

describe('WECHAT_MEMORY_SESSIONS_MAX', () => {
  it('defaults to 100000 and bounds the store createWechatStore makes', () => {
    expect(configFromEnv(WECHAT_ENV).wechat.memorySessionsMax).toBe(100_000);
    const config = configFromEnv({ ...WECHAT_ENV, WECHAT_MEMORY_SESSIONS_MAX: '250' });
    expect(config.wechat.memorySessionsMax).toBe(250);
    const store = createWechatStore(config);
    expect(store).toBeInstanceOf(MemoryWechatStore);
    expect((store as MemoryWechatStore).maxSessions).toBe(250);
  });

  it.each(['0', '-5', '1.5', 'many', '10000001'])('refuses %j with a ConfigError naming the variable', (value) => {
    let thrown: unknown;
    try {
      configFromEnv({ ...WECHAT_ENV, WECHAT_MEMORY_SESSIONS_MAX: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toContain('WECHAT_MEMORY_SESSIONS_MAX');
  });
});

describe('over HTTP, with WECHAT_MEMORY_SESSIONS_MAX=2', () => {
  let platforms: Platforms;
  let server: RunningServer;

  beforeAll(async () => {
    platforms = fakePlatforms();
    const config = configFromEnv({ ...WECHAT_ENV, WECHAT_MEMORY_SESSIONS_MAX: '2' });
    server = await startServer(config, { logger: silentLogger(), port: 0, wechatTransport: platforms.transport });
  });

  afterAll(async () => {
    await server.close();
  });

  const login = async (user: string): Promise<string> => {
    const answer = await call(`${server.url}/api/wechat/login`, { body: { code: platforms.wechat.mintLoginCode(user) } });
    expect(answer.status).toBe(200);
    return String(answer.body['sessionToken']);
  };
  const legacyPhone = (user: string, token: string) =>
    call(`${server.url}/api/wechat/phone-number`, { token, body: { ...platforms.wechat.encryptPhoneForUser(user, '13800001111') } });

  it("a third login evicts the least recently used session: its user gets 401 WECHAT_SESSION_INVALID, the others' phones open", async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    expect((await legacyPhone('alice', alice)).status).toBe(200);
    const carol = await login('carol');
    const evicted = await legacyPhone('bob', bob);
    expect(evicted.status).toBe(401);
    expectErrorEnvelope(evicted.body, 'WECHAT_SESSION_INVALID');
    expect((await legacyPhone('alice', alice)).status).toBe(200);
    expect((await legacyPhone('carol', carol)).status).toBe(200);
  });
});
