// The rate limit with REDIS_URL is one limit for every process sharing that
// Redis (issue 12, point 6: two workers let 1,200/min through a 600/min
// limit); without it each process counts alone, as the README says. Two real
// processes (runServer, as apps/server runs it), a real redis-server.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { generateAlipaySandboxKeys, type AlipaySandboxKeys } from '@phonekit/sandbox';
import { startRedisServer, type RunningRedis } from '@phonekit/test-servers';

jest.setTimeout(90_000);

const PACKAGE_DIR = resolve(__dirname, '..');
const LIMIT = 6;
const DATA_KEY = Buffer.alloc(32, 9).toString('base64');

let keys: AlipaySandboxKeys;
let redis: RunningRedis;

beforeAll(async () => {
  keys = generateAlipaySandboxKeys();
  redis = await startRedisServer();
});

afterAll(async () => {
  await redis.stop();
});

interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<number | null>;
  output(): string;
}

function startProcess(env: Record<string, string>): Promise<ServerProcess> {
  return new Promise((resolveStarted, reject) => {
    const child = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'test/support/run-server-process.ts'], {
      cwd: PACKAGE_DIR,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: '0',
        RATE_LIMIT_PER_MINUTE: String(LIMIT),
        ALIPAY_PUBLIC_KEY: keys.publicKeyBase64,
        ALIPAY_AES_KEY: keys.aesKeyBase64,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 80_000);
    void exited.then((code) => {
      clearTimeout(killer);
      reject(new Error(`the server process exited with ${String(code)} before listening:\n${output.slice(-2000)}`));
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const found = /"url":"http:\/\/localhost:(\d+)"[^\n]*"msg":"phonekit listening"/.exec(output);
      if (found?.[1] !== undefined) resolveStarted({ child, port: Number(found[1]), exited, output: () => output });
    });
  });
}

async function stopProcess(server: ServerProcess): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

/** `count` POSTs alternating between the two servers, one at a time: the statuses, in order. */
async function alternate(ports: readonly [number, number], count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`http://127.0.0.1:${ports[i % 2]}/api/alipay/phone-number`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not a payload' });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

describe('the rate limit across two processes', () => {
  it('with REDIS_URL is one limit for both: the first LIMIT requests pass, the rest are 429', async () => {
    const env = { REDIS_URL: redis.url, PHONEKIT_DATA_KEY: DATA_KEY };
    const [a, b] = await Promise.all([startProcess(env), startProcess(env)]);
    try {
      const statuses = await alternate([a.port, b.port], 3 * LIMIT);
      expect(statuses.filter((status) => status !== 429)).toHaveLength(LIMIT);
      expect(statuses.slice(LIMIT).every((status) => status === 429)).toBe(true);
      // Both processes answered some of the limited requests.
      expect(new Set(statuses.slice(LIMIT).map((_status, i) => (LIMIT + i) % 2)).size).toBe(2);
    } finally {
      expect(await stopProcess(a)).toBe(0);
      expect(await stopProcess(b)).toBe(0);
    }
  });

  it('without REDIS_URL counts per process: each lets LIMIT through', async () => {
    const [a, b] = await Promise.all([startProcess({}), startProcess({})]);
    try {
      const statuses = await alternate([a.port, b.port], 3 * LIMIT);
      expect(statuses.filter((status) => status !== 429)).toHaveLength(2 * LIMIT);
    } finally {
      await stopProcess(a);
      await stopProcess(b);
    }
  });

  it('lets requests through (and says so in a warn line, without secrets) while Redis does not answer', async () => {
    const dead = await startRedisServer();
    const deadUrl = dead.url;
    await dead.stop();
    const server = await startProcess({ REDIS_URL: deadUrl, PHONEKIT_DATA_KEY: DATA_KEY });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/api/alipay/phone-number`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not a payload' });
      await response.arrayBuffer();
      expect(response.status).not.toBe(429);
      expect(response.status).toBeLessThan(500);
      // The log line is written asynchronously: wait for it (bounded).
      for (let i = 0; i < 100 && !server.output().includes('allowing request without rate-limiting'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(server.output()).toContain('allowing request without rate-limiting');
      expect(server.output()).not.toContain(DATA_KEY);
    } finally {
      await stopProcess(server);
    }
  });
});
