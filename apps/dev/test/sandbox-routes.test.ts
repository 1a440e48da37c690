import type { Express } from 'express';
import { isRecord } from '@phonekit/core';
import request from 'supertest';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { ALIPAY_SCENARIOS, buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import type { SandboxIdentity } from '@phonekit/sandbox';
import { createDevApp, type DevConfig } from '../src/index';
import { SCENARIO_OUTCOMES, configFromEnv, envForKeys, expectErrorEnvelope, expectPhoneBody, silentLogger } from './support/server-fixtures';

// In sandbox mode (no keys configured) phonekit plays Alipay with keys it
// generated; the sandbox routes exist only then.

let config: DevConfig;
let sandboxApp: Express;
let configuredApp: Express;
let otherKeys: AlipaySandboxKeys;

beforeAll(() => {
  config = configFromEnv({});
  expect(config.config.mode).toBe('sandbox');
  sandboxApp = createDevApp(config.config, config.sandbox, { logger: silentLogger(), simulator: false });
  otherKeys = generateAlipaySandboxKeys({ appId: '2021000000000777' });
  const configured = configFromEnv(envForKeys(otherKeys));
  configuredApp = createDevApp(configured.config, configured.sandbox, { logger: silentLogger() });
});

function sandboxKeys(): SandboxIdentity {
  if (config.sandbox === undefined) throw new Error('expected sandbox mode');
  return config.sandbox;
}

describe('GET /sandbox/alipay/scenarios', () => {
  describe('in sandbox mode', () => {
    it('answers 200 with every scenario and a description', async () => {
      const res = await request(sandboxApp).get('/sandbox/alipay/scenarios');
      expect(res.status).toBe(200);
      const body: unknown = res.body;
      if (!isRecord(body) || !Array.isArray(body['scenarios'])) throw new Error('expected {scenarios: [...]}');
      const scenarios: unknown[] = body['scenarios'];
      expect(scenarios.map((s) => (isRecord(s) ? s['id'] : undefined))).toEqual([...ALIPAY_SCENARIOS]);
      for (const s of scenarios) expect(isRecord(s) && typeof s['description'] === 'string' && s['description'] !== '').toBe(true);
    });
  });
});

describe('GET /sandbox/alipay/phone-response', () => {
  describe('in sandbox mode', () => {
    for (const scenario of ALIPAY_SCENARIOS) {
      const outcome = SCENARIO_OUTCOMES[scenario];
      describe(`with scenario=${scenario}, posted back to POST /api/alipay/phone-number`, () => {
        it(`answers ${outcome.status}${'code' in outcome ? ` ${outcome.code}` : ''}`, async () => {
          const made = await request(sandboxApp).get('/sandbox/alipay/phone-response').query({ scenario });
          expect(made.status).toBe(200);
          expect(made.headers['content-type']).toMatch(/^text\/plain/);
          const res = await request(sandboxApp).post('/api/alipay/phone-number').set('Content-Type', 'text/plain').send(made.text);
          expect(res.status).toBe(outcome.status);
          if ('phone' in outcome) expect(expectPhoneBody(res.body)).toMatchObject(outcome.phone);
          else expectErrorEnvelope(res.body, outcome.code);
        });
      });
    }

    describe('with a mobile', () => {
      it('makes a payload for that mobile', async () => {
        const made = await request(sandboxApp).get('/sandbox/alipay/phone-response?scenario=success&mobile=13900001111');
        expect(made.status).toBe(200);
        const res = await request(sandboxApp).post('/api/alipay/phone-number').set('Content-Type', 'application/x-www-form-urlencoded').send(made.text);
        expect(res.status).toBe(200);
        expect(expectPhoneBody(res.body)).toMatchObject({ mobile: '13900001111', masked: '139****1111' });
      });

      it('makes an overseas payload for 1-1234432112', async () => {
        const made = await request(sandboxApp).get('/sandbox/alipay/phone-response').query({ scenario: 'overseas', mobile: '1-1234432112' });
        const res = await request(sandboxApp).post('/api/alipay/phone-number').set('Content-Type', 'text/plain').send(made.text);
        expect(res.status).toBe(200);
        expect(expectPhoneBody(res.body).countryCode).toBe('1');
      });
    });

    describe('without a scenario', () => {
      it('makes a success payload', async () => {
        const made = await request(sandboxApp).get('/sandbox/alipay/phone-response');
        expect(made.status).toBe(200);
        const res = await request(sandboxApp).post('/api/alipay/phone-number').set('Content-Type', 'text/plain').send(made.text);
        expect(res.status).toBe(200);
      });
    });

    describe('with an unknown scenario', () => {
      it('answers 400 PAYLOAD_MALFORMED', async () => {
        const res = await request(sandboxApp).get('/sandbox/alipay/phone-response?scenario=explode');
        expect(res.status).toBe(400);
        expectErrorEnvelope(res.body, 'PAYLOAD_MALFORMED');
      });
    });

    describe('with a mobile that is not a phone number', () => {
      it('answers 400 PAYLOAD_MALFORMED', async () => {
        const res = await request(sandboxApp).get('/sandbox/alipay/phone-response').query({ scenario: 'success', mobile: '"},"x":"' });
        expect(res.status).toBe(400);
        expectErrorEnvelope(res.body, 'PAYLOAD_MALFORMED');
      });
    });
  });
});

describe('GET /sandbox/alipay/event-detail', () => {
  describe('in sandbox mode, posted back to POST /api/alipay/phone-number', () => {
    it('answers 200 with the phone', async () => {
      const made = await request(sandboxApp).get('/sandbox/alipay/event-detail?mobile=13700002222');
      expect(made.status).toBe(200);
      const res = await request(sandboxApp).post('/api/alipay/phone-number').set('Content-Type', 'application/json').send(JSON.stringify(made.body));
      expect(res.status).toBe(200);
      expect(expectPhoneBody(res.body).mobile).toBe('13700002222');
    });
  });
});

describe('GET /sandbox/alipay/config', () => {
  describe('in sandbox mode', () => {
    it('answers the public configuration and never the private key', async () => {
      const res = await request(sandboxApp).get('/sandbox/alipay/config');
      expect(res.status).toBe(200);
      const keys = sandboxKeys().alipay;
      expect(res.body).toEqual({ appId: keys.appId, publicKey: keys.publicKeyBase64, aesKey: keys.aesKeyBase64, signType: 'RSA2' });
      const privateBase64 = keys.privateKeyPem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '');
      expect(res.text).not.toContain('PRIVATE');
      expect(res.text).not.toContain(privateBase64.slice(40, 100));
      expect(res.text.toLowerCase()).not.toContain('private');
    });
  });
});

