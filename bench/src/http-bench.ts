import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import type { BenchPayload } from './fixtures';
import { httpRequest, toMessage, type LoadJob, type LoadResult } from './load-client';
import { availableParallelism } from 'node:os';
import { cpuSeconds, machineBusySeconds, residentBytes, startServerProcess, type ServerProcess, type StartOptions } from './server-process';

export type Layout = 'one process' | '2 workers';
export const LAYOUTS: readonly Layout[] = ['one process', '2 workers'];

export const PHONE_ROUTE = '/api/alipay/phone-number';

/** However disturbed, a run is measured at most this many more times. */
export const MAX_RETRIES_PER_RUN = 2;

/** A server under test: how to start it in each layout. */
export interface ServerSpec {
  readonly name: string;
  readonly description: string;
  /** Whether it writes a request log line per request (checked against the answers). */
  readonly logsRequests: boolean;
  /** The layouts it runs in (default: all). */
  readonly layouts?: readonly Layout[];
  readonly start: (layout: Layout, keys: AlipaySandboxKeys) => StartOptions;
}

/** One timed run of one server: the load client's view and the server's CPU time. */
export interface RunSample {
  readonly requestsPerSecond: number;
  /** Server CPU time (every process of it) per answered request, µs. */
  readonly serverCpuUsPerRequest: number;
  /** The load client's CPU time per answered request, µs. */
  readonly clientCpuUsPerRequest: number;
  /** The bench process's own CPU time per answered request, µs (it samples memory and talks to the client). */
  readonly benchCpuUsPerRequest: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly unexpected: number;
  readonly firstUnexpected?: string;
  /**
   * Share of the machine's CPU (all cores, over the run) that went to other
   * processes than the server, the load client and the bench: other work on
   * a shared machine.
   */
  readonly otherLoad: number;
  /** Times this run was measured again because other work took more than the threshold. */
  readonly retries: number;
}

export interface ServerResult {
  readonly name: string;
  readonly layout: Layout;
  readonly processes: number;
  /** Sum of VmRSS over its processes once up, before any load. */
  readonly idleRssBytes: number;
  /** Largest sum of VmRSS over its processes during the runs (sampled every 100 ms). */
  readonly peakRssBytes: number;
  /** One per round, in round order. */
  readonly runs: readonly RunSample[];
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly processesAtEnd: number;
  /** Request log lines written (stdout lines) against requests answered, over the whole bench (warm-up included). */
  readonly logLines: number;
  readonly answeredTotal: number;
  /** The header names of its answer to the phone route (as fetch lists them). */
  readonly answerHeaders: readonly string[];
}

export interface HttpBenchOptions {
  readonly rounds: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  /** A run during which other processes took more than this share of the machine's CPU is measured again... */
  readonly maxOtherLoad: number;
  /** ...at most this many times in the whole bench (then the least disturbed attempt stands). */
  readonly retryBudget: number;
  /**
   * The order of the runs in a round, by server name and layout (reversed
   * every other round): runs compared with each other go next to each other,
   * so that a change in the machine's other load between them is small.
   */
  readonly order: ReadonlyArray<readonly [string, Layout]>;
}

interface Running {
  readonly spec: ServerSpec;
  readonly layout: Layout;
  readonly server: ServerProcess;
  readonly idleRssBytes: number;
  readonly processes: number;
  peakRssBytes: number;
  answeredTotal: number;
  readonly runs: RunSample[];
  readonly answerHeaders: readonly string[];
}

const cpuOf = (pids: readonly number[]): number => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
const rssOfPids = (pids: readonly number[]): number => pids.reduce((sum, pid) => sum + residentBytes(pid), 0);
const rssOf = (server: ServerProcess): number => rssOfPids(server.pids());
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The load client, in its own process: its CPU is not the bench's, and the bench's heap does not slow it. */
class LoadClient {
  private readonly child: ChildProcess = fork(resolve(__dirname, 'load-client.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  run(job: LoadJob): Promise<LoadResult> {
    return new Promise((resolveRun, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`the load client exited with ${code}`));
      this.child.once('exit', onExit);
      this.child.once('message', (result: LoadResult) => {
        this.child.off('exit', onExit);
        resolveRun(result);
      });
      this.child.send(toMessage(job));
    });
  }
  close(): void {
    this.child.kill('SIGTERM');
  }
}

