import request from 'supertest';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { createApp } from '../src/app';
import { configFromEnv, envForKeys, eventDetailOf, expectErrorEnvelope, expectPhoneBody, silentLogger } from './support/server-fixtures';

// ALIPAY_ALLOW_UNSIGNED is a development switch: off by default, and even
// when on, a sign that IS present is still checked.

const ROUTE = '/api/alipay/phone-number';
let keys: AlipaySandboxKeys;

beforeAll(() => {
  keys = generateAlipaySandboxKeys();
});

function appWith(env: Record<string, string>) {
  return createApp(configFromEnv(env), { logger: silentLogger() });
}

describe('POST /api/alipay/phone-number', () => {
  describe('with an unsigned success payload', () => {
    describe('when ALIPAY_ALLOW_UNSIGNED is not set', () => {
      it('answers 422 SIGNATURE_MISSING', async () => {
        const res = await request(appWith(envForKeys(keys))).post(ROUTE).set('Content-Type', 'text/plain').send(buildAlipayPhoneResponse(keys, 'unsigned'));
        expect(res.status).toBe(422);
        const error = expectErrorEnvelope(res.body, 'SIGNATURE_MISSING');
        expect(error.hint).toContain('ALIPAY_ALLOW_UNSIGNED');
      });
    });

    describe('when ALIPAY_ALLOW_UNSIGNED=false', () => {
      it('answers 422 SIGNATURE_MISSING', async () => {
        const res = await request(appWith({ ...envForKeys(keys), ALIPAY_ALLOW_UNSIGNED: 'false' }))
          .post(ROUTE)
          .set('Content-Type', 'text/plain')
          .send(buildAlipayPhoneResponse(keys, 'unsigned'));
        expect(res.status).toBe(422);
        expectErrorEnvelope(res.body, 'SIGNATURE_MISSING');
      });
    });

    describe('when ALIPAY_ALLOW_UNSIGNED=true (development)', () => {
      it('answers 200 with the phone', async () => {
        const res = await request(appWith({ ...envForKeys(keys), NODE_ENV: 'development', ALIPAY_ALLOW_UNSIGNED: 'true' }))
          .post(ROUTE)
          .set('Content-Type', 'text/plain')
          .send(buildAlipayPhoneResponse(keys, 'unsigned'));
        expect(res.status).toBe(200);
        expect(expectPhoneBody(res.body)).toMatchObject({ mobile: '13811112222', masked: '138****2222' });
      });

      it('answers 200 for the unsigned event detail {encryptedData}', async () => {
        const detail = eventDetailOf(buildAlipayPhoneResponse(keys, 'unsigned'));
        const res = await request(appWith({ ...envForKeys(keys), ALIPAY_ALLOW_UNSIGNED: 'true' }))
          .post(ROUTE)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(detail));
        expect(res.status).toBe(200);
        expect(expectPhoneBody(res.body).mobile).toBe('13811112222');
      });

      it('answers 200 with only ALIPAY_AES_KEY configured', async () => {
        const res = await request(appWith({ ALIPAY_AES_KEY: keys.aesKeyBase64, ALIPAY_ALLOW_UNSIGNED: 'true' }))
          .post(ROUTE)
          .set('Content-Type', 'text/plain')
          .send(buildAlipayPhoneResponse(keys, 'unsigned'));
        expect(res.status).toBe(200);
      });
    });
  });

  describe('with a tampered sign', () => {
    describe('when ALIPAY_ALLOW_UNSIGNED=true', () => {
      it('answers 422 SIGNATURE_INVALID: a sign that is present is always checked', async () => {
        const res = await request(appWith({ ...envForKeys(keys), ALIPAY_ALLOW_UNSIGNED: 'true' }))
          .post(ROUTE)
          .set('Content-Type', 'text/plain')
          .send(buildAlipayPhoneResponse(keys, 'tampered-sign'));
        expect(res.status).toBe(422);
        expectErrorEnvelope(res.body, 'SIGNATURE_INVALID');
      });
    });
  });

  describe('with a signed payload', () => {
    describe('when ALIPAY_ALLOW_UNSIGNED=true and no public key is configured', () => {
      it('refuses it with 422 PUBLIC_KEY_MISSING rather than accept it unchecked (the client chose it: no 500)', async () => {
        const res = await request(appWith({ ALIPAY_AES_KEY: keys.aesKeyBase64, ALIPAY_ALLOW_UNSIGNED: 'true' }))
          .post(ROUTE)
          .set('Content-Type', 'text/plain')
          .send(buildAlipayPhoneResponse(keys, 'success'));
        expect(res.status).toBe(422);
        const error = expectErrorEnvelope(res.body, 'PUBLIC_KEY_MISSING');
        expect(error.hint).toContain('ALIPAY_PUBLIC_KEY');
      });
    });
  });
});
