// The cluster primary restarts workers that die before they listen with a
// growing delay, and gives up (exit 1) after a bounded number in a row,
// instead of forking a new worker every few milliseconds (issue 12, point 6:
// a port taken made it restart 11 times in 8 s). The delays are checked as
// the primary states them, never by timing.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_RESTART_POLICY, restartDelayMs } from '../src/cluster/run-cluster';

jest.setTimeout(60_000);

const ENTRY = join(__dirname, 'support', 'cluster-entry.ts');

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly stdout: string;
}

function runCluster(env: Record<string, string>, until?: (stdout: string) => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', ENTRY], {
      cwd: join(__dirname, '..'),
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!signalled && until?.(stdout) === true) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr, stdout });
    });
  });
}

describe('restartDelayMs', () => {
  it('doubles from the first delay up to the cap', () => {
    const policy = { firstDelayMs: 500, maxDelayMs: 15_000, giveUpAfter: 8 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelayMs(policy, n))).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
    expect(DEFAULT_RESTART_POLICY.giveUpAfter).toBeGreaterThan(1);
  });
});

describe('the cluster primary', () => {
  let taken: Server;
  let port: number;

  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => taken.close(() => resolve()));
  });

  it('restarts workers that die before listening with a doubling delay, then gives up with exit 1', async () => {
    const run = await runCluster({
      CLUSTER_TEST_WORKER: 'taken',
      CLUSTER_TEST_PORT: String(port),
      CLUSTER_TEST_RESTART: JSON.stringify({ firstDelayMs: 40, maxDelayMs: 200, giveUpAfter: 6 }),
    });
    expect(run.code).toBe(1);
    const delays = [...run.stderr.matchAll(/before listening; starting another in (\d+) ms \((\d+) of 6 before giving up\)/g)].map((m) => Number(m[1]));
    expect(delays).toEqual([40, 80, 160, 200, 200]);
    expect(run.stderr).toContain('phonekit: workers exited before listening 6 times in a row (the last with 1): giving up.');
    // The worker's own error stays visible above the primary's lines.
    expect(run.stderr).toContain('EADDRINUSE');
  });

  it('replaces a worker that dies after it listened at once, and keeps going', async () => {
    const run = await runCluster(
      { CLUSTER_TEST_WORKER: 'crash-after-listening', CLUSTER_TEST_RESTART: JSON.stringify({ firstDelayMs: 40, maxDelayMs: 200, giveUpAfter: 2 }) },
      (stdout) => (stdout.match(/listening/g)?.length ?? 0) >= 6,
    );
    // Six workers listened (2 at start, 4 replacements) although giveUpAfter is 2: none died before listening.
    expect(run.stderr).toMatch(/exited with 3; starting another\n/);
    expect(run.stderr).not.toContain('giving up');
    expect(run.code).toBe(0);
  });
});