/** Every connection posts its own payload (64 distinct ones) and expects its own number back. */
export function phoneJob(port: number, payloads: readonly BenchPayload[], connections: number, seconds: number): LoadJob {
  return {
    port,
    connections,
    seconds,
    expectedStatus: 200,
    requests: payloads.map((p) => ({ bytes: httpRequest('POST', port, PHONE_ROUTE, p.response), expect: `"mobile":"${p.mobile}"` })),
  };
}

/** Checks once, before any load, that the phone route answers 200 with the right number; resolves with the answer's header names. */
async function checkPhoneRoute(name: string, server: ServerProcess, payload: BenchPayload): Promise<string[]> {
  const res = await fetch(`${server.url}${PHONE_ROUTE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload.response });
  const body: unknown = await res.json();
  const mobile = typeof body === 'object' && body !== null ? Reflect.get(body, 'mobile') : undefined;
  if (res.status !== 200 || mobile !== payload.mobile) throw new Error(`${name}: the phone route answered ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return [...res.headers.keys()];
}

/**
 * One timed run. The server's pids are looked up once, before it (a lookup
 * reads every /proc/<pid>/stat on the machine), and its memory is sampled
 * every 100 ms during the run with that list: the bench's own CPU runs on the
 * same cores as the server and the client, so it must stay small (sampling
 * every server by a fresh /proc scan every 100 ms took about a quarter of a
 * core, which the 2-worker runs, with no core to spare, paid for).
 */
async function measure(client: LoadClient, running: Running, job: LoadJob): Promise<RunSample> {
  const pids = running.server.pids();
  const cpuBefore = cpuOf(pids);
  const busyBefore = machineBusySeconds();
  const benchBefore = process.cpuUsage();
  const sampler = setInterval(() => {
    running.peakRssBytes = Math.max(running.peakRssBytes, rssOfPids(pids));
  }, 100);
  const started = performance.now();
  const result = await client.run(job).finally(() => clearInterval(sampler));
  const wallSeconds = (performance.now() - started) / 1000;
  const bench = process.cpuUsage(benchBefore);
  const cpu = cpuOf(pids) - cpuBefore;
  const other = machineBusySeconds() - busyBefore - cpu - result.clientCpuUs / 1e6 - (bench.user + bench.system) / 1e6;
  running.answeredTotal += result.requests;
  return {
    requestsPerSecond: result.requestsPerSecond,
    serverCpuUsPerRequest: result.requests === 0 ? Number.NaN : (cpu * 1e6) / result.requests,
    clientCpuUsPerRequest: result.requests === 0 ? Number.NaN : result.clientCpuUs / result.requests,
    benchCpuUsPerRequest: result.requests === 0 ? Number.NaN : (bench.user + bench.system) / result.requests,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    requests: result.requests,
    unexpected: result.unexpected,
    ...(result.firstUnexpected === undefined ? {} : { firstUnexpected: result.firstUnexpected }),
    otherLoad: Math.max(0, other) / (wallSeconds * availableParallelism()),
    retries: 0,
  };
}

/**
 * Starts every server in every layout at once (idle servers cost nothing),
 * records their idle memory, warms each up, then runs `rounds` rounds: in
 * each, every server gets the same phone-route load for `seconds`, in the
 * given order, reversed every other round, so that a drift in whatever else
 * the machine is doing falls on all of them alike. Ratios are taken within a
 * round.
 */
export async function runHttpBench(
  specs: readonly ServerSpec[],
  keys: AlipaySandboxKeys,
  payloads: readonly BenchPayload[],
  options: HttpBenchOptions,
  log: (line: string) => void,
): Promise<ServerResult[]> {
  const all: Running[] = [];
  const client = new LoadClient();
  try {
    for (const layout of LAYOUTS) {
      for (const spec of specs) {
        if (spec.layouts !== undefined && !spec.layouts.includes(layout)) continue;
        const start = spec.start(layout, keys);
        const server = await startServerProcess(start);
        const first = payloads[0];
        if (first === undefined) throw new Error('no payloads');
        const answerHeaders = await checkPhoneRoute(`${spec.name} (${layout})`, server, first);
        all.push({ spec, layout, server, idleRssBytes: 0, processes: server.pids().length, peakRssBytes: 0, answeredTotal: 0, runs: [], answerHeaders });
      }
    }
    // Idle: every server up, one request answered each, nothing running; settle, then the median of 5 samples.
    await sleep(2_000);
    const samples: number[][] = all.map(() => []);
    for (let k = 0; k < 5; k++) {
      all.forEach((running, i) => samples[i]?.push(rssOf(running.server)));
      await sleep(200);
    }
    for (const [i, running] of all.entries()) {
      const idle = [...(samples[i] ?? [])].sort((a, b) => a - b)[2] ?? Number.NaN;
      all[i] = { ...running, idleRssBytes: idle, peakRssBytes: idle };
    }

    for (const running of all) {
      await measure(client, running, phoneJob(running.server.port, payloads, options.connections, options.warmupSeconds));
    }
    const schedule = options.order.map(([name, layout]) => {
      const running = all.find((r) => r.spec.name === name && r.layout === layout);
      if (running === undefined) throw new Error(`the schedule names ${name} (${layout}), which is not running`);
      return running;
    });
    if (schedule.length !== all.length) throw new Error('the schedule must name every server and layout once');
    let retryBudget = options.retryBudget;
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? schedule : [...schedule].reverse();
      for (const running of order) {
        const job = phoneJob(running.server.port, payloads, options.connections, options.seconds);
        let sample = await measure(client, running, job);
        let retries = 0;
        // Other work on a shared machine takes CPU from the server mid-run: measure again (bounded), keep the least disturbed.
        while (sample.otherLoad > options.maxOtherLoad && retryBudget > 0 && retries < MAX_RETRIES_PER_RUN) {
          retryBudget--;
          retries++;
          const again = await measure(client, running, job);
          if (again.otherLoad < sample.otherLoad) sample = again;
        }
        sample = { ...sample, retries };
        running.runs.push(sample);
        log(
          `  round ${round + 1}/${options.rounds}: ${running.spec.name}, ${running.layout}: ${Math.round(sample.requestsPerSecond)} req/s, server ${Math.round(sample.serverCpuUsPerRequest)} µs CPU/request, client ${Math.round(sample.clientCpuUsPerRequest)} µs, bench ${sample.benchCpuUsPerRequest.toFixed(1)} µs, p99 ${sample.p99Ms} ms, other load ${Math.round(sample.otherLoad * 100)}%${retries > 0 ? ` (after ${retries} more tries)` : ''}${sample.unexpected > 0 ? `, ${sample.unexpected} unexpected: ${sample.firstUnexpected ?? ''}` : ''}`,
        );
      }
    }
    // Let the last request log lines reach the log file before counting them.
    await sleep(300);
    const results: ServerResult[] = [];
    for (const running of all) {
      const processesAtEnd = running.server.pids().length;
      const logLines = running.server.stdoutLines();
      const exitCode = await running.server.stop();
      results.push({
        name: running.spec.name,
        layout: running.layout,
        processes: running.processes,
        idleRssBytes: running.idleRssBytes,
        peakRssBytes: running.peakRssBytes,
        runs: running.runs,
        exitCode,
        stderr: running.server.stderr().trim(),
        processesAtEnd,
        logLines,
        answeredTotal: running.answeredTotal,
        answerHeaders: running.answerHeaders,
      });
    }
    return results;
  } finally {
    client.close();
    await Promise.all(all.map((r) => r.server.stop(2_000)));
  }
}
