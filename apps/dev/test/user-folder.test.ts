// `npx -y pnpm@10 start` runs src/main.ts in apps/dev and puts the folder the
// user ran it in into INIT_CWD: relative key paths resolve against that
// folder, and its .env (or PHONEKIT_ENV_FILE) is read, the real environment
// winning over the file. Spawned as pnpm spawns it: cwd apps/dev, INIT_CWD a
// temp folder.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateAlipaySandboxKeys } from '@phonekit/sandbox';

jest.setTimeout(60_000);

const DEV_DIR = resolve(__dirname, '..');
const keys = generateAlipaySandboxKeys();
let userFolder: string;
let dataDir: string;

beforeAll(() => {
  userFolder = mkdtempSync(join(tmpdir(), 'phonekit-dev-user-folder-'));
  dataDir = mkdtempSync(join(tmpdir(), 'phonekit-dev-user-folder-data-'));
  writeFileSync(join(userFolder, 'alipay-public.txt'), `${keys.publicKeyBase64}\n`);
});

afterAll(() => {
  rmSync(userFolder, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly health: unknown;
}

/** Starts src/main.ts as `pnpm start` does from `initCwd`, reads /healthz once it listens, then SIGTERMs it. */
function runDevApp(initCwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'src/main.ts'], {
      cwd: DEV_DIR,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        INIT_CWD: initCwd,
        NODE_ENV: 'development',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        PHONEKIT_DATA_DIR: dataDir,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let health: unknown;
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

/** A fresh folder under the user's, holding `files`. */
function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(userFolder, 'run-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(resolve(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('the development app started from the folder in INIT_CWD (as pnpm start does)', () => {
  it('reads ALIPAY_PUBLIC_KEY=@alipay-public.txt from that folder and starts configured', async () => {
    const run = await runDevApp(userFolder, { ALIPAY_PUBLIC_KEY: '@alipay-public.txt', ALIPAY_AES_KEY: keys.aesKeyBase64 });
    expect(run.stderr).not.toContain('configuration error');
    expect(run.health).toEqual({ status: 'ok', mode: 'configured' });
    expect(run.code).toBe(0);
  });

  it('exits 1 naming the absolute path it looked for under that folder when the file is not there', async () => {
    const run = await runDevApp(userFolder, { ALIPAY_PUBLIC_KEY: '@missing-public.txt', ALIPAY_AES_KEY: keys.aesKeyBase64 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('phonekit: configuration error: ALIPAY_PUBLIC_KEY:');
    expect(run.stderr).toContain(join(userFolder, 'missing-public.txt'));
    expect(run.stderr).not.toContain(join(DEV_DIR, 'missing-public.txt'));
  });

  it('exits 1 naming the absolute path under that folder of a PHONEKIT_CONFIG that is not there', async () => {
    const run = await runDevApp(userFolder, { PHONEKIT_CONFIG: 'phonekit.json' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`phonekit: configuration error: PHONEKIT_CONFIG: the file "phonekit.json" (${join(userFolder, 'phonekit.json')}) cannot be read.`);
  });

  it('ignores an INIT_CWD that is not an existing absolute directory: paths resolve against its cwd', async () => {
    const run = await runDevApp(join(userFolder, 'no-such-folder'), { ALIPAY_PUBLIC_KEY: '@missing-public.txt', ALIPAY_AES_KEY: keys.aesKeyBase64 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(join(DEV_DIR, 'missing-public.txt'));
  });
});

describe('the development app with a .env file', () => {
  const envLines = (): string => `# from phonekit keys generate\nALIPAY_PUBLIC_KEY=${keys.publicKeyBase64}\nALIPAY_AES_KEY=${keys.aesKeyBase64}\n`;

  it('reads <INIT_CWD>/.env holding real-format keys, says which file it read (not its values), and answers mode "configured"', async () => {
    const dir = folderWith({ '.env': envLines() });
    const run = await runDevApp(dir, {});
    expect(run.stderr).toContain(`phonekit: read ${join(dir, '.env')}`);
    expect(run.stderr).not.toContain(keys.aesKeyBase64);
    expect(run.stderr).not.toContain(keys.publicKeyBase64.slice(0, 40));
    expect(run.health).toEqual({ status: 'ok', mode: 'configured' });
    expect(run.code).toBe(0);
  });

  it('lets a variable of the real environment win over the file', async () => {
    const dir = folderWith({ '.env': envLines() });
    const run = await runDevApp(dir, { ALIPAY_AES_KEY: '@aes-from-the-environment.key' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`phonekit: configuration error: ALIPAY_AES_KEY: there is no file at "aes-from-the-environment.key" (looked for ${join(dir, 'aes-from-the-environment.key')})`);
  });

  it('reads the file PHONEKIT_ENV_FILE names, relative to INIT_CWD, instead of .env', async () => {
    const dir = folderWith({ 'keys/.env': envLines(), '.env': 'ALIPAY_PUBLIC_KEY=@not-this-one.txt\n' });
    const run = await runDevApp(dir, { PHONEKIT_ENV_FILE: 'keys/.env' });
    expect(run.stderr).toContain(`phonekit: read ${join(dir, 'keys', '.env')}`);
    expect(run.health).toEqual({ status: 'ok', mode: 'configured' });
    expect(run.code).toBe(0);
  });

  it('exits 1 naming PHONEKIT_ENV_FILE and the absolute path tried when there is no such file', async () => {
    const dir = folderWith({});
    const run = await runDevApp(dir, { PHONEKIT_ENV_FILE: 'keys/.env' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`phonekit: configuration error: PHONEKIT_ENV_FILE: there is no file at "keys/.env" (looked for ${join(dir, 'keys', '.env')})`);
  });

  it('without a .env in the folder, runs the sandbox as before and names no file', async () => {
    const run = await runDevApp(folderWith({}), {});
    expect(run.stderr).not.toContain('phonekit: read ');
    expect(run.health).toEqual({ status: 'ok', mode: 'sandbox' });
    expect(run.code).toBe(0);
  });
});