describe('POST /sandbox/alipay/inspect', () => {
  describe('in sandbox mode', () => {
    describe('without custom keys', () => {
      it('inspects a sandbox payload with the sandbox keys', async () => {
        const payload = buildAlipayPhoneResponse(sandboxKeys().alipay, 'success');
        const res = await request(sandboxApp).post('/sandbox/alipay/inspect').set('Content-Type', 'application/json').send(JSON.stringify({ payload }));
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ signature: 'valid', encrypted: true, phone: { mobile: '13811112222', masked: '138****2222' } });
        expect(res.body).not.toHaveProperty('error');
        const body: unknown = res.body;
        expect(isRecord(body) && Array.isArray(body['diagnosis']) && body['diagnosis'].length > 0).toBe(true);
      });

      it('reports the upstream error of a busy payload', async () => {
        const payload = buildAlipayPhoneResponse(sandboxKeys().alipay, 'busy');
        const res = await request(sandboxApp).post('/sandbox/alipay/inspect').send(JSON.stringify({ payload }));
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ signature: 'valid', error: { code: 'ALIPAY_BUSY', upstream: { code: '20000' } } });
      });

      it('reports SIGNATURE_INVALID for a payload made with other keys', async () => {
        const payload = buildAlipayPhoneResponse(otherKeys, 'success');
        const res = await request(sandboxApp).post('/sandbox/alipay/inspect').send(JSON.stringify({ payload }));
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ signature: 'invalid', body: null, error: { code: 'SIGNATURE_INVALID' } });
        expect(res.body).not.toHaveProperty('phone');
      });
    });

    describe('with custom keys', () => {
      it('inspects a payload made with those keys', async () => {
        const payload = buildAlipayPhoneResponse(otherKeys, 'success', { mobile: '13633334444' });
        const res = await request(sandboxApp)
          .post('/sandbox/alipay/inspect')
          .set('Content-Type', 'application/json')
          .send(JSON.stringify({ payload, aesKey: otherKeys.aesKeyBase64, publicKey: otherKeys.publicKeyPem }));
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ signature: 'valid', encrypted: true, phone: { mobile: '13633334444' } });
      });

      it('reports SIGNATURE_INVALID for a sandbox payload', async () => {
        const payload = buildAlipayPhoneResponse(sandboxKeys().alipay, 'success');
        const res = await request(sandboxApp)
          .post('/sandbox/alipay/inspect')
          .send(JSON.stringify({ payload, aesKey: otherKeys.aesKeyBase64, publicKey: otherKeys.publicKeyBase64 }));
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ signature: 'invalid', error: { code: 'SIGNATURE_INVALID' } });
      });

      it('accepts an unsigned payload only with allowUnsigned', async () => {
        const payload = buildAlipayPhoneResponse(otherKeys, 'unsigned');
        const refused = await request(sandboxApp).post('/sandbox/alipay/inspect').send(JSON.stringify({ payload, aesKey: otherKeys.aesKeyBase64 }));
        expect(refused.body).toMatchObject({ signature: 'absent', error: { code: 'SIGNATURE_MISSING' } });
        const allowed = await request(sandboxApp).post('/sandbox/alipay/inspect').send(JSON.stringify({ payload, aesKey: otherKeys.aesKeyBase64, allowUnsigned: true }));
        expect(allowed.body).toMatchObject({ signature: 'absent', phone: { mobile: '13811112222' } });
      });

      it('answers 422 with AES_KEY_INVALID for a bad AES key, without echoing it', async () => {
        const payload = buildAlipayPhoneResponse(otherKeys, 'success');
        const res = await request(sandboxApp).post('/sandbox/alipay/inspect').send(JSON.stringify({ payload, aesKey: 'c2hvcnQta2V5', publicKey: otherKeys.publicKeyBase64 }));
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ signature: 'unchecked', error: { code: 'AES_KEY_INVALID' } });
        expect(res.text).not.toContain('c2hvcnQta2V5');
      });

      it('answers 422 with PUBLIC_KEY_INVALID for a private key given as the public key', async () => {
        const payload = buildAlipayPhoneResponse(otherKeys, 'success');
        const res = await request(sandboxApp).post('/sandbox/alipay/inspect').send(JSON.stringify({ payload, aesKey: otherKeys.aesKeyBase64, publicKey: otherKeys.privateKeyPem }));
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ error: { code: 'PUBLIC_KEY_INVALID' } });
        expect(res.text).toContain('PRIVATE');
        expect(res.text).not.toContain(otherKeys.privateKeyPem.split('\n')[2] ?? 'unreachable');
      });
    });

    describe('with a body that is not JSON', () => {
      it('answers 400 INVALID_JSON', async () => {
        const res = await request(sandboxApp).post('/sandbox/alipay/inspect').set('Content-Type', 'text/plain').send('payload=abc');
        expect(res.status).toBe(400);
        expectErrorEnvelope(res.body, 'INVALID_JSON');
      });
    });

    describe('without a payload field', () => {
      it('answers 400 PAYLOAD_MALFORMED', async () => {
        const res = await request(sandboxApp).post('/sandbox/alipay/inspect').set('Content-Type', 'application/json').send('{"response":"abc"}');
        expect(res.status).toBe(400);
        expectErrorEnvelope(res.body, 'PAYLOAD_MALFORMED');
      });
    });
  });
});

describe('the sandbox routes', () => {
  describe('when keys are configured (not sandbox mode)', () => {
    const routes: ReadonlyArray<readonly ['get' | 'post', string]> = [
      ['get', '/sandbox/alipay/scenarios'],
      ['get', '/sandbox/alipay/phone-response?scenario=success'],
      ['get', '/sandbox/alipay/event-detail'],
      ['get', '/sandbox/alipay/config'],
      ['post', '/sandbox/alipay/inspect'],
    ];
    for (const [method, path] of routes) {
      it(`answers 404 NOT_FOUND to ${method.toUpperCase()} ${path}`, async () => {
        const res = method === 'get' ? await request(configuredApp).get(path) : await request(configuredApp).post(path).set('Content-Type', 'application/json').send('{"payload":"{}"}');
        expect(res.status).toBe(404);
        expectErrorEnvelope(res.body, 'NOT_FOUND');
        expect(res.text).not.toContain(otherKeys.aesKeyBase64);
      });
    }

    it('still serves GET /healthz with mode "configured"', async () => {
      const res = await request(configuredApp).get('/healthz');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', mode: 'configured' });
    });
  });
});
