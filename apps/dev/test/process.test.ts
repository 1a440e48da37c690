// `pnpm start` as a process: without keys it says it runs the sandbox and
// where the simulator is; with a real key it says it does not; SIGTERM to the
// node process drains and exits 0. Its accounts live in a data dir of the
// test's own (PHONEKIT_DATA_DIR), never the repository's .phonekit/data.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateAlipaySandboxKeys } from '@phonekit/sandbox';

jest.setTimeout(60_000);

const DEV_DIR = resolve(__dirname, '..');
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'phonekit-dev-process-'));
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly health: unknown;
  readonly simulatorStatus: number;
}

/** Starts src/main.ts with `env`, reads /healthz and GET / once it listens, then SIGTERMs it. */
function runDevApp(env: Record<string, string>): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'src/main.ts'], {
      cwd: DEV_DIR,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', PHONEKIT_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let health: unknown;
    let simulatorStatus = 0;
    let asked = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const found = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"phonekit listening"/.exec(stdout);
      if (found?.[1] === undefined || asked) return;
      asked = true;
      const url = found[1].replace('localhost', '127.0.0.1');
      void (async () => {
        health = await (await fetch(`${url}/healthz`)).json();
        simulatorStatus = (await fetch(`${url}/`)).status;
        child.kill('SIGTERM');
      })().catch(reject);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolveRun({ code, stderr, health, simulatorStatus });
    });
  });
}

describe('the development app process (src/main.ts)', () => {
  describe('with no keys of any platform', () => {
    it('says it runs the sandbox for Alipay and WeChat, prints the simulator URL, serves it, and exits 0 on SIGTERM', async () => {
      const run = await runDevApp({});
      expect(run.stderr).toContain('phonekit SANDBOX');
      expect(run.stderr).toMatch(/simulator: +http:\/\/localhost:\d+\//);
      expect(run.stderr).toMatch(/Alipay appId: +\d{16}/);
      expect(run.stderr).toMatch(/WeChat appid: +wx[0-9a-f]{16}/);
      expect(run.health).toEqual({ status: 'ok', mode: 'sandbox' });
      expect(run.simulatorStatus).toBe(200);
      expect(run.code).toBe(0);
    });

    it('keeps its accounts in PGlite in the data dir, under a development key it generated there once (mode 0600)', async () => {
      const fresh = mkdtempSync(join(tmpdir(), 'phonekit-dev-process-key-'));
      try {
        const first = await runDevApp({ PHONEKIT_DATA_DIR: fresh });
        expect(first.code).toBe(0);
        expect(first.stderr).toContain(`phonekit accounts: PGlite in ${fresh}, encrypted under a development key generated in ${join(fresh, 'data-key')}`);
        expect(statSync(join(fresh, 'data-key')).mode & 0o777).toBe(0o600);
        const second = await runDevApp({ PHONEKIT_DATA_DIR: fresh });
        expect(second.stderr).toContain(`encrypted under the development key in ${join(fresh, 'data-key')}`);
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    });
  });

  describe('with real Alipay keys', () => {
    it('says it runs with your keys and no sandbox, and serves no simulator', async () => {
      const keys = generateAlipaySandboxKeys();
      const run = await runDevApp({ ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64 });
      expect(run.stderr).toContain('with YOUR keys: no sandbox, no simulator');
      expect(run.stderr).not.toContain('SANDBOX');
      expect(run.health).toEqual({ status: 'ok', mode: 'configured' });
      expect(run.simulatorStatus).toBe(404);
      expect(run.code).toBe(0);
    });
  });
});
