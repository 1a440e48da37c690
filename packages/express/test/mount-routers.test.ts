// A team's own Express 5 app mounts phonekit's routers and nothing else of
// ours: they read their own bodies, answer their own errors in phonekit's
// envelope, and leave the rest of the app alone.
import express, { type Express } from 'express';
import request from 'supertest';
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys, type AlipaySandboxKeys } from '@phonekit/sandbox';
import { ConfigError } from '../src/config';
import { alipayRouter } from '../src/routes/alipay';
import { wechatRouter } from '../src/routes/wechat';
import { defineAlipayApps } from '../src/services/alipay-apps';
import { MemoryWechatStore } from '../src/store/memory-wechat-store';
import { configFromEnv, envForKeys, expectErrorEnvelope, expectPhoneBody, silentLogger } from './support/server-fixtures';

let keys: AlipaySandboxKeys;
let app: Express;

beforeAll(() => {
  keys = generateAlipaySandboxKeys();
  app = express();
  app.get('/their-own-route', (_req, res) => {
    res.type('text/plain').send('untouched');
  });
  app.use('/api/alipay', alipayRouter({ alipayApps: defineAlipayApps([{ publicKey: keys.publicKeyPem, aesKey: keys.aesKeyBase64 }]) }, { logger: silentLogger() }));
  const config = configFromEnv({ ...envForKeys(keys), WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 'secret', WECHAT_API_BASE: 'http://127.0.0.1:9' });
  app.use('/api/wechat', wechatRouter(config, { store: new MemoryWechatStore(), logger: silentLogger() }));
});

describe("alipayRouter in a team's own express()", () => {
  describe('with a signed res.response posted as text/plain', () => {
    it('answers 200 with the phone JSON', async () => {
      const res = await request(app).post('/api/alipay/phone-number').set('content-type', 'text/plain').send(buildAlipayPhoneResponse(keys, 'success'));
      expect(res.status).toBe(200);
      expect(expectPhoneBody(res.body).e164).toBe('+8613811112222');
    });
  });

  describe('with a tampered sign', () => {
    it('answers 422 SIGNATURE_INVALID in the envelope, without the app installing an error handler', async () => {
      const raw = buildAlipayPhoneResponse(keys, 'tampered-sign');
      const res = await request(app).post('/api/alipay/phone-number').set('content-type', 'application/json').send(raw);
      expect(res.status).toBe(422);
      expectErrorEnvelope(res.body, 'SIGNATURE_INVALID');
    });
  });

  describe('with a body larger than 64 KiB', () => {
    it('answers 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await request(app).post('/api/alipay/phone-number').set('content-type', 'text/plain').send('x'.repeat(70_000));
      expect(res.status).toBe(413);
      expectErrorEnvelope(res.body, 'PAYLOAD_TOO_LARGE');
    });
  });

  it("leaves the app's own routes alone", async () => {
    const res = await request(app).get('/their-own-route');
    expect(res.text).toBe('untouched');
  });
});

describe("wechatRouter in a team's own express()", () => {
  describe('when WeChat cannot be reached', () => {
    it('answers 503 WECHAT_SYSTEM_BUSY in the envelope', async () => {
      const res = await request(app).post('/api/wechat/login').set('content-type', 'application/json').send('{"code":"0a1b2c"}');
      expect(res.status).toBe(503);
      expectErrorEnvelope(res.body, 'WECHAT_SYSTEM_BUSY');
    });
  });
});

describe('defineAlipayApps', () => {
  it('names the app and field of a bad key without echoing it', () => {
    expect(() => defineAlipayApps([{ publicKey: keys.privateKeyPem, aesKey: keys.aesKeyBase64 }])).toThrow(ConfigError);
    expect(() => defineAlipayApps([{ publicKey: keys.privateKeyPem, aesKey: keys.aesKeyBase64 }])).toThrow(/^apps\[0\]\.publicKey: .*private/i);
  });

  it('requires an appId for each of several apps', () => {
    expect(() => defineAlipayApps([{ publicKey: keys.publicKeyPem, aesKey: keys.aesKeyBase64 }, { appId: '2', publicKey: keys.publicKeyPem, aesKey: keys.aesKeyBase64 }])).toThrow(/^apps\[0\]\.appId: /);
  });

  it('requires a public key unless unsigned payloads are allowed', () => {
    expect(() => defineAlipayApps([{ aesKey: keys.aesKeyBase64 }])).toThrow(/^apps\[0\]\.publicKey: is required/);
    expect(defineAlipayApps([{ aesKey: keys.aesKeyBase64, allowUnsigned: true }]).size).toBe(1);
  });
});
