// The sandbox runs only while no real key of ANY platform is configured: one
// real key of one platform and no sandbox route of any platform exists, in
// any NODE_ENV. (Found by issue 9: with real Alipay keys the fake WeChat was
// still mounted and "verified" a number of the caller's choice.)
import type { Express } from 'express';
import request from 'supertest';
import { generateAlipaySandboxKeys, generateSandboxIdentity, type AlipaySandboxKeys } from '@phonekit/sandbox';
import { createDevApp, loadDevConfig } from '../src/index';
import { expectErrorEnvelope, silentLogger } from './support/server-fixtures';

const SANDBOX_ROUTES = [
  '/sandbox/wechat/phone-code?mobile=13900000000',
  '/sandbox/wechat/login-code?user=mallory',
  '/sandbox/wechat/stats',
  '/sandbox/alipay/config',
  '/sandbox/alipay/scenarios',
  '/sandbox/alipay/phone-response?scenario=success&mobile=13900000000',
  '/sandbox/douyin/phone-code?mobile=13900000000',
  '/sandbox/douyin/login-code?user=mallory',
  '/sandbox/baidu/login-code?user=mallory',
  '/sandbox/qq/login-code?user=mallory',
  '/sandbox/kuaishou/phone-event?user=mallory&mobile=13900000000',
  '/',
  '/wechat',
  '/simulator/app.js',
];

let keys: AlipaySandboxKeys;
beforeAll(() => {
  keys = generateAlipaySandboxKeys();
});

// Given explicitly: the suite never writes the repository's .phonekit/data/sandbox-identity.json.
const identity = generateSandboxIdentity();

function devApp(env: Record<string, string>): Express {
  const { config, sandbox } = loadDevConfig({ env, identity });
  return createDevApp(config, sandbox, { logger: silentLogger() });
}

const configurations: ReadonlyArray<readonly [string, () => Record<string, string>]> = [
  ['real Alipay keys only', () => ({ ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64 })],
  ['only a PHONEKIT_CONFIG path (even a wrong one is a real key setting)', () => ({ PHONEKIT_CONFIG: 'no-such-file.json' })],
  ['real WeChat keys only', () => ({ WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 'a-real-looking-secret' })],
  ['real QQ keys only', () => ({ QQ_APP_ID: '1112223334', QQ_APP_SECRET: 'a-real-looking-secret' })],
  ['real Douyin keys only', () => ({ DOUYIN_APP_ID: 'tt0123456789abcdef', DOUYIN_APP_SECRET: 'a-real-looking-secret' })],
];

describe('the development app', () => {
  for (const [name, env] of configurations) {
    for (const NODE_ENV of ['development', 'test', 'production'] as const) {
      describe(`with ${name} and NODE_ENV=${NODE_ENV}`, () => {
        if (name.startsWith('only a PHONEKIT_CONFIG')) {
          it('refuses to start (the file is missing) instead of falling back to the sandbox', () => {
            expect(() => loadDevConfig({ env: { NODE_ENV, ...env() } })).toThrow(/^PHONEKIT_CONFIG: /);
          });
          return;
        }
        let app: Express;
        beforeAll(() => {
          app = devApp({ NODE_ENV, ...env() });
        });

        it('runs no sandbox: /healthz says configured', async () => {
          const res = await request(app).get('/healthz');
          expect(res.body).toEqual({ status: 'ok', mode: 'configured' });
        });

        it.each(SANDBOX_ROUTES)('answers 404 NOT_FOUND for GET %s', async (path) => {
          const res = await request(app).get(path);
          expect(res.status).toBe(404);
          expectErrorEnvelope(res.body, 'NOT_FOUND');
        });

        if (name === 'real QQ keys only') {
          it('answers DOUYIN_NOT_CONFIGURED for a Douyin phone code: no fake Douyin verifies it', async () => {
            const res = await request(app).post('/api/douyin/phone-number').set('content-type', 'application/json').send('{"code":"sandbox-phone-13900000000"}');
            expect(res.status).toBe(503);
            expectErrorEnvelope(res.body, 'DOUYIN_NOT_CONFIGURED');
          });
        }

        if (name === 'real Alipay keys only') {
          it('answers WECHAT_NOT_CONFIGURED for a WeChat phone code: no fake WeChat verifies it', async () => {
            const res = await request(app).post('/api/wechat/phone-number').set('content-type', 'application/json').send('{"code":"sandbox-phone-13900000000"}');
            expect(res.status).toBe(503);
            expectErrorEnvelope(res.body, 'WECHAT_NOT_CONFIGURED');
          });
        }
      });
    }
  }

  describe('with no keys at all and NODE_ENV=production', () => {
    it('refuses to start: the sandbox is for development only', () => {
      expect(() => loadDevConfig({ env: { NODE_ENV: 'production' } })).toThrow(/^NODE_ENV: is production and no keys are configured/);
    });
  });

  describe('with no keys at all in development', () => {
    it('runs the sandbox for every platform, with one identity', async () => {
      const { config, sandbox } = loadDevConfig({ env: { NODE_ENV: 'development' }, identity });
      expect(config.mode).toBe('sandbox');
      expect(sandbox).toBeDefined();
      expect(config.wechat.appId).toBe(sandbox?.wechat.appId);
      expect([...config.alipayApps.keys()]).toEqual([sandbox?.alipay.appId]);
      const app = createDevApp(config, sandbox, { logger: silentLogger(), simulator: false });
      expect((await request(app).get('/sandbox/alipay/config')).status).toBe(200);
      expect((await request(app).get('/sandbox/wechat/stats')).status).toBe(200);
      for (const platform of ['douyin', 'baidu', 'qq', 'kuaishou'] as const) {
        expect((await request(app).get(`/sandbox/${platform}/stats`)).status).toBe(200);
        expect(config.platforms[platform].mode).toBe('configured');
      }
      expect(config.platforms.douyin.appId).toBe(sandbox?.douyin.appId);
      expect(config.platforms.baidu.appId).toBe(sandbox?.baidu.appKey);
      expect(config.platforms.douyin.privateKey).toBeDefined();
    });
  });
});
