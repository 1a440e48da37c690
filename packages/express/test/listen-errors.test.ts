// A port that is taken (or not allowed, or an address the machine lacks)
// stops the start with one line a person can act on, not a stack (issue 11,
// "Port taken: a raw EADDRINUSE stack"). A real process (runServer, as
// apps/server's main.ts runs it) against a port this test holds.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { listenErrorLine } from '../src/run-server';

jest.setTimeout(60_000);

const PACKAGE_DIR = resolve(__dirname, '..');

function runToExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const keys = generateAlipaySandboxKeys();
  return new Promise((resolveExit, reject) => {
    const child = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'test/support/run-server-process.ts'], {
      cwd: PACKAGE_DIR,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolveExit({ code, stdout, stderr });
    });
  });
}

describe('a port that is already in use', () => {
  let taken: Server;
  let port: number;

  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const address = taken.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });

  afterAll(async () => {
    await new Promise<void>((done) => taken.close(() => done()));
  });

  it('exits 1 with one line naming the port, how to find who holds it and another port to use; no stack', async () => {
    const run = await runToExit({ HOST: '127.0.0.1', PORT: String(port) });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `phonekit: cannot listen on 127.0.0.1, port ${port}: the port is already in use (another phonekit, or another program: \`lsof -i :${port}\` or \`ss -ltnp | grep :${port}\` shows which). Stop it, or start with another port: PORT=${port + 1}.`,
    ]);
    expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    expect(run.stdout).not.toContain('phonekit listening');
  });
});

describe('listenErrorLine', () => {
  const error = (code: string): Error => Object.assign(new Error(code), { code });

  it('names a port that needs privileges, and an address the machine does not have', () => {
    expect(listenErrorLine(error('EACCES'), 80, undefined)).toBe('phonekit: cannot listen on every interface, port 80: permission denied (ports below 1024 need privileges). Start with PORT=3000 or another port above 1023.');
    expect(listenErrorLine(error('EADDRNOTAVAIL'), 3000, '10.9.9.9')).toMatch(/^phonekit: cannot listen on 10\.9\.9\.9, port 3000: this machine has no such address\. Set HOST/);
  });

  it('leaves any other error to the caller', () => {
    expect(listenErrorLine(error('EMFILE'), 3000, undefined)).toBeUndefined();
    expect(listenErrorLine('not an error', 3000, undefined)).toBeUndefined();
  });
});
