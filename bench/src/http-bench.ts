import autocannon, { type Result } from 'autocannon';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import type { BenchPayload } from './fixtures';
import { cpuSeconds, sampleResidentMemory, startServerProcess, type ServerProcess } from './server-process';
import { summarise, type Summary } from './stats';

export type ServerLayout = 'one process' | 'cluster';

export interface RouteRun {
  readonly requestsPerSecond: number;
  /** Server CPU time (all its processes) per answered request, in microseconds. */
  readonly serverCpuUsPerRequest: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers that were not the expected 200 (must be 0), and connection errors/timeouts. */
  readonly unexpected: number;
}

export interface RouteResult {
  readonly route: string;
  readonly requestsPerSecond: Summary;
  readonly p50Ms: Summary;
  readonly p99Ms: Summary;
  /** Per round: this route's req/s divided by the trivial route's req/s in the same round. */
  readonly ratioToTrivial: Summary;
  /** Per round: this route's req/s divided by the POST baseline's (same body, 404) in the same round. */
  readonly ratioToPostBaseline: Summary;
  readonly serverCpuUsPerRequest: Summary;
  /**
   * Per round: the trivial route's server CPU per request divided by this
   * route's: the req/s ratio the two would have if the server alone were the
   * bottleneck (on a small machine the load generator often is).
   */
  readonly capacityRatioToTrivial: Summary;
  readonly unexpected: number;
}

export interface LayoutResult {
  readonly layout: ServerLayout;
  /** Server processes once it was up (the cluster: primary + workers). */
  readonly processes: number;
  /** Server processes seen at the end; more than at the start means a worker was replaced. */
  readonly processesAtEnd: number;
  /** What the server wrote to stderr during the run (crashes, worker restarts); empty when all went well. */
  readonly stderr: string;
  readonly peakRssBytes: number;
  readonly routes: readonly RouteResult[];
  readonly exitCode: number | null;
}

export interface HttpBenchOptions {
  readonly rounds: number;
  readonly seconds: number;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly workers: number;
}

interface Target {
  readonly name: string;
  readonly run: (server: ServerProcess, seconds: number) => Promise<RouteRun>;
}

const serverCpu = (server: ServerProcess): number => server.pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);

/** Runs autocannon and measures the server's CPU time around it. */
async function measured(server: ServerProcess, options: Parameters<typeof autocannon>[0], expectedStatus = '200'): Promise<RouteRun> {
  const cpuBefore = serverCpu(server);
  const result = await autocannon(options);
  return toRun(result, expectedStatus, serverCpu(server) - cpuBefore);
}

/** Gives each connection its own payload: different ciphertexts and signatures, all valid. */
function payloadPerConnection(payloads: readonly BenchPayload[]): (client: { setBody(body: string): void }) => void {
  let next = 0;
  return (client) => {
    const payload = payloads[next++ % payloads.length];
    if (payload !== undefined) client.setBody(payload.response);
  };
}

function toRun(result: Result, expectedStatus: string, serverCpuSeconds: number): RouteRun {
  const ok = result.statusCodeStats[expectedStatus]?.count ?? 0;
  const answered = Object.values(result.statusCodeStats).reduce((sum, s) => sum + s.count, 0);
  return {
    requestsPerSecond: result.requests.average,
    serverCpuUsPerRequest: answered === 0 ? Number.NaN : (serverCpuSeconds * 1e6) / answered,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    unexpected: answered - ok + result.errors + result.timeouts,
  };
}

function targets(payloads: readonly BenchPayload[], connections: number): Target[] {
  return [
    {
      name: 'GET /healthz (trivial route, same app)',
      run: (server, seconds) => measured(server, { url: `${server.url}/healthz`, connections, duration: seconds, timeout: 10 }),
    },
    {
      name: 'POST /healthz (same body, answered 404 by the same app)',
      run: (server, seconds) =>
        measured(
          server,
          {
            url: `${server.url}/healthz`,
            method: 'POST',
            connections,
            duration: seconds,
            timeout: 10,
            headers: { 'content-type': 'application/json' },
            setupClient: payloadPerConnection(payloads),
          },
          '404',
        ),
    },
    {
      name: 'POST /api/alipay/phone-number',
      run: (server, seconds) =>
        measured(server, {
          url: `${server.url}/api/alipay/phone-number`,
          method: 'POST',
          connections,
          duration: seconds,
          timeout: 10,
          headers: { 'content-type': 'application/json' },
          setupClient: payloadPerConnection(payloads),
        }),
    },
  ];
}

