// Issue 12, point 4: Alipay sends its 40001 (no encryption set up) unsigned,
// so the server reads an unsigned, unencrypted 40001, and so can anyone who
// forges one. What such a body says is echoed capped and cleaned, and its 502
// is no alarm: the request line is at warn, never error, and carries none of
// the text. A SIGNED upstream error is Alipay's own word and keeps its level.
import type { Express } from 'express';
import request from 'supertest';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { buildAlipayPhoneResponse, encryptAlipayContent, generateAlipaySandboxKeys, signAlipayContent } from '@phonekit/sandbox';
import { createApp } from '../src/app';
import { captureLogger, configFromEnv, envForKeys, expectErrorEnvelope } from './support/server-fixtures';

const ROUTE = '/api/alipay/phone-number';
const HUGE = 'x'.repeat(36 * 1024);

let keys: AlipaySandboxKeys;

beforeAll(() => {
  keys = generateAlipaySandboxKeys();
});

/** Lets the 'finish' handlers that write request lines run. */
const settle = (): Promise<void> => new Promise((resolveSettle) => setImmediate(resolveSettle));

/** The forged body of the probe: unsigned, unencrypted, any sub_msg. */
const forged40001 = (subMsg: string): string =>
  JSON.stringify({ response: { code: '40001', msg: 'Missing Required Arguments', sub_code: 'isv.missing-encrypt-key', sub_msg: subMsg } });

/** An encrypted business body, signed by "Alipay" (the sandbox keys) or not. */
function encryptedBody(body: Record<string, unknown>, signed: boolean): string {
  const ciphertext = encryptAlipayContent(JSON.stringify(body), keys.aesKeyBase64);
  if (!signed) return JSON.stringify({ response: ciphertext, encrypt_type: 'AES', charset: 'UTF-8' });
  const sign = signAlipayContent(JSON.stringify(ciphertext), keys.privateKeyPem);
  return JSON.stringify({ response: ciphertext, sign, sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' });
}

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly status?: number;
  readonly code?: string;
}

function serverWithLog(env: Record<string, string>): { app: Express; lines: () => LogLine[]; text: () => string } {
  const logs = captureLogger('info');
  const app = createApp(configFromEnv(env), { logger: logs.logger });
  return { app, lines: () => logs.lines().map((line) => JSON.parse(line) as LogLine), text: logs.text };
}

const ERROR_LEVEL = 50;
const WARN_LEVEL = 40;

describe('an unsigned forged 40001 with a 36 KB sub_msg', () => {
  test('answers 502 ALIPAY_MISSING_ENCRYPT_KEY with the sub_msg capped at 200 characters, and a small answer', async () => {
    const { app } = serverWithLog(envForKeys(keys));
    const res = await request(app).post(ROUTE).set('Content-Type', 'text/plain').send(forged40001(HUGE));
    expect(res.status).toBe(502);
    const error = expectErrorEnvelope(res.body, 'ALIPAY_MISSING_ENCRYPT_KEY');
    expect(error.upstream).toEqual({ code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-encrypt-key', subMsg: `${'x'.repeat(199)}…` });
    expect(res.text.length).toBeLessThan(3000);
  });

  test('writes no error-level line: one request line at warn, without the text', async () => {
    const { app, lines, text } = serverWithLog(envForKeys(keys));
    for (let i = 0; i < 5; i++) {
      expect((await request(app).post(ROUTE).set('Content-Type', 'text/plain').send(forged40001(HUGE))).status).toBe(502);
    }
    await settle();
    expect(lines().filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
    const requests = lines().filter((line) => line.msg === 'request');
    expect(requests.map((line) => [line.level, line.status, line.code])).toEqual(Array.from({ length: 5 }, () => [WARN_LEVEL, 502, 'ALIPAY_MISSING_ENCRYPT_KEY']));
    expect(text()).not.toContain('xxxxxxxxxx');
  });

  test('control characters and bidi overrides in what it says never reach the answer', async () => {
    const { app } = serverWithLog(envForKeys(keys));
    const res = await request(app)
      .post(ROUTE)
      .set('Content-Type', 'application/json')
      .send(forged40001('line one\r\nERROR fake log line\u001b[31m red \u202eevil\u0000'));
    expect(res.status).toBe(502);
    expect(expectErrorEnvelope(res.body, 'ALIPAY_MISSING_ENCRYPT_KEY').upstream?.subMsg).toBe('line one  ERROR fake log line[31m red evil');
  });

  test("Alipay's genuine unsigned 40001 (the sandbox's) still answers its fix, as before", async () => {
    const { app, lines } = serverWithLog(envForKeys(keys));
    const res = await request(app).post(ROUTE).set('Content-Type', 'text/plain').send(buildAlipayPhoneResponse(keys, 'missing-encrypt-key'));
    expect(res.status).toBe(502);
    expect(expectErrorEnvelope(res.body, 'ALIPAY_MISSING_ENCRYPT_KEY').upstream?.subMsg).toBe('缺少加密配置');
    await settle();
    expect(lines().filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
  });
});

describe('with ALIPAY_ALLOW_UNSIGNED=true (development), any unsigned upstream error', () => {
  test('a forged 20000 "busy" (503) or 40006 (502) is logged at warn, its text capped', async () => {
    const { app, lines } = serverWithLog({ ...envForKeys(keys), NODE_ENV: 'development', ALIPAY_ALLOW_UNSIGNED: 'true' });
    const busy = await request(app)
      .post(ROUTE)
      .set('Content-Type', 'text/plain')
      .send(encryptedBody({ code: '20000', msg: 'Service Currently Unavailable', sub_code: 'aop.unknow-error', sub_msg: HUGE }, false));
    expect(busy.status).toBe(503);
    expect(expectErrorEnvelope(busy.body, 'ALIPAY_BUSY').upstream?.subMsg).toHaveLength(200);
    const permissions = await request(app)
      .post(ROUTE)
      .set('Content-Type', 'text/plain')
      .send(encryptedBody({ code: '40006', msg: HUGE, sub_code: 'isv.insufficient-isv-permissions' }, false));
    expect(permissions.status).toBe(502);
    expect(expectErrorEnvelope(permissions.body, 'ALIPAY_INSUFFICIENT_PERMISSIONS').upstream?.msg).toHaveLength(200);
    await settle();
    expect(lines().filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
    expect(lines().filter((line) => line.msg === 'request').map((line) => line.level)).toEqual([WARN_LEVEL, WARN_LEVEL]);
  });
});

describe('a SIGNED upstream error', () => {
  test('is Alipay\'s own word: its 5xx stays at error level (text capped all the same)', async () => {
    const { app, lines, text } = serverWithLog(envForKeys(keys));
    const res = await request(app)
      .post(ROUTE)
      .set('Content-Type', 'text/plain')
      .send(encryptedBody({ code: '40006', msg: 'Insufficient Permissions', sub_code: 'isv.insufficient-isv-permissions', sub_msg: HUGE }, true));
    expect(res.status).toBe(502);
    expect(expectErrorEnvelope(res.body, 'ALIPAY_INSUFFICIENT_PERMISSIONS').upstream?.subMsg).toHaveLength(200);
    await settle();
    expect(lines().filter((line) => line.msg === 'request').map((line) => [line.level, line.status])).toEqual([[ERROR_LEVEL, 502]]);
    expect(text()).not.toContain('xxxxxxxxxx');
  });
});
