import type { Express } from 'express';
import request from 'supertest';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { buildAlipayEventDetail, buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { createApp } from '../src/app';
import { configFromEnv, expectErrorEnvelope, expectPhoneBody, makeScratchDir, silentLogger } from './support/server-fixtures';

// Two apps with different keys in a PHONEKIT_CONFIG file: a payload is only
// ever checked with the keys of the app it names.

const ROUTE = '/api/alipay/phone-number';
const APP_A = '2021000000000001';
const APP_B = '2021000000000002';
const scratch = makeScratchDir('phonekit-apps-');

let keysA: AlipaySandboxKeys;
let keysB: AlipaySandboxKeys;
let app: Express;

beforeAll(() => {
  keysA = generateAlipaySandboxKeys({ appId: APP_A });
  keysB = generateAlipaySandboxKeys({ appId: APP_B });
  // App B's public key is a file next to the config, named relative to it.
  scratch.write('app-b-alipay-public.pem', keysB.publicKeyPem);
  const file = {
    alipay: {
      apps: [
        { appId: APP_A, publicKey: keysA.publicKeyBase64, aesKey: keysA.aesKeyBase64 },
        { appId: APP_B, publicKey: './app-b-alipay-public.pem', aesKey: keysB.aesKeyBase64, signType: 'RSA2' },
      ],
    },
  };
  const configPath = scratch.write('phonekit.json', JSON.stringify(file, null, 2));
  const config = configFromEnv({ PHONEKIT_CONFIG: configPath });
  expect(config.mode).toBe('configured');
  expect([...config.alipayApps.keys()].sort()).toEqual([APP_A, APP_B]);
  app = createApp(config, { logger: silentLogger() });
});

afterAll(() => {
  scratch.dispose();
});

const payloadA = (): string => buildAlipayPhoneResponse(keysA, 'success', { mobile: '13811110001' });
const payloadB = (): string => buildAlipayPhoneResponse(keysB, 'success', { mobile: '13811110002' });

describe('POST /api/alipay/phone-number', () => {
  describe('with two apps configured in PHONEKIT_CONFIG', () => {
    describe('with X-Alipay-App-Id naming the app that made the payload', () => {
      it('answers 200 for app A with keys of app A', async () => {
        const res = await request(app).post(ROUTE).set('X-Alipay-App-Id', APP_A).set('Content-Type', 'text/plain').send(payloadA());
        expect(res.status).toBe(200);
        expect(expectPhoneBody(res.body).mobile).toBe('13811110001');
      });

      it('answers 200 for app B with keys of app B (a key file relative to the config file)', async () => {
        const res = await request(app).post(ROUTE).set('X-Alipay-App-Id', APP_B).set('Content-Type', 'application/x-www-form-urlencoded').send(payloadB());
        expect(res.status).toBe(200);
        expect(expectPhoneBody(res.body).mobile).toBe('13811110002');
      });

      it('answers 200 for the event detail of app B', async () => {
        const detail = buildAlipayEventDetail(keysB, { mobile: '13811110003' });
        const res = await request(app).post(ROUTE).set('X-Alipay-App-Id', APP_B).set('Content-Type', 'application/json').send(JSON.stringify(detail));
        expect(res.status).toBe(200);
        expect(expectPhoneBody(res.body).mobile).toBe('13811110003');
      });
    });

    describe('with "appId" in the JSON wrapper', () => {
      it('answers 200 for app A', async () => {
        const res = await request(app).post(ROUTE).set('Content-Type', 'application/json').send(JSON.stringify({ response: payloadA(), appId: APP_A }));
        expect(res.status).toBe(200);
        expect(expectPhoneBody(res.body).mobile).toBe('13811110001');
      });

      it('answers 200 for app B', async () => {
        const res = await request(app).post(ROUTE).set('Content-Type', 'application/json').send(JSON.stringify({ appId: APP_B, response: payloadB() }));
        expect(res.status).toBe(200);
        expect(expectPhoneBody(res.body).mobile).toBe('13811110002');
      });
    });

    describe('with a payload of app A sent as app B', () => {
      it('answers 422 SIGNATURE_INVALID by header: keys are isolated per app', async () => {
        const res = await request(app).post(ROUTE).set('X-Alipay-App-Id', APP_B).set('Content-Type', 'text/plain').send(payloadA());
        expect(res.status).toBe(422);
        expectErrorEnvelope(res.body, 'SIGNATURE_INVALID');
      });

      it('answers 422 SIGNATURE_INVALID by wrapper appId', async () => {
        const res = await request(app).post(ROUTE).set('Content-Type', 'application/json').send(JSON.stringify({ response: payloadA(), appId: APP_B }));
        expect(res.status).toBe(422);
        expectErrorEnvelope(res.body, 'SIGNATURE_INVALID');
      });

      it('answers 422 SIGNATURE_INVALID when the header says B and the wrapper says A (the header wins)', async () => {
        const res = await request(app)
          .post(ROUTE)
          .set('X-Alipay-App-Id', APP_B)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify({ response: payloadA(), appId: APP_A }));
        expect(res.status).toBe(422);
        expectErrorEnvelope(res.body, 'SIGNATURE_INVALID');
      });
    });

    describe('with an appId no app has', () => {
      it('answers 400 APP_NOT_CONFIGURED by header', async () => {
        const res = await request(app).post(ROUTE).set('X-Alipay-App-Id', '2021999999999999').set('Content-Type', 'text/plain').send(payloadA());
        expect(res.status).toBe(400);
        expectErrorEnvelope(res.body, 'APP_NOT_CONFIGURED');
      });

      it('answers 400 APP_NOT_CONFIGURED by wrapper, echoing at most 40 characters of it', async () => {
        const longId = `evil${'x'.repeat(500)}`;
        const res = await request(app).post(ROUTE).set('Content-Type', 'application/json').send(JSON.stringify({ response: payloadA(), appId: longId }));
        expect(res.status).toBe(400);
        const error = expectErrorEnvelope(res.body, 'APP_NOT_CONFIGURED');
        expect(error.message).not.toContain('x'.repeat(41));
      });
    });

    describe('without an appId', () => {
      it('answers 400 APP_ID_REQUIRED for a bare res.response', async () => {
        const res = await request(app).post(ROUTE).set('Content-Type', 'text/plain').send(payloadA());
        expect(res.status).toBe(400);
        expectErrorEnvelope(res.body, 'APP_ID_REQUIRED');
      });

      it('answers 400 APP_ID_REQUIRED for the event detail', async () => {
        const res = await request(app).post(ROUTE).set('Content-Type', 'application/json').send(JSON.stringify(buildAlipayEventDetail(keysA)));
        expect(res.status).toBe(400);
        expectErrorEnvelope(res.body, 'APP_ID_REQUIRED');
      });

      it('answers 400 APP_ID_REQUIRED for a blank X-Alipay-App-Id', async () => {
        const res = await request(app).post(ROUTE).set('X-Alipay-App-Id', '   ').set('Content-Type', 'text/plain').send(payloadA());
        expect(res.status).toBe(400);
        expectErrorEnvelope(res.body, 'APP_ID_REQUIRED');
      });
    });
  });
});

describe('GET /sandbox/alipay/config', () => {
  describe('when apps are configured in PHONEKIT_CONFIG', () => {
    it('answers 404 NOT_FOUND: the sandbox is off', async () => {
      const res = await request(app).get('/sandbox/alipay/config');
      expect(res.status).toBe(404);
      expectErrorEnvelope(res.body, 'NOT_FOUND');
    });
  });
});
