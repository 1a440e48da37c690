import type { RunningServer } from '@phonekit/express';
import { startConfiguredServer, startSandboxServer } from './support/sandbox-server';

describe('GET / on the phonekit server', () => {
  describe('in sandbox mode', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startSandboxServer();
    });
    afterAll(async () => {
      await server.close();
    });

    it('serves the simulator page with only external scripts, under a CSP that forbids inline ones', async () => {
      const response = await fetch(`${server.url}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.map(([, attributes]) => attributes)).toEqual([' src="/simulator/app.js" defer']);
      expect(scripts.every(([, , body]) => body === '')).toBe(true);
    });

    it('serves the bundle and the stylesheet', async () => {
      const script = await fetch(`${server.url}/simulator/app.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await script.text()).includes('startSimulator')).toBe(true);
      const css = await fetch(`${server.url}/simulator/simulator.css`);
      expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    });

    it('serves the WeChat tab at /wechat with only its external script, and its bundle', async () => {
      const response = await fetch(`${server.url}/wechat`);
      expect(response.status).toBe(200);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.map(([, attributes]) => attributes)).toEqual([' src="/simulator/wechat.js" defer']);
      const script = await fetch(`${server.url}/simulator/wechat.js`);
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await script.text()).includes('startWechatSimulator')).toBe(true);
    });
  });

  describe('with keys configured (not sandbox mode)', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startConfiguredServer();
    });
    afterAll(async () => {
      await server.close();
    });

    it('answers 404: the simulator exists only in sandbox mode', async () => {
      expect((await fetch(`${server.url}/`)).status).toBe(404);
      expect((await fetch(`${server.url}/simulator/app.js`)).status).toBe(404);
      expect((await fetch(`${server.url}/wechat`)).status).toBe(404);
      expect((await fetch(`${server.url}/simulator/wechat.js`)).status).toBe(404);
    });
  });
});
