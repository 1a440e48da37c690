import { ConfigError, loadConfig } from '../src/config';

// An Alipay app is configured too, so that a config without WeChat keys still has a platform.
const ALIPAY = { ALIPAY_AES_KEY: 'q83vEjRWeJCrze8SNFZ4kg==', ALIPAY_ALLOW_UNSIGNED: 'true' };
const load = (env: Record<string, string>) => loadConfig({ env: { NODE_ENV: 'test', ...ALIPAY, ...env } });

describe('the WeChat configuration', () => {
  describe('without WECHAT_APP_ID and WECHAT_APP_SECRET', () => {
    it('turns the WeChat routes off (no sandbox in any NODE_ENV)', () => {
      for (const NODE_ENV of ['development', 'test']) {
        const { wechat, redisUrl } = load({ NODE_ENV });
        expect(wechat).toEqual(expect.objectContaining({ mode: 'off', appId: '', apiBase: 'https://api.weixin.qq.com', tokenEndpoint: 'stable', sessionTtlSeconds: 86_400 }));
        expect(redisUrl).toBeUndefined();
      }
    });
  });

  describe('with both keys', () => {
    it('calls api.weixin.qq.com unless WECHAT_API_BASE says otherwise', () => {
      expect(load({ WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 's' }).wechat).toEqual(
        expect.objectContaining({ mode: 'configured', appId: 'wx0123456789abcdef', apiBase: 'https://api.weixin.qq.com' }),
      );
      expect(load({ WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 's', WECHAT_API_BASE: 'http://127.0.0.1:9/' }).wechat.apiBase).toBe('http://127.0.0.1:9');
    });

    it('reads the token endpoint, the data age, the session TTL and REDIS_URL', () => {
      const config = load({
        WECHAT_APP_ID: 'wx0123456789abcdef',
        WECHAT_APP_SECRET: 's',
        WECHAT_TOKEN_ENDPOINT: 'token',
        WECHAT_MAX_DATA_AGE_SECONDS: '300',
        SESSION_TTL_SECONDS: '3600',
        REDIS_URL: 'redis://127.0.0.1:6379/2',
      });
      expect(config.wechat).toEqual(expect.objectContaining({ tokenEndpoint: 'token', maxDataAgeSeconds: 300, sessionTtlSeconds: 3600 }));
      expect(config.redisUrl).toBe('redis://127.0.0.1:6379/2');
    });
  });

  describe('with REDIS_URL', () => {
    // WeChat alone (the unsigned Alipay app of the other tests is refused in production).
    const redis = { ALIPAY_AES_KEY: '', ALIPAY_ALLOW_UNSIGNED: 'false', WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 's', REDIS_URL: 'redis://127.0.0.1:6379' };

    it('refuses production without PHONEKIT_DATA_KEY, saying what it protects and how to make one', () => {
      expect(() => load({ NODE_ENV: 'production', ...redis })).toThrow(ConfigError);
      expect(() => load({ NODE_ENV: 'production', ...redis })).toThrow(
        /^PHONEKIT_DATA_KEY: is required with REDIS_URL: the WeChat sessions \(session_key, openid\) and the access token kept in Redis are sealed under it \(AES-256-GCM\)\. Generate one with `openssl rand -base64 32`/,
      );
      expect(() => load({ NODE_ENV: 'production', ...redis, PHONEKIT_DATA_KEY: '  ' })).toThrow(/^PHONEKIT_DATA_KEY: is required with REDIS_URL/);
    });

    it('starts in production with PHONEKIT_DATA_KEY, which the store seals under', () => {
      const dataKey = Buffer.alloc(32, 7).toString('base64');
      const config = load({ NODE_ENV: 'production', ...redis, PHONEKIT_DATA_KEY: dataKey });
      expect(config.redisUrl).toBe(redis.REDIS_URL);
      expect(config.accounts.dataKey).toBe(dataKey);
    });

    it('leaves development to the app, which gives the store its development key (createWechatStore refuses a Redis store without one)', () => {
      expect(load({ NODE_ENV: 'development', ...redis }).accounts.dataKey).toBeUndefined();
    });
  });

  describe('with a mistake', () => {
    it.each([
      [{ WECHAT_APP_ID: 'wx0123456789abcdef' }, 'WECHAT_APP_SECRET'],
      [{ WECHAT_APP_SECRET: 's' }, 'WECHAT_APP_ID'],
      [{ WECHAT_API_BASE: 'api.weixin.qq.com' }, 'WECHAT_API_BASE'],
      [{ WECHAT_TOKEN_ENDPOINT: 'fast' }, 'WECHAT_TOKEN_ENDPOINT'],
      [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    ])('refuses %j naming %s', (env, variable) => {
      expect(() => load(env)).toThrow(ConfigError);
      expect(() => load(env)).toThrow(new RegExp(`^${variable}:`));
    });
  });
});