/** Checks once, before any load, that the phone route answers 200 with the right number. */
async function checkPhoneRoute(server: ServerProcess, payload: BenchPayload): Promise<void> {
  const res = await fetch(`${server.url}/api/alipay/phone-number`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: payload.response,
  });
  const body: unknown = await res.json();
  const mobile = typeof body === 'object' && body !== null ? Reflect.get(body, 'mobile') : undefined;
  if (res.status !== 200 || mobile !== payload.mobile) {
    throw new Error(`the phone route answered ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
}

/**
 * Benchmarks one server layout: starts it as a child process in configured
 * mode (real keys via env, rate limit off, warn-level logs), warms up, then
 * runs each route for `seconds` per round, alternating which goes first.
 */
export async function runHttpBench(
  layout: ServerLayout,
  keys: AlipaySandboxKeys,
  payloads: readonly BenchPayload[],
  options: HttpBenchOptions,
  log: (line: string) => void,
): Promise<LayoutResult> {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    ALIPAY_APP_ID: keys.appId,
    ALIPAY_PUBLIC_KEY: keys.publicKeyBase64,
    ALIPAY_AES_KEY: keys.aesKeyBase64,
    ...(layout === 'cluster' ? { WEB_CONCURRENCY: String(options.workers) } : {}),
  };
  const server = await startServerProcess(layout === 'cluster' ? 'src/cluster.ts' : 'src/main.ts', env);
  const memory = sampleResidentMemory(server);
  try {
    if (layout === 'cluster') {
      // Workers come up one by one: wait (bounded) until all of them are there.
      for (let i = 0; i < 50 && server.pids().length < options.workers + 1; i++) await new Promise((r) => setTimeout(r, 100));
    }
    const processes = server.pids().length;
    const first = payloads[0];
    if (first === undefined) throw new Error('no payloads');
    await checkPhoneRoute(server, first);
    const all = targets(payloads, options.connections);
    for (const target of all) await target.run(server, options.warmupSeconds);
    const runs = new Map<string, RouteRun[]>(all.map((t) => [t.name, []]));
    for (let round = 0; round < options.rounds; round++) {
      const order = all.map((_, i) => all[(i + round) % all.length]).filter((t): t is Target => t !== undefined);
      for (const target of order) {
        const run = await target.run(server, options.seconds);
        runs.get(target.name)?.push(run);
        log(`  ${layout}, round ${round + 1}/${options.rounds}: ${target.name}: ${Math.round(run.requestsPerSecond)} req/s, p99 ${run.p99Ms} ms, server ${Math.round(run.serverCpuUsPerRequest)} µs CPU/request`);
      }
    }
    const trivial = runs.get(all[0]?.name ?? '') ?? [];
    const postBaseline = runs.get(all[1]?.name ?? '') ?? [];
    const processesAtEnd = server.pids().length;
    const peakRssBytes = memory.stop();
    const exitCode = await server.stop();
    return {
      layout,
      processes,
      processesAtEnd,
      stderr: server.stderr().trim(),
      peakRssBytes,
      exitCode,
      routes: all.map((target) => {
        const own = runs.get(target.name) ?? [];
        return {
          route: target.name,
          requestsPerSecond: summarise(own.map((r) => r.requestsPerSecond)),
          p50Ms: summarise(own.map((r) => r.p50Ms)),
          p99Ms: summarise(own.map((r) => r.p99Ms)),
          ratioToTrivial: summarise(own.map((r, i) => r.requestsPerSecond / (trivial[i]?.requestsPerSecond ?? Number.NaN))),
          ratioToPostBaseline: summarise(own.map((r, i) => r.requestsPerSecond / (postBaseline[i]?.requestsPerSecond ?? Number.NaN))),
          serverCpuUsPerRequest: summarise(own.map((r) => r.serverCpuUsPerRequest)),
          capacityRatioToTrivial: summarise(own.map((r, i) => (trivial[i]?.serverCpuUsPerRequest ?? Number.NaN) / r.serverCpuUsPerRequest)),
          unexpected: own.reduce((sum, r) => sum + r.unexpected, 0),
        };
      }),
    };
  } catch (err) {
    memory.stop();
    await server.stop(2_000);
    throw err;
  }
}
