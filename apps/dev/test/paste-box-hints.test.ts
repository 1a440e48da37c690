import type { Express } from 'express';
import { isRecord } from '@phonekit/core';
import request from 'supertest';
import type { AlipaySandboxKeys, SandboxIdentity } from '@phonekit/sandbox';
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { createDevApp, type DevConfig } from '../src/index';
import { configFromEnv, silentLogger } from './support/server-fixtures';

// The simulator's paste box (POST /sandbox/alipay/inspect) takes its keys from
// its own fields ("AES key", "Alipay public key"; aesKey/publicKey in a curl
// body): its fixes name those fields, never a server variable, and never
// "restart", as there is nothing to restart.

let config: DevConfig;
let app: Express;
let otherKeys: AlipaySandboxKeys;

function sandboxKeys(): SandboxIdentity {
  if (config.sandbox === undefined) throw new Error('expected sandbox mode');
  return config.sandbox;
}

beforeAll(() => {
  config = configFromEnv({});
  app = createDevApp(config.config, config.sandbox, { logger: silentLogger(), simulator: false });
  otherKeys = generateAlipaySandboxKeys({ appId: sandboxKeys().alipay.appId });
});

interface Report {
  readonly text: string;
  readonly code: unknown;
  readonly hint: string;
  readonly hintZh: string;
  readonly diagnosis: readonly string[];
}

async function inspect(body: Record<string, unknown>): Promise<Report> {
  const res = await request(app).post('/sandbox/alipay/inspect').set('Content-Type', 'application/json').send(JSON.stringify(body));
  expect(res.status).toBe(200);
  const answer: unknown = res.body;
  if (!isRecord(answer) || !isRecord(answer['error']) || !Array.isArray(answer['diagnosis'])) throw new Error(`expected a failed report, got ${res.text}`);
  const error = answer['error'];
  return {
    text: res.text,
    code: error['code'],
    hint: String(error['hint']),
    hintZh: String(error['hintZh']),
    diagnosis: answer['diagnosis'].map(String),
  };
}

function expectNoServerWords(report: Report): void {
  expect(report.text).not.toContain('ALIPAY_');
  expect(report.text).not.toContain('PHONEKIT_CONFIG');
  expect(report.text.toLowerCase()).not.toContain('restart');
  expect(report.text).not.toContain('重启');
}

describe('POST /sandbox/alipay/inspect', () => {
  describe('with only aesKey, for a signed payload', () => {
    it('answers PUBLIC_KEY_MISSING naming the "Alipay public key" box and the publicKey field, without env vars or "restart"', async () => {
      const keys = sandboxKeys().alipay;
      const report = await inspect({ payload: buildAlipayPhoneResponse(keys, 'success'), aesKey: keys.aesKeyBase64 });
      expect(report.code).toBe('PUBLIC_KEY_MISSING');
      expect(report.hint).toContain('"Alipay public key" box');
      expect(report.hint).toContain('"publicKey"');
      expect(report.hintZh).toContain('"publicKey"');
      expect(report.diagnosis.at(-1)).toContain('"publicKey"');
      expectNoServerWords(report);
    });
  });

  describe('with only publicKey, for an encrypted payload', () => {
    it('answers AES_KEY_MISSING naming the "AES key" box and the aesKey field, without env vars or "restart"', async () => {
      const keys = sandboxKeys().alipay;
      const report = await inspect({ payload: buildAlipayPhoneResponse(keys, 'success'), publicKey: keys.publicKeyBase64 });
      expect(report.code).toBe('AES_KEY_MISSING');
      expect(report.hint).toContain('"AES key" box');
      expect(report.hint).toContain('"aesKey"');
      expect(report.diagnosis.at(-1)).toContain('"aesKey"');
      expectNoServerWords(report);
    });
  });

  describe('with a public key that is not the one that signed', () => {
    it('answers SIGNATURE_INVALID naming the "Alipay public key" box, without env vars', async () => {
      const report = await inspect({ payload: buildAlipayPhoneResponse(otherKeys, 'success'), publicKey: sandboxKeys().alipay.publicKeyBase64, aesKey: otherKeys.aesKeyBase64 });
      expect(report.code).toBe('SIGNATURE_INVALID');
      expect(report.hint).toContain('"Alipay public key" box');
      expectNoServerWords(report);
    });
  });

  describe('with no keys, for a payload signed with other keys', () => {
    it("answers SIGNATURE_INVALID saying the sandbox's own keys were used and which fields take real ones", async () => {
      const report = await inspect({ payload: buildAlipayPhoneResponse(otherKeys, 'success') });
      expect(report.code).toBe('SIGNATURE_INVALID');
      expect(report.hint).toContain("sandbox's own generated keys");
      expect(report.hint).toContain('"publicKey"');
      expect(report.hint).toContain('"aesKey"');
      expectNoServerWords(report);
    });
  });

  describe('with an unsigned payload and allowUnsigned off', () => {
    it('answers SIGNATURE_MISSING naming the "Accept an unsigned payload" box, without env vars', async () => {
      const report = await inspect({ payload: buildAlipayPhoneResponse(sandboxKeys().alipay, 'unsigned') });
      expect(report.code).toBe('SIGNATURE_MISSING');
      expect(report.hint).toContain('"allowUnsigned"');
      expectNoServerWords(report);
    });
  });
});
