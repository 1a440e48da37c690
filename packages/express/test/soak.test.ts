// A soak: 20,000 mixed requests (valid, tampered, garbage, oversized) from a
// keep-alive client with 32 connections against the real server on
// 127.0.0.1. Every valid payload must come back 200 with its own number,
// everything else a 4xx with the envelope, nothing 5xx, no unexpected error
// logged, no connection left behind, and memory back near where it started.
import { request, Agent } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { startServer, type RunningServer } from '../src/start-server';
import { captureLogger, configFromEnv, envForKeys } from './support/server-fixtures';

const ROUTE = '/api/alipay/phone-number';
const TOTAL = 20_000;
const CONCURRENCY = 32;
const DEADLINE_MS = 90_000;

type Kind = 'valid' | 'tampered' | 'garbage' | 'oversized';

interface Job {
  readonly kind: Kind;
  readonly body: Buffer;
  readonly contentType: string;
  /** For valid payloads: the number the answer must carry. */
  readonly mobile?: string;
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A forced full collection: --expose-gc is not on under jest, so switch it on and fetch gc from a fresh context. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') gc();
}

function heapAfterCollection(): { heapUsed: number; rss: number } {
  collectGarbage();
  collectGarbage();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

function send(agent: Agent, port: number, job: Job): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: ROUTE, method: 'POST', agent, timeout: 10_000, headers: { 'content-type': job.contentType, 'content-length': job.body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(job.body);
  });
}

function openConnections(server: RunningServer): Promise<number> {
  return new Promise((resolveCount, reject) => server.server.getConnections((err, count) => (err ? reject(err) : resolveCount(count))));
}

let keys: AlipaySandboxKeys;
let server: RunningServer;
let logs: ReturnType<typeof captureLogger>;
const valid: { body: string; mobile: string }[] = [];

beforeAll(async () => {
  keys = generateAlipaySandboxKeys();
  for (let i = 0; i < 100; i++) {
    const mobile = `1390000${String(i).padStart(4, '0')}`;
    valid.push({ body: buildAlipayPhoneResponse(keys, 'success', { mobile }), mobile });
  }
  // Error-level only: any line at all is an unexpected (INTERNAL) error.
  logs = captureLogger('error');
  server = await startServer(configFromEnv({ ...envForKeys(keys), RATE_LIMIT_PER_MINUTE: '0', HOST: '127.0.0.1' }), { port: 0, logger: logs.logger });
}, 30_000);

afterAll(async () => {
  await server.close();
});

/** Builds the i-th job of the mix: 40% valid, 30% tampered, 25% garbage, 5% oversized. */
function jobAt(i: number, random: () => number): Job {
  const roll = random();
  const pick = valid[Math.floor(random() * valid.length)] ?? valid[0];
  if (pick === undefined) throw new Error('no payloads');
  if (roll < 0.4) return { kind: 'valid', body: Buffer.from(pick.body), contentType: i % 2 === 0 ? 'application/json' : 'text/plain', mobile: pick.mobile };
  if (roll < 0.7) {
    // Change one character of the ciphertext or the sign (never the last groups, where base64 has slack bits).
    const parsed = JSON.parse(pick.body) as Record<string, string>;
    const field = random() < 0.5 ? 'response' : 'sign';
    const value = parsed[field] ?? '';
    const at = Math.floor(random() * (value.length - 4));
    const replacement = value.charAt(at) === 'A' ? 'B' : 'A';
    parsed[field] = value.slice(0, at) + replacement + value.slice(at + 1);
    return { kind: 'tampered', body: Buffer.from(JSON.stringify(parsed)), contentType: 'application/json' };
  }
  if (roll < 0.95) {
    const length = Math.floor(random() * 2048);
    const bytes = Buffer.alloc(length);
    for (let b = 0; b < length; b++) bytes[b] = Math.floor(random() * 256);
    const types = ['application/json', 'text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'];
    return { kind: 'garbage', body: bytes, contentType: types[Math.floor(random() * types.length)] ?? 'text/plain' };
  }
  return { kind: 'oversized', body: Buffer.alloc(70 * 1024 + Math.floor(random() * 8192), 0x61), contentType: 'application/json' };
}

describe('POST /api/alipay/phone-number under a soak of 20,000 mixed requests', () => {
  const counts: Record<Kind, number> = { valid: 0, tampered: 0, garbage: 0, oversized: 0 };
  const statuses = new Map<string, number>();
  const failures: string[] = [];
  let before: { heapUsed: number; rss: number };
  let after: { heapUsed: number; rss: number };
  let completed = 0;
  let connectionsAfter = -1;

  beforeAll(async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const random = prng(0x50a1c);
    // Warm up (JIT, pools, caches) before taking the baseline.
    for (let i = 0; i < 500; i++) await send(agent, server.port, jobAt(i, random));
    before = heapAfterCollection();

    const started = Date.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < TOTAL && Date.now() - started < DEADLINE_MS) {
        const job = jobAt(next++, random);
        counts[job.kind]++;
        let answer: Answer;
        try {
          answer = await send(agent, server.port, job);
        } catch (err) {
          failures.push(`${job.kind}: no answer (${err instanceof Error ? err.message : String(err)})`);
          continue;
        }
        completed++;
        const key = `${job.kind} ${answer.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (job.kind === 'valid') {
          const mobile = answer.status === 200 ? (JSON.parse(answer.body) as { mobile?: unknown }).mobile : undefined;
          if (answer.status !== 200 || mobile !== job.mobile) failures.push(`valid: ${answer.status} ${answer.body.slice(0, 120)}`);
        } else {
          const code = answer.status >= 400 && answer.status < 500 ? (JSON.parse(answer.body) as { error?: { code?: unknown } }).error?.code : undefined;
          if (typeof code !== 'string') failures.push(`${job.kind}: ${answer.status} ${answer.body.slice(0, 120)}`);
          if (job.kind === 'oversized' && answer.status !== 413) failures.push(`oversized: ${answer.status}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
    agent.destroy();
    const deadline = Date.now() + 5_000;
    connectionsAfter = await openConnections(server);
    while (connectionsAfter > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      connectionsAfter = await openConnections(server);
    }
    after = heapAfterCollection();
  }, 120_000);

  // DEADLINE_MS only stops a runaway run (the loop gives up sending): what is
  // checked is that all 20,000 went out and were answered, not how fast.
  it('sends all 20,000 requests and every one is answered', () => {
    expect(counts.valid + counts.tampered + counts.garbage + counts.oversized).toBe(TOTAL);
    expect(completed).toBe(TOTAL);
    // Every kind is well represented.
    expect(counts.valid).toBeGreaterThan(TOTAL * 0.3);
    expect(counts.tampered).toBeGreaterThan(TOTAL * 0.2);
    expect(counts.garbage).toBeGreaterThan(TOTAL * 0.2);
    expect(counts.oversized).toBeGreaterThan(TOTAL * 0.03);
  });

  it('answers every valid payload 200 with its own number and everything else a catalogued 4xx', () => {
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('never answers 5xx', () => {
    const fiveHundreds = [...statuses].filter(([key]) => Number(key.split(' ')[1]) >= 500);
    expect(fiveHundreds).toEqual([]);
  });

  it('logs no unexpected error', () => {
    expect(logs.lines()).toEqual([]);
  });

  it('leaves no connection open once the client is gone', () => {
    expect(connectionsAfter).toBe(0);
  });

  it('ends with the heap back near where it started', () => {
    const growth = after.heapUsed - before.heapUsed;
    // A leak of even 1 KB per request would be 20 MB.
    expect(growth).toBeLessThan(16 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(256 * 1024 * 1024);
  });
});
