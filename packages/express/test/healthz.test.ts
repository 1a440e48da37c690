import type { Express } from 'express';
import request from 'supertest';
import { generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { createApp } from '../src/app';
import { startServer } from '../src/start-server';
import type { RunningServer } from '../src/start-server';
import { configFromEnv, envForKeys, expectErrorEnvelope, silentLogger } from './support/server-fixtures';

let configuredApp: Express;
let server: RunningServer;

beforeAll(async () => {
  const config = configFromEnv(envForKeys(generateAlipaySandboxKeys()));
  configuredApp = createApp(config, { logger: silentLogger() });
  server = await startServer(config, { port: 0, logger: silentLogger() });
});

afterAll(async () => {
  await server.close();
});

describe('GET /healthz', () => {
  describe('with keys configured', () => {
    it('answers 200 {status: "ok", mode: "configured"}', async () => {
      const res = await request(configuredApp).get('/healthz');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', mode: 'configured' });
    });
  });

  describe('on a server started with startServer() on port 0', () => {
    it('listens on a real port and answers over fetch', async () => {
      expect(server.port).toBeGreaterThan(0);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', mode: 'configured' });
    });

    it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
      const good = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'trace-123_abc' } });
      expect(good.headers.get('x-request-id')).toBe('trace-123_abc');
      const bad = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'no spaces; allowed' } });
      expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

describe('security headers', () => {
  const expectHelmet = (headers: Record<string, string | undefined>): void => {
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-powered-by']).toBeUndefined();
  };

  describe('on GET /healthz', () => {
    it('are set by helmet, and there is no x-powered-by', async () => {
      const res = await request(configuredApp).get('/healthz');
      expectHelmet(res.headers as Record<string, string | undefined>);
    });
  });

  describe('on an error answer (404)', () => {
    it('are set too', async () => {
      const res = await request(configuredApp).get('/nope');
      expect(res.status).toBe(404);
      expectErrorEnvelope(res.body, 'NOT_FOUND');
      expectHelmet(res.headers as Record<string, string | undefined>);
    });
  });

  describe('on a body-parser error answer (413)', () => {
    it('are set too', async () => {
      const res = await request(configuredApp).post('/api/alipay/phone-number').set('Content-Type', 'text/plain').send('x'.repeat(65 * 1024));
      expect(res.status).toBe(413);
      expectHelmet(res.headers as Record<string, string | undefined>);
    });
  });

  describe('over real HTTP from startServer()', () => {
    it('are set, and there is no x-powered-by', async () => {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    });
  });
});
