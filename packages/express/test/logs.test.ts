import type { Express } from 'express';
import request from 'supertest';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { buildAlipayEventDetail, buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { createApp } from '../src/app';
import { captureLogger, configFromEnv, envForKeys, partsOf } from './support/server-fixtures';

// What reaches the log: one JSON line per request, the phone only masked,
// and never a key, a sign, a ciphertext or a full mobile.

const ROUTE = '/api/alipay/phone-number';
const MOBILE = '13811112222';

let keys: AlipaySandboxKeys;
let app: Express;
let logs: ReturnType<typeof captureLogger>;
const sentPayloads: string[] = [];

/** Lets the 'finish' handlers that write request lines run. */
const settle = (): Promise<void> => new Promise((resolveSettle) => setImmediate(resolveSettle));

beforeAll(async () => {
  keys = generateAlipaySandboxKeys();
  logs = captureLogger('info');
  app = createApp(configFromEnv(envForKeys(keys)), { logger: logs.logger });

  const post = (body: string, contentType = 'text/plain') => request(app).post(ROUTE).set('Content-Type', contentType).send(body);
  const success = buildAlipayPhoneResponse(keys, 'success', { mobile: MOBILE });
  const tampered = buildAlipayPhoneResponse(keys, 'tampered-sign', { mobile: MOBILE });
  const busy = buildAlipayPhoneResponse(keys, 'busy');
  const unsigned = buildAlipayPhoneResponse(keys, 'unsigned', { mobile: MOBILE });
  const event = JSON.stringify(buildAlipayEventDetail(keys, { mobile: MOBILE }));
  sentPayloads.push(success, tampered, busy, unsigned, event);

  expect((await post(success)).status).toBe(200);
  expect((await post(success, 'application/x-www-form-urlencoded')).status).toBe(200);
  expect((await post(event, 'application/json')).status).toBe(200);
  expect((await post(tampered)).status).toBe(422);
  expect((await post(busy)).status).toBe(503);
  expect((await post(unsigned)).status).toBe(422);
  expect((await post(success.slice(0, 100))).status).toBe(400);
  expect((await post(`{"response": ${MOBILE}`, 'application/json')).status).toBe(400);
  expect((await post(`${success}${' '.repeat(70 * 1024)}`)).status).toBe(413);
  expect((await request(app).get(`/nowhere?mobile=${MOBILE}`)).status).toBe(404);
  await settle();
});

function parsedLines(): Array<Record<string, unknown>> {
  return logs.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the request log', () => {
  describe('after a success and failing requests', () => {
    it('has one JSON line per request, each with level, status and path', () => {
      const lines = parsedLines();
      const requestLines = lines.filter((line) => line['msg'] === 'request');
      expect(requestLines).toHaveLength(10);
      for (const line of requestLines) {
        expect(typeof line['level']).toBe('number');
        expect(typeof line['status']).toBe('number');
        expect(typeof line['reqId']).toBe('string');
        expect(line).not.toHaveProperty('body');
      }
    });

    it('has every line as JSON', () => {
      for (const line of logs.lines()) expect(() => JSON.parse(line) as unknown).not.toThrow();
    });

    it('logs the masked phone 138****2222 for the successes', () => {
      const lines = parsedLines().filter((line) => line['status'] === 200);
      expect(lines).toHaveLength(3);
      for (const line of lines) expect(line['phone']).toBe('138****2222');
      expect(logs.text()).toContain('138****2222');
    });

    it('logs the error code of each failure at warn (4xx) or error (5xx)', () => {
      const failures = parsedLines().filter((line) => typeof line['status'] === 'number' && line['status'] >= 400);
      expect(failures.map((line) => line['code'])).toEqual(
        expect.arrayContaining(['SIGNATURE_INVALID', 'ALIPAY_BUSY', 'SIGNATURE_MISSING', 'PAYLOAD_MALFORMED', 'INVALID_JSON', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND']),
      );
      for (const line of failures) expect(line['level']).toBe(line['status'] === 503 ? 50 : 40);
    });

    it('never contains the full mobile', () => {
      expect(logs.text()).not.toContain(MOBILE);
      expect(logs.text()).not.toContain('8613811112222');
    });

    it('never contains the AES key or the public key', () => {
      expect(logs.text()).not.toContain(keys.aesKeyBase64);
      expect(logs.text()).not.toContain(keys.publicKeyBase64.slice(60, 120));
    });

    it('never contains a sign or a ciphertext', () => {
      for (const payload of sentPayloads) {
        const parsed = JSON.parse(payload) as { response?: unknown; sign?: unknown; encryptedData?: unknown };
        for (const secret of [parsed.response, parsed.sign, parsed.encryptedData]) {
          if (typeof secret === 'string') expect(logs.text()).not.toContain(secret.slice(0, 24));
        }
      }
      const { ciphertext, sign } = partsOf(buildAlipayPhoneResponse(keys, 'success', { mobile: MOBILE }));
      expect(logs.text()).not.toContain(ciphertext.slice(10, 40));
      expect(logs.text()).not.toContain(sign.slice(10, 40));
    });
  });
});
