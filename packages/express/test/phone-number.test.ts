import { createCipheriv } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { Response } from 'supertest';
import type { AlipayScenario, AlipaySandboxKeys } from '@phonekit/sandbox';
import { ALIPAY_SCENARIOS, buildAlipayEventDetail, buildAlipayPhoneResponse, encryptAlipayContent, generateAlipaySandboxKeys, signAlipayContent } from '@phonekit/sandbox';
import { createApp } from '../src/app';
import {
  SCENARIO_OUTCOMES,
  configFromEnv,
  envForKeys,
  eventDetailOf,
  expectErrorEnvelope,
  expectPhoneBody,
  partsOf,
  silentLogger,
  successPayloadWithPlus,
} from './support/server-fixtures';

// Every sandbox scenario, under every way a client may deliver res.response,
// through the real app over HTTP. The app is configured from env variables
// exactly as an operator would, with keys the sandbox generated.

const ROUTE = '/api/alipay/phone-number';

let keys: AlipaySandboxKeys;
let app: Express;

beforeAll(() => {
  keys = generateAlipaySandboxKeys();
  app = createApp(configFromEnv(envForKeys(keys)), { logger: silentLogger() });
});

interface Delivery {
  readonly name: string;
  /** Scenarios whose payload has no such form (an unencrypted body has no event variant). */
  readonly without?: readonly AlipayScenario[];
  readonly send: (raw: string) => Promise<Response>;
}

const DELIVERIES: readonly Delivery[] = [
  { name: 'as application/x-www-form-urlencoded', send: (raw) => request(app).post(ROUTE).set('Content-Type', 'application/x-www-form-urlencoded').send(raw) },
  { name: 'as text/plain', send: (raw) => request(app).post(ROUTE).set('Content-Type', 'text/plain').send(raw) },
  { name: 'as application/json', send: (raw) => request(app).post(ROUTE).set('Content-Type', 'application/json').send(raw) },
  // A Buffer body makes superagent send no Content-Type at all.
  { name: 'with no content type', send: (raw) => request(app).post(ROUTE).send(Buffer.from(raw, 'utf8')) },
  { name: 'wrapped as {"response": "<string>"}', send: (raw) => request(app).post(ROUTE).set('Content-Type', 'application/json').send(JSON.stringify({ response: raw })) },
  {
    name: 'as the event detail {encryptedData, sign}',
    without: ['missing-encrypt-key'],
    send: (raw) => {
      const detail = eventDetailOf(raw);
      if (detail === undefined) throw new Error('this payload has no ciphertext, so no event form');
      return request(app).post(ROUTE).set('Content-Type', 'application/json').send(JSON.stringify(detail));
    },
  },
];

