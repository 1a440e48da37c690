import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateAlipaySandboxKeys } from '@phonekit/sandbox';

// The production server loads @phonekit/accounts (Kysely, pg, PGlite) only
// when a database is configured, and ioredis only with REDIS_URL: without
// them, none of it is in memory.

jest.setTimeout(60_000);

const SERVER_DIR = resolve(__dirname, '..');
const PRELOAD = resolve(__dirname, 'support/report-loaded-packages.cjs');
const keys = generateAlipaySandboxKeys();

/** Starts `node dist/main.js` with `env`, waits until it listens and has answered /readyz, asks it (SIGUSR2) what it has loaded, then stops it. */
function loadedWhileListening(env: Record<string, string>): Promise<readonly string[]> {
  return new Promise((resolveLoaded, reject) => {
    const child = spawn(process.execPath, ['-r', PRELOAD, 'dist/main.js'], {
      cwd: SERVER_DIR,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let answer: readonly string[] | undefined;
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const before = stdout;
      stdout += chunk;
      if (!before.includes('phonekit listening') && stdout.includes('phonekit listening')) {
        // One readiness check first: it uses every store the server made (a Redis store loads ioredis as it is made, asynchronously).
        const url = /"url":"(http:\/\/[^"]+)"/.exec(stdout)?.[1]?.replace('localhost', '127.0.0.1');
        const checked = url === undefined ? Promise.resolve() : fetch(`${url}/readyz`).then((res) => res.arrayBuffer()).catch(() => undefined);
        void checked.then(() => child.kill('SIGUSR2'));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const line = /\{"loaded":\[[^\]]*\]\}/.exec(stderr)?.[0];
      if (line !== undefined && answer === undefined) {
        answer = (JSON.parse(line) as { loaded: string[] }).loaded;
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      if (answer === undefined) reject(new Error(`the server exited (${String(code)}) without reporting:\n${stderr.slice(-1500)}`));
      else resolveLoaded(answer);
    });
  });
}

describe('the production server (node dist/main.js)', () => {
  it('does not load @phonekit/accounts, Kysely, pg or PGlite when no database is configured', async () => {
    expect(await loadedWhileListening({})).toEqual([]);
  });

  it('does not load ioredis without REDIS_URL', async () => {
    expect(await loadedWhileListening({})).not.toContain('ioredis');
  });

  it('loads ioredis with REDIS_URL (the store and the rate limiter are made at start; Redis need not answer for that)', async () => {
    expect(await loadedWhileListening({ REDIS_URL: 'redis://127.0.0.1:1', PHONEKIT_DATA_KEY: Buffer.alloc(32, 7).toString('base64') })).toContain('ioredis');
  });

  it('loads them when a database is configured', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'phonekit-server-lazy-'));
    try {
      const loaded = await loadedWhileListening({ PHONEKIT_DATA_DIR: dataDir, PHONEKIT_DATA_KEY: Buffer.alloc(32, 7).toString('base64') });
      expect(loaded).toEqual(expect.arrayContaining(['@phonekit/accounts', 'kysely', '@electric-sql/pglite']));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
