import request from 'supertest';
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys, type AlipaySandboxKeys } from '@phonekit/sandbox';
import { createDevApp } from '../src/index';
import { captureLogger, configFromEnv } from './support/server-fixtures';

const ROUTE = '/api/alipay/phone-number';
let keys: AlipaySandboxKeys;

beforeAll(() => {
  keys = generateAlipaySandboxKeys();
});

/** pino writes asynchronously to a stream; give it a turn. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the sandbox routes log', () => {
  describe('with a mobile in the query and custom keys in an inspect body', () => {
    it('contains neither the mobile nor the keys', async () => {
      const sandboxLogs = captureLogger('info');
      const { config, sandbox } = configFromEnv({});
      if (sandbox === undefined) throw new Error('expected sandbox mode');
      const sandboxApp = createDevApp(config, sandbox, { logger: sandboxLogs.logger, simulator: false });

      const made = await request(sandboxApp).get('/sandbox/alipay/phone-response?scenario=success&mobile=13955556666');
      expect(made.status).toBe(200);
      const opened = await request(sandboxApp).post(ROUTE).set('Content-Type', 'text/plain').send(made.text);
      expect(opened.status).toBe(200);
      const payload = buildAlipayPhoneResponse(keys, 'success', { mobile: '13977778888' });
      const inspected = await request(sandboxApp)
        .post('/sandbox/alipay/inspect')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ payload, aesKey: keys.aesKeyBase64, publicKey: keys.publicKeyBase64 }));
      expect(inspected.status).toBe(200);
      await settle();

      const text = sandboxLogs.text();
      expect(text).toContain('139****6666');
      expect(text).toContain('139****8888');
      for (const secret of ['13955556666', '13977778888', keys.aesKeyBase64, keys.publicKeyBase64.slice(60, 120), sandbox.alipay.aesKeyBase64]) {
        expect(text).not.toContain(secret);
      }
      for (const line of sandboxLogs.lines()) expect(() => JSON.parse(line) as unknown).not.toThrow();
    });
  });
});