describe('POST /api/alipay/phone-number', () => {
  for (const delivery of DELIVERIES) {
    describe(`sent ${delivery.name}`, () => {
      for (const scenario of ALIPAY_SCENARIOS.filter((s) => delivery.without?.includes(s) !== true)) {
        const outcome = SCENARIO_OUTCOMES[scenario];
        describe(`with the sandbox "${scenario}" payload`, () => {
          const title = 'phone' in outcome ? 'answers 200 with the normalised phone' : `answers ${outcome.status} ${outcome.code}`;
          it(title, async () => {
            const res = await delivery.send(buildAlipayPhoneResponse(keys, scenario));
            expect(res.status).toBe(outcome.status);
            expect(res.headers['content-type']).toMatch(/^application\/json/);
            if ('phone' in outcome) {
              expect(expectPhoneBody(res.body)).toMatchObject(outcome.phone);
              return;
            }
            const error = expectErrorEnvelope(res.body, outcome.code);
            if (outcome.retryable !== undefined) expect(error.retryable).toBe(outcome.retryable);
            if (outcome.upstream !== undefined) expect(error.upstream).toEqual(outcome.upstream);
            if (outcome.status === 503) expect(res.headers['retry-after']).toBe('1');
            else expect(res.headers['retry-after']).toBeUndefined();
          });
        });
      }
    });
  }

  describe('with the sandbox event detail {encryptedData, sign} (base library 2.8.0+)', () => {
    it('answers 200 with the phone', async () => {
      const detail = buildAlipayEventDetail(keys, { mobile: '13900001111' });
      const res = await request(app).post(ROUTE).set('Content-Type', 'application/json').send(JSON.stringify(detail));
      expect(res.status).toBe(200);
      expect(expectPhoneBody(res.body)).toMatchObject({ mobile: '13900001111', e164: '+8613900001111', masked: '139****1111' });
    });
  });

  describe('with an overseas number', () => {
    it('answers the country code, national number and E.164 apart', async () => {
      const res = await request(app).post(ROUTE).set('Content-Type', 'text/plain').send(buildAlipayPhoneResponse(keys, 'overseas', { mobile: '1-1234432112' }));
      expect(res.status).toBe(200);
      const phone = expectPhoneBody(res.body);
      expect(phone.countryCode).toBe('1');
      expect(phone.nationalNumber).toBe('1234432112');
      expect(phone.e164).toBe('+11234432112');
      expect(phone.masked).not.toContain('1234432112');
    });
  });

  describe('with a "+" in the ciphertext and the sign, sent as application/x-www-form-urlencoded', () => {
    let raw: string;
    let mobile: string;
    beforeAll(() => {
      ({ raw, mobile } = successPayloadWithPlus(keys));
    });

    it('answers 200: the body is not url-decoded, so "+" survives', async () => {
      const { ciphertext, sign } = partsOf(raw);
      expect(ciphertext).toContain('+');
      expect(sign).toContain('+');
      const res = await request(app).post(ROUTE).set('Content-Type', 'application/x-www-form-urlencoded').send(raw);
      expect(res.status).toBe(200);
      expect(expectPhoneBody(res.body).mobile).toBe(mobile);
    });

    it('answers 422 SIGNATURE_INVALID when something on the way turned "+" into spaces', async () => {
      const res = await request(app).post(ROUTE).set('Content-Type', 'application/x-www-form-urlencoded').send(raw.replace(/\+/g, ' '));
      expect(res.status).toBe(422);
      expectErrorEnvelope(res.body, 'SIGNATURE_INVALID');
    });
  });

  describe('with sign_type RSA declared to an app configured for RSA2', () => {
    it('answers 422 SIGN_TYPE_MISMATCH: the payload cannot pick a weaker algorithm', async () => {
      const res = await request(app).post(ROUTE).set('Content-Type', 'text/plain').send(buildAlipayPhoneResponse(keys, 'success', { signType: 'RSA' }));
      expect(res.status).toBe(422);
      expectErrorEnvelope(res.body, 'SIGN_TYPE_MISMATCH');
    });
  });

  describe('with an RSA (SHA1withRSA) payload to an app configured with ALIPAY_SIGN_TYPE=RSA', () => {
    it('answers 200 with the phone', async () => {
      const rsaApp = createApp(configFromEnv({ ...envForKeys(keys), ALIPAY_SIGN_TYPE: 'rsa' }), { logger: silentLogger() });
      const res = await request(rsaApp).post(ROUTE).set('Content-Type', 'text/plain').send(buildAlipayPhoneResponse(keys, 'success', { signType: 'RSA' }));
      expect(res.status).toBe(200);
      expect(expectPhoneBody(res.body).mobile).toBe('13811112222');
    });
  });

  describe('with a validly signed ciphertext that does not decrypt', () => {
    // Signed by "Alipay", so the failure is past verification: every way the
    // ciphertext can be wrong must answer the same, or it is a padding oracle.
    function signedPayload(ciphertext: string): string {
      return JSON.stringify({ response: ciphertext, sign: signAlipayContent(JSON.stringify(ciphertext), keys.privateKeyPem), sign_type: 'RSA2' });
    }

    it('answers 422 DECRYPTION_FAILED, identical for bad padding, bad UTF-8, non-JSON and the wrong key', async () => {
      const otherKeys = generateAlipaySandboxKeys();
      const cipher = createCipheriv('aes-128-cbc', Buffer.from(keys.aesKeyBase64, 'base64'), Buffer.alloc(16));
      const notUtf8 = Buffer.concat([cipher.update(Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d])), cipher.final()]).toString('base64');
      const ciphertexts = [
        notUtf8,
        Buffer.alloc(32, 7).toString('base64'),
        encryptAlipayContent('not json at all', keys.aesKeyBase64),
        encryptAlipayContent('["an array"]', keys.aesKeyBase64),
        encryptAlipayContent('{"code":"10000","msg":"Success","mobile":"13811112222"}', otherKeys.aesKeyBase64),
        Buffer.alloc(15, 1).toString('base64'),
        'not*base64',
      ];
      const answers = await Promise.all(ciphertexts.map((c) => request(app).post(ROUTE).set('Content-Type', 'text/plain').send(signedPayload(c))));
      for (const res of answers) {
        expect(res.status).toBe(422);
        expectErrorEnvelope(res.body, 'DECRYPTION_FAILED');
      }
      expect(new Set(answers.map((res) => JSON.stringify(res.body))).size).toBe(1);
    });
  });

  describe('with an unencrypted success body carrying a mobile', () => {
    it('answers 422 NOT_ENCRYPTED', async () => {
      const body = '{"code":"10000","msg":"Success","mobile":"13811112222"}';
      const raw = `{"response":${body},"sign":"${signAlipayContent(body, keys.privateKeyPem)}","sign_type":"RSA2"}`;
      const res = await request(app).post(ROUTE).set('Content-Type', 'text/plain').send(raw);
      expect(res.status).toBe(422);
      expectErrorEnvelope(res.body, 'NOT_ENCRYPTED');
    });
  });
});
