// `pnpm start` with REDIS_URL and no PHONEKIT_DATA_KEY: the WeChat store seals
// under the development key in the data dir (the accounts' key), so nothing
// needs setting up, and a restart on the same data dir still opens what an
// earlier run stored. Against a real redis-server (.ci/run installs it).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createWechatStore, loadConfig, type ServerConfig, type WechatStore } from '@phonekit/express';
import { withDevelopmentDataKey } from '../src/development-data-key';
import { startRedisServer, type RunningRedis } from '@phonekit/test-servers';

let redis: RunningRedis;
let dataDir: string;
const opened: WechatStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  dataDir = mkdtempSync(join(tmpdir(), 'phonekit-dev-redis-key-'));
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function configOf(env: Record<string, string>): ServerConfig {
  return loadConfig({ env: { NODE_ENV: 'development', WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 's', PHONEKIT_DATA_DIR: dataDir, ...env } });
}

function storeOf(config: ServerConfig): WechatStore {
  const store = createWechatStore(config);
  opened.push(store);
  return store;
}

describe('withDevelopmentDataKey', () => {
  describe('with REDIS_URL and no PHONEKIT_DATA_KEY', () => {
    it('gives the store the development key in the data dir, so a Redis store can be built', async () => {
      const loaded = configOf({ REDIS_URL: redis.url });
      expect(() => createWechatStore(loaded)).toThrow(/^PHONEKIT_DATA_KEY: is required with REDIS_URL/);
      const config = await withDevelopmentDataKey(loaded);
      expect(config.accounts.dataKey).toBe(readFileSync(join(dataDir, 'data-key'), 'utf8').trim());
      expect(config.accounts.dataKey).toMatch(/^dev:/);
      expect(storeOf(config).kind).toBe('redis');
    });

    it('opens after a restart on the same data dir what an earlier run stored', async () => {
      const session = { openid: 'o-dev-restart', sessionKey: randomBytes(16).toString('base64'), createdAt: Date.now() };
      await storeOf(await withDevelopmentDataKey(configOf({ REDIS_URL: redis.url }))).saveSession('restart', session, 600);
      const again = storeOf(await withDevelopmentDataKey(configOf({ REDIS_URL: redis.url })));
      expect(await again.loadSession('restart')).toEqual(session);
    });
  });

  it('keeps a PHONEKIT_DATA_KEY given, and leaves the configuration alone without REDIS_URL', async () => {
    const dataKey = randomBytes(32).toString('base64');
    const given = configOf({ REDIS_URL: redis.url, PHONEKIT_DATA_KEY: dataKey });
    expect(await withDevelopmentDataKey(given)).toBe(given);
    const memory = configOf({});
    expect(await withDevelopmentDataKey(memory)).toBe(memory);
  });
});
