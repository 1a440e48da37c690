import type { Express } from 'express';
import request from 'supertest';
import type { AlipaySandboxKeys, SandboxIdentity } from '@phonekit/sandbox';
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { createDevApp, type DevConfig } from '../src/index';
import { configFromEnv, envForKeys, expectErrorEnvelope, silentLogger } from './support/server-fixtures';

// The development app without keys plays Alipay with keys it generated. A
// payload from a real Alipay client (the Alipay IDE with sandbox: false) is
// signed and encrypted with the app's real keys, which the sandbox cannot
// know: its answer must say the server is in sandbox mode and how to give it
// the real keys, not "check ALIPAY_PUBLIC_KEY" when none is set.

let config: DevConfig;
let sandboxApp: Express;
let configuredApp: Express;
let realKeys: AlipaySandboxKeys;

function sandboxKeys(): SandboxIdentity {
  if (config.sandbox === undefined) throw new Error('expected sandbox mode');
  return config.sandbox;
}

beforeAll(() => {
  config = configFromEnv({});
  expect(config.config.mode).toBe('sandbox');
  sandboxApp = createDevApp(config.config, config.sandbox, { logger: silentLogger(), simulator: false });
  // "The app's real keys": any keys the sandbox did not generate, for the sandbox's own appId.
  realKeys = generateAlipaySandboxKeys({ appId: sandboxKeys().alipay.appId });
  const configured = configFromEnv(envForKeys(realKeys));
  expect(configured.config.mode).toBe('configured');
  configuredApp = createDevApp(configured.config, configured.sandbox, { logger: silentLogger() });
});

describe('POST /api/alipay/phone-number on the development app in sandbox mode', () => {
  describe('with a payload signed with other (real) keys', () => {
    it('answers 422 SIGNATURE_INVALID saying the server is in sandbox mode and that ALIPAY_PUBLIC_KEY gives it real keys', async () => {
      const payload = buildAlipayPhoneResponse(realKeys, 'success');
      const res = await request(sandboxApp).post('/api/alipay/phone-number').set('Content-Type', 'text/plain').send(payload);
      expect(res.status).toBe(422);
      const error = expectErrorEnvelope(res.body, 'SIGNATURE_INVALID');
      expect(error.message).toContain('sandbox mode');
      expect(error.message).toContain('/sandbox/alipay/phone-response');
      expect(error.hint).toContain('ALIPAY_PUBLIC_KEY');
      expect(error.hint).toContain('ALIPAY_AES_KEY');
      expect(error.hint).toContain('Switch to real keys');
      expect(error.hint).not.toMatch(/^Check ALIPAY_PUBLIC_KEY/);
      expect(error.hintZh).toContain('沙箱模式');
      expect(error.hintZh).toContain('ALIPAY_PUBLIC_KEY');
    });
  });

  describe('with a payload the sandbox signed but encrypted with another AES key', () => {
    it('answers 422 DECRYPTION_FAILED saying the server is in sandbox mode and naming ALIPAY_AES_KEY', async () => {
      const payload = buildAlipayPhoneResponse({ ...sandboxKeys().alipay, aesKeyBase64: realKeys.aesKeyBase64 }, 'success');
      const res = await request(sandboxApp).post('/api/alipay/phone-number').set('Content-Type', 'text/plain').send(payload);
      expect(res.status).toBe(422);
      const error = expectErrorEnvelope(res.body, 'DECRYPTION_FAILED');
      expect(error.message).toContain('sandbox mode');
      expect(error.hint).toContain('ALIPAY_AES_KEY');
      expect(error.hint).toContain('Switch to real keys');
      expect(error.hintZh).toContain('沙箱模式');
    });
  });

  describe('with a payload from its own sandbox route', () => {
    it('still answers 200 with the phone', async () => {
      const made = await request(sandboxApp).get('/sandbox/alipay/phone-response').query({ scenario: 'success' });
      const res = await request(sandboxApp).post('/api/alipay/phone-number').set('Content-Type', 'text/plain').send(made.text);
      expect(res.status).toBe(200);
    });
  });
});

describe('POST /api/alipay/phone-number on the development app with keys configured', () => {
  describe('with a payload signed with other keys', () => {
    it('answers 422 SIGNATURE_INVALID with the catalogue hint (check ALIPAY_PUBLIC_KEY), not the sandbox one', async () => {
      const stranger = generateAlipaySandboxKeys({ appId: realKeys.appId });
      const res = await request(configuredApp).post('/api/alipay/phone-number').set('Content-Type', 'text/plain').send(buildAlipayPhoneResponse(stranger, 'success'));
      expect(res.status).toBe(422);
      const error = expectErrorEnvelope(res.body, 'SIGNATURE_INVALID');
      expect(error.hint).toMatch(/^Check ALIPAY_PUBLIC_KEY/);
      expect(error.message).not.toContain('sandbox');
      expect(error.hintZh).not.toContain('沙箱模式');
    });
  });
});
