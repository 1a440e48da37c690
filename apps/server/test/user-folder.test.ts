// `node apps/server/dist/main.js` run from the user's folder: relative key
// paths resolve against it (its cwd, or pnpm's INIT_CWD when a pnpm script
// runs it), and its .env (or PHONEKIT_ENV_FILE) is read, the real environment
// winning over the file. The BUILT server (see jest globalSetup).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateAlipaySandboxKeys } from '@phonekit/sandbox';

jest.setTimeout(30_000);

const MAIN = resolve(__dirname, '..', 'dist', 'main.js');
const keys = generateAlipaySandboxKeys();
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'phonekit-server-user-folder-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly health: unknown;
}

/** Runs the built server in `cwd` with exactly `env`; reads /healthz once it listens, then SIGTERMs it. */
function runServer(cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let health: unknown;
    let asked = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.includes('phonekit listening'));
      if (line === undefined || asked) return;
      asked = true;
      const url = (JSON.parse(line) as { url: string }).url.replace('localhost', '127.0.0.1');
      void (async () => {
        health = await (await fetch(`${url}/healthz`)).json();
        child.kill('SIGTERM');
      })().catch(reject);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolveRun({ code, stderr, health });
    });
  });
}

/** A fresh folder holding `files`. */
function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 'run-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(resolve(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const envLines = `ALIPAY_PUBLIC_KEY=${keys.publicKeyBase64}\nALIPAY_AES_KEY=${keys.aesKeyBase64}\n`;

describe('the server process run from the user folder', () => {
  it('reads ALIPAY_PUBLIC_KEY=@alipay-public.txt relative to its cwd and starts configured', async () => {
    const dir = folderWith({ 'alipay-public.txt': keys.publicKeyBase64 });
    const run = await runServer(dir, { ALIPAY_PUBLIC_KEY: '@alipay-public.txt', ALIPAY_AES_KEY: keys.aesKeyBase64 });
    expect(run.health).toEqual({ status: 'ok', mode: 'configured' });
    expect(run.code).toBe(0);
  });

  it('resolves against INIT_CWD when a pnpm script ran it from another folder, and names the absolute path of a missing file', async () => {
    const dir = folderWith({});
    const run = await runServer(resolve(__dirname, '..'), { INIT_CWD: dir, ALIPAY_PUBLIC_KEY: '@alipay-public.txt', ALIPAY_AES_KEY: keys.aesKeyBase64 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`phonekit: configuration error: ALIPAY_PUBLIC_KEY: there is no file at "alipay-public.txt" (looked for ${join(dir, 'alipay-public.txt')})`);
  });

  it('reads the .env of its folder, names the file on stderr (not its values), and starts configured', async () => {
    const dir = folderWith({ '.env': envLines });
    const run = await runServer(dir, {});
    expect(run.stderr).toContain(`phonekit: read ${join(dir, '.env')}`);
    expect(run.stderr).not.toContain(keys.aesKeyBase64);
    expect(run.health).toEqual({ status: 'ok', mode: 'configured' });
    expect(run.code).toBe(0);
  });

  it('lets the real environment win over the .env', async () => {
    const dir = folderWith({ '.env': envLines });
    const run = await runServer(dir, { ALIPAY_AES_KEY: '@from-the-environment.key' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`ALIPAY_AES_KEY: there is no file at "from-the-environment.key" (looked for ${join(dir, 'from-the-environment.key')})`);
  });

  it('reads PHONEKIT_ENV_FILE instead, and exits 1 naming the absolute path when it is not there', async () => {
    const dir = folderWith({ 'keys/.env': envLines });
    const good = await runServer(dir, { PHONEKIT_ENV_FILE: 'keys/.env' });
    expect(good.stderr).toContain(`phonekit: read ${join(dir, 'keys', '.env')}`);
    expect(good.health).toEqual({ status: 'ok', mode: 'configured' });
    const missing = await runServer(dir, { PHONEKIT_ENV_FILE: 'other/.env' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`phonekit: configuration error: PHONEKIT_ENV_FILE: there is no file at "other/.env" (looked for ${join(dir, 'other', '.env')})`);
  });
});
