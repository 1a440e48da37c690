import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig, platformsWithKeys } from '../src/config';
import { SESSION_PLATFORMS, SESSION_PLATFORM_FACTS } from '../src/platforms/session-platforms';
import { makeScratchDir } from './support/server-fixtures';

// Douyin, Baidu, QQ and Kuaishou are configured like WeChat: id and secret
// both or neither, API bases checked, Douyin's private key read and checked
// at start. Mistakes stop the server with a ConfigError naming the variable
// and never the key.

const ALIPAY = { ALIPAY_AES_KEY: 'q83vEjRWeJCrze8SNFZ4kg==', ALIPAY_ALLOW_UNSIGNED: 'true' };
const scratch = makeScratchDir('phonekit-platforms-config-');
const load = (env: Record<string, string>) => loadConfig({ env: { NODE_ENV: 'test', ...ALIPAY, ...env }, baseDir: scratch.dir });

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();

afterAll(() => scratch.dispose());

describe('the Douyin, Baidu, QQ and Kuaishou configuration', () => {
  it('turns every platform off without its id and secret', () => {
    const { platforms } = load({});
    for (const platform of SESSION_PLATFORMS) {
      expect(platforms[platform]).toEqual(expect.objectContaining({ platform, mode: 'off', appId: '', apiBase: SESSION_PLATFORM_FACTS[platform].defaultApiBase }));
    }
  });

  it.each(SESSION_PLATFORMS)('configures %s with its id and secret, calling its documented host', (platform) => {
    const facts = SESSION_PLATFORM_FACTS[platform];
    const config = load({ [facts.appIdVariable]: 'app-1', [facts.appSecretVariable]: 'secret-1' }).platforms[platform];
    expect(config).toEqual(expect.objectContaining({ mode: 'configured', appId: 'app-1', appSecret: 'secret-1', apiBase: facts.defaultApiBase, sessionTtlSeconds: 86_400 }));
    expect(config.loginApiBase).toBe(facts.defaultLoginApiBase ?? facts.defaultApiBase);
  });

  it('sends Douyin logins to developer.toutiao.com and the OpenAPI to open.douyin.com; an API base given alone serves both (a sandbox)', () => {
    const keys = { DOUYIN_APP_ID: 'tt0123456789abcdef', DOUYIN_APP_SECRET: 's' };
    expect(load(keys).platforms.douyin).toEqual(expect.objectContaining({ apiBase: 'https://open.douyin.com', loginApiBase: 'https://developer.toutiao.com' }));
    expect(load({ ...keys, DOUYIN_API_BASE: 'http://127.0.0.1:9/' }).platforms.douyin).toEqual(expect.objectContaining({ apiBase: 'http://127.0.0.1:9', loginApiBase: 'http://127.0.0.1:9' }));
    expect(load({ ...keys, DOUYIN_API_BASE: 'http://127.0.0.1:9', DOUYIN_LOGIN_API_BASE: 'http://127.0.0.1:8' }).platforms.douyin.loginApiBase).toBe('http://127.0.0.1:8');
  });

  it.each(SESSION_PLATFORMS)('refuses %s with an id and no secret, or a secret and no id, naming the missing variable', (platform) => {
    const facts = SESSION_PLATFORM_FACTS[platform];
    expect(configErrorOf({ [facts.appIdVariable]: 'app-1' }).variable).toBe(facts.appSecretVariable);
    const noId = configErrorOf({ [facts.appSecretVariable]: 'secret-that-must-not-show' });
    expect(noId.variable).toBe(facts.appIdVariable);
    expect(noId.message).not.toContain('secret-that-must-not-show');
  });

  it.each(SESSION_PLATFORMS)('refuses an API base for %s that is not an http(s) URL', (platform) => {
    const facts = SESSION_PLATFORM_FACTS[platform];
    const error = configErrorOf({ [facts.appIdVariable]: 'a', [facts.appSecretVariable]: 's', [facts.apiBaseVariable]: 'ftp://example.com' });
    expect(error.variable).toBe(facts.apiBaseVariable);
    expect(error.message).toMatch(/must start with https:\/\/ or http:\/\//);
  });

  it('reads the data age limits', () => {
    const config = load({ QQ_APP_ID: '1', QQ_APP_SECRET: 's', QQ_MAX_DATA_AGE_SECONDS: '300', DOUYIN_APP_ID: 'tt1', DOUYIN_APP_SECRET: 's', DOUYIN_MAX_DATA_AGE_SECONDS: '60' });
    expect(config.platforms.qq.maxDataAgeSeconds).toBe(300);
    expect(config.platforms.douyin.maxDataAgeSeconds).toBe(60);
    expect(config.platforms.kuaishou.maxDataAgeSeconds).toBeUndefined();
  });

  describe("Douyin's private key (DOUYIN_APP_PRIVATE_KEY)", () => {
    const keys = { DOUYIN_APP_ID: 'tt0123456789abcdef', DOUYIN_APP_SECRET: 's' };

    it('reads PEM text, or a file', () => {
      expect(load({ ...keys, DOUYIN_APP_PRIVATE_KEY: privatePem }).platforms.douyin.privateKey?.modulusBytes).toBe(256);
      const file = scratch.write('douyin-private.pem', privatePem);
      expect(load({ ...keys, DOUYIN_APP_PRIVATE_KEY: file }).platforms.douyin.privateKey?.modulusBytes).toBe(256);
      expect(load(keys).platforms.douyin.privateKey).toBeUndefined();
    });

    it('refuses a public key in its place, naming the variable and never echoing the text', () => {
      const error = configErrorOf({ ...keys, DOUYIN_APP_PRIVATE_KEY: publicPem });
      expect(error.variable).toBe('DOUYIN_APP_PRIVATE_KEY');
      expect(error.message).not.toContain(publicPem.split('\n')[1]);
    });

    it('refuses a key file that does not exist, naming the path', () => {
      const error = configErrorOf({ ...keys, DOUYIN_APP_PRIVATE_KEY: '@./missing-douyin.pem' });
      expect(error.variable).toBe('DOUYIN_APP_PRIVATE_KEY');
      expect(error.message).toMatch(/missing-douyin\.pem/);
    });

    it('refuses a key without DOUYIN_APP_ID', () => {
      expect(configErrorOf({ DOUYIN_APP_PRIVATE_KEY: privatePem }).variable).toBe('DOUYIN_APP_ID');
    });
  });

  it('counts each platform with a key as configured for real (the development app then runs no sandbox)', () => {
    expect(platformsWithKeys({ QQ_APP_ID: '1' })).toEqual(['qq']);
    expect(platformsWithKeys({ BAIDU_APP_SECRET: 's', DOUYIN_APP_PRIVATE_KEY: 'x' })).toEqual(['douyin', 'baidu']);
    expect(platformsWithKeys({ KUAISHOU_APP_ID: ' ' })).toEqual([]);
  });

  it('starts with one of these platforms alone, and names all of them when none is configured', () => {
    expect(loadConfig({ env: { NODE_ENV: 'test', KUAISHOU_APP_ID: 'ks1', KUAISHOU_APP_SECRET: 's' } }).platforms.kuaishou.mode).toBe('configured');
    let error: unknown;
    try {
      loadConfig({ env: { NODE_ENV: 'test' } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of ['DOUYIN_APP_ID', 'BAIDU_APP_KEY', 'QQ_APP_ID', 'KUAISHOU_APP_ID']) expect((error as Error).message).toContain(name);
  });
});
