import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { generateAlipaySandboxKeys } from '@phonekit/sandbox';

// The production entry point as a process: configuration errors exit 1 with
// one line naming the variable, and nothing of a key is printed.

const SERVER_DIR = resolve(__dirname, '..');
const URL_SAFE_AES_KEY = 'q83vEjRWeJCrze8SNFZ4k-_=';
const keys = generateAlipaySandboxKeys();

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built server the documented way (`node dist/main.js`, see jest globalSetup) with exactly `env`. */
function runServer(env: Record<string, string>, onStdout?: (text: string, stop: () => void) => void): Promise<Exit> {
  return new Promise((resolveExit, reject) => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: SERVER_DIR,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onStdout?.(stdout, () => child.kill('SIGTERM'));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolveExit({ code, stdout, stderr });
    });
  });
}

describe('the server process (node dist/main.js)', () => {
  describe('with NODE_ENV=production and no keys', () => {
    it('exits 1 with the configuration error on stderr', async () => {
      const exit = await runServer({ NODE_ENV: 'production' });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toContain('phonekit: configuration error: ALIPAY_PUBLIC_KEY: no platform is configured');
      expect(exit.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    });
  });

  describe('with NODE_ENV=production and a mistyped AES key', () => {
    it('exits 1 naming ALIPAY_AES_KEY without printing the key', async () => {
      const exit = await runServer({ NODE_ENV: 'production', ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: URL_SAFE_AES_KEY });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toContain('phonekit: configuration error: ALIPAY_AES_KEY:');
      expect(exit.stderr + exit.stdout).not.toContain(URL_SAFE_AES_KEY.slice(0, 12));
    });
  });

  describe('with no keys in development', () => {
    it('exits 1 naming ALIPAY_PUBLIC_KEY and pointing at the sandbox app: the production server has no sandbox', async () => {
      const exit = await runServer({ NODE_ENV: 'development' });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toContain('phonekit: configuration error: ALIPAY_PUBLIC_KEY: no platform is configured');
      expect(exit.stderr).toContain('apps/dev');
    });
  });

  describe('with real keys', () => {
    it('starts configured, answers GET /healthz, and exits 0 on SIGTERM', async () => {
      let url: string | undefined;
      let health: Promise<unknown> | undefined;
      const exit = await runServer({ NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64 }, (text, stop) => {
        if (health !== undefined) return;
        const line = text.split('\n').find((l) => l.includes('phonekit listening'));
        if (line === undefined) return;
        const parsed = JSON.parse(line) as { url?: string; mode?: string };
        url = parsed.url?.replace('localhost', '127.0.0.1');
        health = fetch(`${url ?? ''}/healthz`)
          .then((res) => res.json())
          .finally(stop);
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await health).toEqual({ status: 'ok', mode: 'configured' });
      expect(exit.code).toBe(0);
      expect(exit.stderr).not.toMatch(/sandbox/i);
      for (const line of exit.stdout.split('\n').filter((l) => l !== '')) expect(() => JSON.parse(line) as unknown).not.toThrow();
    });
  });
});
