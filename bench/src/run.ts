/**
 * `pnpm bench`: builds the production server, then measures, in one run:
 * its phone route against a minimal Express 5 app doing the same crypto (and
 * the same on Fastify), one process and 2 workers; its idle memory; its start
 * with 1,000 apps; and phonekit's core against the official alipay-sdk and
 * bare node:crypto; and the accounts' login + bind per second on PGlite and on
 * a real Postgres (started by the bench) against one bare INSERT ... ON
 * CONFLICT on the same database. Writes BENCHMARKS.md at the repository root.
 * Every figure is compared with a baseline measured in the same run.
 *
 * Knobs (environment, for quick runs): BENCH_ROUNDS (5, core), BENCH_PAYLOADS (500),
 * BENCH_HTTP_ROUNDS (10), BENCH_HTTP_SECONDS (2), BENCH_CONNECTIONS (32), BENCH_SKIP_HTTP=1,
 * BENCH_SKIP_BUILD=1 (measure apps/server/dist and packages/accounts/dist as they are),
 * BENCH_SERVER_FROM_SOURCE=1 (run the server's TypeScript through tsx instead
 * of its build; BENCHMARKS.md says so),
 * BENCH_ACCOUNTS_ROUNDS (5), BENCH_ACCOUNTS_SECONDS (2, each side per round),
 * BENCH_ACCOUNTS_IN_FLIGHT (8, the concurrent Postgres mode), BENCH_SKIP_ACCOUNTS=1,
 * BENCH_ONLY=accounts (builds only @phonekit/accounts, runs only the accounts
 * part and rewrites only its section of BENCHMARKS.md, leaving the rest as
 * the last full run wrote it),
 * BENCH_ONLY=platforms (builds only @phonekit/core, runs only the QQ,
 * Kuaishou, Douyin and Baidu decrypt part, BENCH_ROUNDS and BENCH_PAYLOADS,
 * and rewrites only its section).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { AccountsBenchResult } from './accounts-bench';
import { ACCOUNTS_HEADING, accountsSection } from './accounts-report';
import { BASELINE_JS_DIR, compileBaselines } from './compile-baselines';
import type { CoreResult } from './core-bench';
import type { PlatformResult } from './platforms-bench';
import { PLATFORMS_HEADING_PREFIX, platformsSection } from './platforms-report';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { LAYOUTS, MAX_RETRIES_PER_RUN, PHONE_ROUTE, phoneJob, runHttpBench, type Layout, type RunSample, type ServerResult, type ServerSpec } from './http-bench';
import { ROOT_DIR } from './server-process';
import { countInstructions, hasCallgrind, type InstructionCount } from './instructions-bench';
import { profileServer, type ProfileShare } from './profile-bench';
import type { KeyLoadResult, ModuleRss, StartupResult } from './startup-bench';
import { formatCount, formatMiB, formatMs, formatRatio, summarise, type Summary } from './stats';

function knob(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? Number.NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const ROUNDS = knob('BENCH_ROUNDS', 5);
const PAYLOADS = knob('BENCH_PAYLOADS', 500);
const HTTP_ROUNDS = knob('BENCH_HTTP_ROUNDS', 10);
const HTTP_SECONDS = knob('BENCH_HTTP_SECONDS', 2);
/** A run during which other processes took more than this share of the machine's CPU is measured again (within a budget). */
const MAX_OTHER_LOAD = 0.1;
const CONNECTIONS = knob('BENCH_CONNECTIONS', 32);
const SKIP_HTTP = process.env['BENCH_SKIP_HTTP'] === '1';
const SKIP_BUILD = process.env['BENCH_SKIP_BUILD'] === '1';
const FROM_SOURCE = process.env['BENCH_SERVER_FROM_SOURCE'] === '1';
const ACCOUNTS_ROUNDS = knob('BENCH_ACCOUNTS_ROUNDS', 5);
const ACCOUNTS_SECONDS = knob('BENCH_ACCOUNTS_SECONDS', 2);
const ACCOUNTS_IN_FLIGHT = knob('BENCH_ACCOUNTS_IN_FLIGHT', 8);
const SKIP_ACCOUNTS = process.env['BENCH_SKIP_ACCOUNTS'] === '1';
/** BENCH_ONLY: one part alone ('accounts', 'platforms', 'instructions'), or unset for the whole bench (which keeps the instructions section BENCHMARKS.md has). */
const ONLY = process.env['BENCH_ONLY'] ?? '';
const ONLY_PARTS = ['accounts', 'platforms', 'instructions'];
const INSTRUCTIONS_HEADING = '## Instructions per request: the phone route under callgrind';
const IR_ROUNDS = knob('BENCH_IR_ROUNDS', 2);
const IR_SECONDS = knob('BENCH_IR_SECONDS', 15);
/**
 * Under valgrind a server answers some 40 requests a second, and V8 is still
 * optimising the request path (TurboFan compiling on its helper threads)
 * 20 s in: counted then, phonekit came out at 0.79x the baseline, and at
 * 0.82x once both had run 90 s. 60 s by default.
 */
const IR_WARMUP_SECONDS = knob('BENCH_IR_WARMUP_SECONDS', 60);
/** Wall time of one platform's turn in a round of the platforms part (phonekit and its floor together). */
const PLATFORMS_MS_PER_ROUND = 1000;
const OUTPUT = resolve(ROOT_DIR, 'BENCHMARKS.md');
const SERVER_DIR = resolve(ROOT_DIR, 'apps/server');
const BENCH_DIR = resolve(__dirname, '..');
/** High enough that the bench's bounded traffic (all from 127.0.0.1, one client key) is never 429'd; the limiter still counts every request and sets its headers. */
const RATE_LIMIT = '1000000000';
const MANY_APPS = 1000;
const PROFILE_SECONDS = 4;
/** What the production server's processes require at start, each measured alone in a fresh node. */
const RSS_MODULES = ['express', '@phonekit/express', '@phonekit/accounts', 'ioredis'];

const CORE_TARGET_SDK = 8;
const CORE_TARGET_FLOOR = 0.9;
const HTTP_TARGET = 0.9;
const SCALING_TARGET = 1.8;
const IDLE_RSS_TARGET_MIB = 250;
const STARTUP_TARGET_MS = 1000;

const PHONEKIT = 'phonekit (production server)';
const EXPRESS = 'Express 5 baseline';
const FASTIFY = 'Fastify 5 baseline';
const EXPRESS_PROTOTYPES = 'Express 5 baseline, born with the app\'s prototypes';
const NO_LIMITER = 'phonekit, rate limiter off';
const NO_LINES = 'phonekit, no request lines';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const spread = (s: Summary, format: (n: number) => string): string => `${format(s.median)} (${format(s.min)} – ${format(s.max)})`;
const verdict = (met: boolean): string => (met ? '**met**' : '**not met**');
/** A ratio to three decimals, for the lines that judge a target (0.899x is not 0.90x). */
const precise = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(3)}x` : 'n/a');

/** The machine as /proc describes it (not os.cpus(), which only echoes the model string). */
function machine(): string {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const field = (name: string): string => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  const processors = (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
  const hypervisor = /^flags\s*:.*\bhypervisor\b/m.test(cpuinfo);
  const meminfo = existsSync('/proc/meminfo') ? readFileSync('/proc/meminfo', 'utf8') : '';
  const memKiB = Number(/^MemTotal:\s+(\d+) kB/m.exec(meminfo)?.[1] ?? Number.NaN);
  return `${field('model name')} (vendor_id ${field('vendor_id')}, family ${field('cpu family')}, model ${field('model')}), ${processors} logical processors in /proc/cpuinfo${hypervisor ? ', virtualised (the hypervisor flag is set)' : ''}; MemTotal ${formatMiB(memKiB * 1024)} MiB (/proc/meminfo)`;
}

/** Builds what the production server runs: core, express, accounts, then apps/server (tsup / tsc); or the given packages only. */
function buildServer(packages: readonly string[] = ['@phonekit/core', '@phonekit/express', '@phonekit/accounts', '@phonekit/server']): void {
  const pnpm = process.env['npm_execpath'];
  const args = [...packages.flatMap((name) => ['--filter', name]), 'build'];
  const [command, argv] = pnpm !== undefined && pnpm !== '' && /pnpm/.test(pnpm) ? [process.execPath, [pnpm, ...args]] : ['npx', ['-y', 'pnpm@10', ...args]];
  log(`building: pnpm ${args.join(' ')}`);
  const result = spawnSync(command, argv, { cwd: ROOT_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`the build failed (exit ${String(result.status)}); run \`npx -y pnpm@10 build\` to see why`);
}

const serverArgs = (layout: Layout): string[] => {
  const entry = layout === 'one process' ? 'main' : 'cluster';
  return FROM_SOURCE ? ['--conditions=@phonekit/source', '--import', 'tsx', `src/${entry}.ts`] : [`dist/${entry}.js`];
};
const workerEnv = (layout: Layout): Record<string, string> => (layout === '2 workers' ? { WEB_CONCURRENCY: '2' } : { WEB_CONCURRENCY: '1' });
const processesOf = (layout: Layout): number => (layout === '2 workers' ? 3 : 1);

const phonekitEnv = (layout: Layout, keys: AlipaySandboxKeys): Record<string, string> => ({
  NODE_ENV: 'production',
  RATE_LIMIT_PER_MINUTE: RATE_LIMIT,
  ALIPAY_APP_ID: keys.appId,
  ALIPAY_PUBLIC_KEY: keys.publicKeyBase64,
  ALIPAY_AES_KEY: keys.aesKeyBase64,
  ...(layout === '2 workers' ? { WEB_CONCURRENCY: '2' } : {}),
});

const SPECS: readonly ServerSpec[] = [
  {
    name: PHONEKIT,
    description: FROM_SOURCE
      ? '`apps/server` run from its TypeScript (`node --import tsx src/main.ts` / `src/cluster.ts`), BENCH_SERVER_FROM_SOURCE=1'
      : '`node apps/server/dist/main.js` (one process) and `node apps/server/dist/cluster.js` with WEB_CONCURRENCY=2 (node:cluster primary + 2 workers), built by this run',
    logsRequests: true,
    start: (layout, keys) => ({ args: serverArgs(layout), cwd: SERVER_DIR, env: phonekitEnv(layout, keys), processes: processesOf(layout) }),
  },
  {
    name: NO_LIMITER,
    description: 'for information: the same server with RATE_LIMIT_PER_MINUTE=0 (no rate limiter), to show what the limiter costs',
    logsRequests: true,
    layouts: ['one process'],
    start: (layout, keys) => ({ args: serverArgs(layout), cwd: SERVER_DIR, env: { ...phonekitEnv(layout, keys), RATE_LIMIT_PER_MINUTE: '0' }, processes: processesOf(layout) }),
  },
  {
    name: NO_LINES,
    description: 'for information: the same server with LOG_LEVEL=warn (the request log still runs, but writes no line for a 200), to show what writing the lines costs',
    logsRequests: false,
    layouts: ['one process'],
    start: (layout, keys) => ({ args: serverArgs(layout), cwd: SERVER_DIR, env: { ...phonekitEnv(layout, keys), LOG_LEVEL: 'warn' }, processes: processesOf(layout) }),
  },
  {
    name: EXPRESS,
    description: '`bench/src/baseline/express-app.ts` (compiled to plain JavaScript by this run and run on bare node, like the production server): `express.text()`, `JSON.parse`, `crypto.verify(\'sha256\', \'"\' + response + \'"\', cachedKeyObject, sign)`, one `createDecipheriv(\'aes-128-cbc\', key, zeroIv)`, `JSON.parse`, `res.json({ mobile })`; no helmet, no log, no limiter',
    logsRequests: false,
    start: (layout, keys) => ({
      args: [resolve(BASELINE_JS_DIR, 'express-app.js')],
      cwd: BENCH_DIR,
      env: { NODE_ENV: 'production', ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64, ...workerEnv(layout) },
      processes: processesOf(layout),
    }),
  },
  {
    name: EXPRESS_PROTOTYPES,
    description:
      'for information: the same Express baseline with BASELINE_APP_PROTOTYPES=1: its server creates req and res with the app\'s prototypes (as phonekit\'s startServer does, see packages/express/src/server-classes.ts), so Express\'s per-request `Object.setPrototypeOf` changes nothing and V8 keeps one map for every request\'s objects; it shows how much of phonekit\'s lead over the baseline is that one change',
    logsRequests: false,
    layouts: ['one process'],
    start: (layout, keys) => ({
      args: [resolve(BASELINE_JS_DIR, 'express-app.js')],
      cwd: BENCH_DIR,
      env: { NODE_ENV: 'production', ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64, BASELINE_APP_PROTOTYPES: '1', ...workerEnv(layout) },
      processes: processesOf(layout),
    }),
  },
  {
    name: FASTIFY,
    description: '`bench/src/baseline/fastify-app.ts`: the same handler on Fastify 5 (body as text, no schema), for information: the framework ceiling',
    logsRequests: false,
    start: (layout, keys) => ({
      args: [resolve(BASELINE_JS_DIR, 'fastify-app.js')],
      cwd: BENCH_DIR,
      env: { NODE_ENV: 'production', ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64, ...workerEnv(layout) },
      processes: processesOf(layout),
    }),
  },
];

/**
 * The runs of a round in order (reversed every other round): each pair the
 * targets compare sits side by side (phonekit and the Express baseline in
 * each layout, phonekit in one process and in 2 workers), and the rows
 * without the limiter or the lines sit next to phonekit's one-process run.
 */
const SCHEDULE: ReadonlyArray<readonly [string, Layout]> = [
  [EXPRESS_PROTOTYPES, 'one process'],
  [NO_LINES, 'one process'],
  [NO_LIMITER, 'one process'],
  [EXPRESS, 'one process'],
  [PHONEKIT, 'one process'],
  [PHONEKIT, '2 workers'],
  [EXPRESS, '2 workers'],
  [FASTIFY, '2 workers'],
  [FASTIFY, 'one process'],
];

function coreTable(results: readonly CoreResult[], baselines: readonly string[]): string[] {
  const header = ['Implementation', 'Payloads/s', ...baselines.map((b) => `vs ${b}`), 'Payloads per CPU-second', ...baselines.map((b) => `vs ${b} (CPU)`)];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  const ratioCells = (ratios: Readonly<Record<string, Summary>>): string[] =>
    baselines.map((b) => {
      const ratio = ratios[b];
      return ratio === undefined ? 'n/a' : spread(ratio, formatRatio);
    });
  for (const r of results) {
    lines.push(`| ${r.name} | ${spread(r.perWallSecond, formatCount)} | ${ratioCells(r.wallRatios).join(' | ')} | ${spread(r.perCpuSecond, formatCount)} | ${ratioCells(r.ratios).join(' | ')} |`);
  }
  lines.push('', 'Implementations measured:', '');
  for (const r of results) lines.push(`- **${r.name}**: ${r.description}`);
  return lines;
}

const find = (results: readonly ServerResult[], name: string, layout: Layout): ServerResult | undefined => results.find((r) => r.name === name && r.layout === layout);
const series = (result: ServerResult | undefined, pick: (run: RunSample) => number): number[] => (result?.runs ?? []).map(pick);
/** Per round, a over b. */
const perRound = (a: readonly number[], b: readonly number[]): Summary => summarise(a.map((x, i) => x / (b[i] ?? Number.NaN)));

interface HttpFigures {
  readonly rpsRatio: Summary;
  /** Baseline CPU per request over this server's: >= 1 means cheaper than the baseline. */
  readonly cpuRatio: Summary;
}

function against(results: readonly ServerResult[], name: string, baseline: string, layout: Layout): HttpFigures {
  const own = find(results, name, layout);
  const base = find(results, baseline, layout);
  return {
    rpsRatio: perRound(series(own, (r) => r.requestsPerSecond), series(base, (r) => r.requestsPerSecond)),
    cpuRatio: perRound(series(base, (r) => r.serverCpuUsPerRequest), series(own, (r) => r.serverCpuUsPerRequest)),
  };
}

const scaling = (results: readonly ServerResult[], name: string): Summary =>
  perRound(series(find(results, name, '2 workers'), (r) => r.requestsPerSecond), series(find(results, name, 'one process'), (r) => r.requestsPerSecond));

function httpSection(results: readonly ServerResult[]): string[] {
  const lines: string[] = [
    `| Layout | Server | Requests/s | vs ${EXPRESS} (req/s) | Server CPU µs / request | vs ${EXPRESS} (CPU per request) | p50 ms | p99 ms | Load client CPU µs / request | Other load | Runs measured again | Idle RSS | Peak RSS | Unexpected answers |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const layout of LAYOUTS) {
    for (const spec of SPECS) {
      const r = find(results, spec.name, layout);
      if (r === undefined) continue;
      const vs = against(results, spec.name, EXPRESS, layout);
      const layoutName = layout === 'one process' ? 'one process' : `2 workers (${r.processes} processes)`;
      lines.push(
        `| ${layoutName} | ${spec.name} | ${spread(summarise(series(r, (s) => s.requestsPerSecond)), formatCount)} | ${spread(vs.rpsRatio, formatRatio)} | ${spread(summarise(series(r, (s) => s.serverCpuUsPerRequest)), formatCount)} | ${spread(vs.cpuRatio, formatRatio)} | ${formatMs(summarise(series(r, (s) => s.p50Ms)).median)} | ${spread(summarise(series(r, (s) => s.p99Ms)), formatMs)} | ${formatCount(summarise(series(r, (s) => s.clientCpuUsPerRequest)).median)} | ${Math.round(summarise(series(r, (s) => s.otherLoad)).median * 100)}% | ${r.runs.filter((s) => s.retries > 0).length} of ${r.runs.length} | ${formatMiB(r.idleRssBytes)} MiB | ${formatMiB(r.peakRssBytes)} MiB | ${r.runs.reduce((n, s) => n + s.unexpected, 0)} |`,
      );
    }
  }
  lines.push('', '2 workers over one process, per round (same server, same round):', '', '| Server | 2 workers / one process (req/s) |', '|---|---|');
  for (const spec of SPECS.filter((x) => x.layouts === undefined)) lines.push(`| ${spec.name} | ${spread(scaling(results, spec.name), formatRatio)} |`);
  lines.push('', 'Servers measured:', '');
  for (const spec of SPECS) lines.push(`- **${spec.name}**: ${spec.description}`);
  return lines;
}

function httpTargets(results: readonly ServerResult[]): string[] {
  const lines: string[] = [];
  for (const layout of LAYOUTS) {
    const vs = against(results, PHONEKIT, EXPRESS, layout);
    lines.push(
      `- ${layout}: phonekit >= ${HTTP_TARGET}x the Express baseline in req/s: ${verdict(vs.rpsRatio.median >= HTTP_TARGET)} (median ${precise(vs.rpsRatio.median)}, rounds ${formatRatio(vs.rpsRatio.min)} – ${formatRatio(vs.rpsRatio.max)}); in server CPU per request (baseline's over phonekit's): ${verdict(vs.cpuRatio.median >= HTTP_TARGET)} (median ${precise(vs.cpuRatio.median)}, rounds ${formatRatio(vs.cpuRatio.min)} – ${formatRatio(vs.cpuRatio.max)}).`,
    );
  }
  const scale = scaling(results, PHONEKIT);
  lines.push(`- phonekit 2 workers >= ${SCALING_TARGET}x one process (req/s): ${verdict(scale.median >= SCALING_TARGET)} (median ${precise(scale.median)}, rounds ${formatRatio(scale.min)} – ${formatRatio(scale.max)}).`);
  const cluster = find(results, PHONEKIT, '2 workers');
  const baseCluster = find(results, EXPRESS, '2 workers');
  if (cluster !== undefined) {
    const mib = cluster.idleRssBytes / (1024 * 1024);
    lines.push(
      `- Idle RSS of the ${FROM_SOURCE ? '' : 'compiled '}2-worker cluster (primary + 2 workers, VmRSS summed from /proc) <= ${IDLE_RSS_TARGET_MIB} MiB: ${verdict(mib <= IDLE_RSS_TARGET_MIB)} (${formatMiB(cluster.idleRssBytes)} MiB; ${baseCluster === undefined ? '' : `${formatRatio(cluster.idleRssBytes / baseCluster.idleRssBytes)} the Express baseline's 2-worker cluster, ${formatMiB(baseCluster.idleRssBytes)} MiB`}).`,
    );
  }
  for (const r of results.filter((x) => x.name === PHONEKIT)) {
    lines.push(
      `- phonekit, ${r.layout}: request log lines written ${formatCount(r.logLines)} for ${formatCount(r.answeredTotal)} requests answered by the load client (the others are start-up lines, readiness checks and the first check request); exit code after SIGTERM ${String(r.exitCode)}; ${r.processesAtEnd === r.processes ? 'no process replaced during the run' : `${r.processesAtEnd} processes at the end against ${r.processes} at the start`}${r.stderr === '' ? ', nothing on stderr' : `; stderr: \`${r.stderr.slice(-300).replace(/`/g, "'").replace(/\s+/g, ' ')}\``}.`,
    );
  }
  return lines;
}

function startupSection(startup: StartupResult, keyLoad: KeyLoadResult): string[] {
  const most = Math.max(...startup.appCounts);
  const lines = ['| Apps in PHONEKIT_CONFIG | ms from spawn to the first 200 from /healthz | vs 1 app |', '|---|---|---|'];
  for (const count of startup.appCounts) {
    const ms = startup.msToHealthz.get(count);
    const ratio = startup.ratioToOneApp.get(count);
    if (ms === undefined || ratio === undefined) continue;
    lines.push(`| ${formatCount(count)} | ${spread(ms, formatCount)} | ${spread(ratio, formatRatio)} |`);
  }
  const mostMs = startup.msToHealthz.get(most);
  lines.push(
    '',
    `Other work took ${Math.round(startup.otherLoad.median * 100)}% (${Math.round(startup.otherLoad.min * 100)}% – ${Math.round(startup.otherLoad.max * 100)}%) of the machine's CPU during these starts${startup.otherLoad.median > OTHER_LOAD_WARNING ? ': **the times are those of a busy machine, and the target should be read from a rerun on a quiet one**' : ''}.`,
    '',
    `Each further app costs ${spread(startup.usPerApp, formatCount)} µs of start-up ((t(${formatCount(most)}) - t(1)) / ${formatCount(most - 1)}, per round). In process, \`loadAlipayPublicKey\` on a bare base64 SPKI key takes ${spread(keyLoad.phonekitUs, (n) => n.toFixed(1))} µs against ${spread(keyLoad.opensslDerUs, (n) => n.toFixed(1))} µs for node's own \`createPublicKey({ format: 'der', type: 'spki' })\` of the same bytes: ${spread(keyLoad.ratio, formatRatio)}.`,
    '',
    `- ${formatCount(most)} apps answer /healthz within ${formatCount(STARTUP_TARGET_MS)} ms of process start: ${mostMs === undefined ? 'n/a' : `${verdict(mostMs.median <= STARTUP_TARGET_MS)} (median ${formatCount(mostMs.median)} ms, rounds ${formatCount(mostMs.min)} – ${formatCount(mostMs.max)} ms)`}.`,
  );
  return lines;
}

const loadNow = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

/** The accounts part: login + bind against a bare upsert, on PGlite and on Postgres. */
async function accountsPart(): Promise<{ result: AccountsBenchResult; started: Date; finished: Date; loadAtStart: string; loadAtEnd: string }> {
  const started = new Date();
  const loadAtStart = loadNow();
  log(`accounts: ${ACCOUNTS_ROUNDS} rounds of ${ACCOUNTS_SECONDS} s per side; Postgres with 1 and ${ACCOUNTS_IN_FLIGHT} in flight`);
  // loaded here, not at the top: it requires @phonekit/accounts as built, and the build runs first
  const { runAccountsBench } = await import('./accounts-bench');
  const result = await runAccountsBench({ rounds: ACCOUNTS_ROUNDS, seconds: ACCOUNTS_SECONDS, warmupSeconds: 1, inFlight: ACCOUNTS_IN_FLIGHT, log });
  return { result, started, finished: new Date(), loadAtStart, loadAtEnd: loadNow() };
}

function accountsLines(part: Awaited<ReturnType<typeof accountsPart>>, alone: boolean): string[] {
  const took = Math.round((part.finished.getTime() - part.started.getTime()) / 1000);
  const how = alone
    ? `by \`BENCH_ONLY=accounts npx -y pnpm@10 bench\` on ${part.started.toISOString()} (took ${took} s), which rewrote only this section; machine: ${machine()}; Node ${process.version}`
    : `in the run above, from ${part.started.toISOString()} (took ${took} s)`;
  const processors = availableParallelism();
  const busy = [part.loadAtStart, part.loadAtEnd].some((l) => Number(l.split(',')[0]) > processors / 2);
  const warning = busy
    ? ` **Other work shared the machine (a 1-minute load average above half its ${processors} processors): absolute figures are a busy machine's; the ratios, each side measured next to the other in every round, are the figures to read, and a rerun on a quiet machine gives cleaner ones.**`
    : '';
  return accountsSection(part.result, `Measured ${how}; load average (1, 5, 15 min) at start ${part.loadAtStart}, at the end ${part.loadAtEnd}.${warning} To rerun only this part: \`BENCH_ONLY=accounts npx -y pnpm@10 bench\` (knobs BENCH_ACCOUNTS_ROUNDS, BENCH_ACCOUNTS_SECONDS, BENCH_ACCOUNTS_IN_FLIGHT).`);
}

/** The platforms part: each mini-program platform's decrypt against its bare node:crypto floor. */
async function platformsPart(): Promise<{ results: PlatformResult[]; started: Date; finished: Date; loadAtStart: string; loadAtEnd: string }> {
  const started = new Date();
  const loadAtStart = loadNow();
  log(`platforms: QQ, Kuaishou, Douyin (legacy and code flow), Baidu against node:crypto; ${ROUNDS} rounds, ${PAYLOADS} payloads each...`);
  // loaded here, not at the top: it requires @phonekit/core as built, and the build runs first
  const { makePlatformCases, runPlatformsBench } = await import('./platforms-bench');
  const { distinctMobiles } = await import('./fixtures');
  const results = runPlatformsBench(makePlatformCases(distinctMobiles(PAYLOADS)), { rounds: ROUNDS, minMsPerRound: PLATFORMS_MS_PER_ROUND, log });
  for (const r of results) log(`  ${r.platform}: phonekit ${r.phonekit.wallUs.median.toFixed(2)} µs, floor ${r.floor.wallUs.median.toFixed(2)} µs, ${formatRatio(r.ratio.median)}`);
  return { results, started, finished: new Date(), loadAtStart, loadAtEnd: loadNow() };
}

function platformsLines(part: Awaited<ReturnType<typeof platformsPart>>, alone: boolean): string[] {
  const took = Math.round((part.finished.getTime() - part.started.getTime()) / 1000);
  const how = alone
    ? `by \`BENCH_ONLY=platforms npx -y pnpm@10 bench\` on ${part.started.toISOString()} (took ${took} s), which rewrote only this section; machine: ${machine()}; Node ${process.version}`
    : `in the run above, from ${part.started.toISOString()} (took ${took} s)`;
  const processors = availableParallelism();
  const busy = [part.loadAtStart, part.loadAtEnd].some((l) => Number(l.split(',')[0]) > processors / 2);
  const warning = busy
    ? ` **Other work shared the machine (a 1-minute load average above half its ${processors} processors): absolute µs are a busy machine's; the ratios, each side measured next to the other in every round, are the figures to read, and a rerun on a quiet machine gives cleaner ones.**`
    : '';
  return platformsSection(
    part.results,
    ROUNDS,
    PLATFORMS_MS_PER_ROUND,
    `Measured ${how}; load average (1, 5, 15 min) at start ${part.loadAtStart}, at the end ${part.loadAtEnd}.${warning} To rerun only this part: \`BENCH_ONLY=platforms npx -y pnpm@10 bench\` (knobs BENCH_ROUNDS, BENCH_PAYLOADS).`,
  );
}

/**
 * Puts the section starting with `heading` (up to the next "## " heading, or
 * the end) in place of the one BENCHMARKS.md has; else just before the
 * heading `missingBefore` starts, when given and found, or at its end.
 */
/** Where the section starting with `heading` lies in `lines`: its first line, and the next "## " heading's (or the end); undefined when there is none. */
function sectionBounds(lines: readonly string[], heading: string): { start: number; end: number } | undefined {
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start === -1) return undefined;
  const next = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return { start, end: next === -1 ? lines.length : next };
}

function replaceSection(text: string, heading: string, section: readonly string[], missingBefore?: string): string {
  const lines = text.replace(/\n+$/, '').split('\n');
  const bounds = sectionBounds(lines, heading);
  const before = missingBefore === undefined ? -1 : lines.findIndex((line) => line.startsWith(missingBefore));
  if (bounds === undefined && before !== -1) return `${[...lines.slice(0, before), ...section, '', ...lines.slice(before)].join('\n').replace(/\n+$/, '')}\n`;
  if (bounds === undefined) return `${[...lines, '', ...section].join('\n').replace(/\n+$/, '')}\n`;
  const tail = bounds.end === lines.length ? [] : ['', ...lines.slice(bounds.end)];
  return `${[...lines.slice(0, bounds.start), ...section, ...tail].join('\n').replace(/\n+$/, '')}\n`;
}

/** The lines of the section starting with `heading`, without its trailing blank lines; undefined when there is none. */
function sectionOf(text: string, heading: string): string[] | undefined {
  const lines = text.replace(/\n+$/, '').split('\n');
  const bounds = sectionBounds(lines, heading);
  return bounds === undefined ? undefined : lines.slice(bounds.start, bounds.end).join('\n').replace(/\n+$/, '').split('\n');
}

async function onlyAccounts(): Promise<void> {
  if (!SKIP_BUILD) buildServer(['@phonekit/accounts']);
  const section = accountsLines(await accountsPart(), true);
  const before = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '# Benchmarks\n';
  writeFileSync(OUTPUT, replaceSection(before, '## Accounts', section));
  log(`rewrote the accounts section of ${OUTPUT}`);
}

async function onlyPlatforms(): Promise<void> {
  if (!SKIP_BUILD) buildServer(['@phonekit/core']);
  const section = platformsLines(await platformsPart(), true);
  const before = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '# Benchmarks\n';
  writeFileSync(OUTPUT, replaceSection(before, PLATFORMS_HEADING_PREFIX, section, '## Accounts'));
  log(`rewrote the platforms section of ${OUTPUT}`);
}

/**
 * The instructions part: the phone route's instructions per request under
 * callgrind, phonekit (and with the limiter or the lines off) against the
 * Express baseline, each started alone, in turns, the order reversed every
 * other round. Run alone (BENCH_ONLY=instructions: a few minutes under
 * valgrind); the whole bench keeps the section it finds.
 */
async function onlyInstructions(): Promise<void> {
  if (!hasCallgrind()) throw new Error('BENCH_ONLY=instructions needs valgrind (with callgrind_control) on PATH: `apt-get install -y valgrind`');
  if (!SKIP_BUILD) buildServer();
  compileBaselines();
  const started = new Date();
  const { makePayloads } = await import('./fixtures');
  const { keys, payloads } = makePayloads(64);
  const names = [PHONEKIT, NO_LIMITER, NO_LINES, EXPRESS];
  // Fewer connections than the HTTP bench: valgrind runs the server about 50 times slower.
  const connections = 8;
  const job = (port: number, seconds: number) => phoneJob(port, payloads, connections, seconds);
  const counts = new Map<string, InstructionCount[]>(names.map((n) => [n, []]));
  for (let round = 0; round < IR_ROUNDS; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const spec = SPECS.find((x) => x.name === name);
      if (spec === undefined) continue;
      const count = await countInstructions(spec.start('one process', keys), job, { warmupSeconds: IR_WARMUP_SECONDS, seconds: IR_SECONDS });
      if (count.unexpected > 0) throw new Error(`${name}: ${count.unexpected} unexpected answers under callgrind`);
      log(`  round ${round + 1}: ${name}: ${formatCount(count.mainPerRequest)} main-thread instructions per request (${formatCount(count.requests)} requests)`);
      counts.get(name)?.push(count);
    }
  }
  const base = counts.get(EXPRESS) ?? [];
  const perRound = (name: string, pick: (c: InstructionCount) => number): Summary => summarise((counts.get(name) ?? []).map((c, i) => pick(base[i] as InstructionCount) / pick(c)));
  const kilo = (n: number): string => `${formatCount(n / 1000)}k`;
  const took = Math.round((Date.now() - started.getTime()) / 1000);
  const section = [
    INSTRUCTIONS_HEADING,
    '',
    `Measured by \`BENCH_ONLY=instructions npx -y pnpm@10 bench\` on ${started.toISOString()} (took ${took} s), which rewrote only this section; machine: ${machine()}; Node ${process.version}. Knobs: BENCH_IR_ROUNDS (${IR_ROUNDS}), BENCH_IR_SECONDS (${IR_SECONDS}), BENCH_IR_WARMUP_SECONDS (${IR_WARMUP_SECONDS}).`,
    '',
    `Each server of the HTTP table (one process, the same environment) runs alone under \`valgrind --tool=callgrind\` (\`bench/src/instructions-bench.ts\`), loaded by the same load client with ${connections} connections, each posting its own payload (64 distinct); after ${IR_WARMUP_SECONDS} s of warm-up (V8 still optimises the request path well after 20 s under valgrind) the counters are zeroed, the server is loaded for ${IR_SECONDS} s, and the counters are dumped: instructions over the requests answered. ${IR_ROUNDS} rounds, the order reversed every other round; cells are the median (min – max), ratios per round (the baseline's count over the server's, as in the CPU column above). Why: on this shared virtual machine, requests/s and CPU per request of the same build move by 2x from one hour to the next (other tenants, the host), while an instruction count of the same build and load moves by a few per cent, so it tells whether a change to our code made a request cheaper. What it leaves out: kernel work (the socket writes, the log's writes, which go to /dev/null there) and stalls (cache misses), which the CPU column above includes; so it says what our code costs, not all a request costs. Nor is an instruction a unit of time: a large share of the baseline's instructions are OpenSSL's RSA arithmetic, which retires several instructions a cycle, while what phonekit adds is JavaScript and node's HTTP code, which retires far fewer and misses the caches more; so the ratio here reads well above the same servers' CPU ratio in the HTTP table, and is the figure for comparing two builds of phonekit, not for the 0.9x target. The main thread is where the request runs (JavaScript, the HTTP parser, crypto); "all threads" adds V8's garbage-collection helpers and libuv's pool. Not a target; no figure here is asserted anywhere.`,
    '',
    '| Server | Main thread: instructions / request | vs Express 5 baseline (main thread) | All threads: instructions / request | vs Express 5 baseline (all threads) | Requests counted |',
    '|---|---|---|---|---|---|',
    ...names.map((name) => {
      const list = counts.get(name) ?? [];
      const main = summarise(list.map((c) => c.mainPerRequest));
      const all = summarise(list.map((c) => c.perRequest));
      return `| ${name} | ${spread(main, kilo)} | ${spread(perRound(name, (c) => c.mainPerRequest), formatRatio)} | ${spread(all, kilo)} | ${spread(perRound(name, (c) => c.perRequest), formatRatio)} | ${formatCount(summarise(list.map((c) => c.requests)).median)} |`;
    }),
  ];
  const before = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '# Benchmarks\n';
  writeFileSync(OUTPUT, replaceSection(before, INSTRUCTIONS_HEADING, section, PLATFORMS_HEADING_PREFIX));
  log(`rewrote the instructions section of ${OUTPUT}`);
}

async function main(): Promise<void> {
  if (ONLY !== '' && !ONLY_PARTS.includes(ONLY)) {
    throw new Error(`BENCH_ONLY=${ONLY} is not a part of the bench: use BENCH_ONLY=${ONLY_PARTS.join(' or ')}, or leave it unset for the whole bench`);
  }
  if (ONLY === 'accounts') return onlyAccounts();
  if (ONLY === 'platforms') return onlyPlatforms();
  if (ONLY === 'instructions') return onlyInstructions();
  const started = new Date();
  const load = loadNow();
  log(`phonekit bench: ${ROUNDS} rounds, ${PAYLOADS} payloads, HTTP ${HTTP_SECONDS} s x ${CONNECTIONS} connections`);
  if (!SKIP_BUILD && !FROM_SOURCE) buildServer();
  // the accounts part runs @phonekit/accounts in this process, as built
  else if (!SKIP_BUILD && !SKIP_ACCOUNTS) buildServer(['@phonekit/accounts']);
  compileBaselines();
  // Loaded once the build has run: these require @phonekit/core as built (a fresh checkout has no dist yet).
  const { alipaySdkContender, nodeCryptoContender, phonekitContender, runCoreBench } = await import('./core-bench');
  const { distinctMobiles, makePayloads } = await import('./fixtures');
  const { makePublicKeys, measureModuleRss, runKeyLoadBench, runStartupBench } = await import('./startup-bench');
  const { makeWechatCases } = await import('./wechat-bench');

  log('making sandbox payloads (RSA2 2048, AES-128)...');
  const { keys, payloads } = makePayloads(PAYLOADS);

  const layouts: ServerResult[] = [];
  let startup: StartupResult | undefined;
  let keyLoad: KeyLoadResult | undefined;
  let moduleRss: { bareMiB: number; modules: ModuleRss[] } | undefined;
  let profiles: { phonekit: ProfileShare[]; baseline: ProfileShare[] } | undefined;
  if (!SKIP_HTTP) {
    log(`HTTP: ${SPECS.map((s) => s.name).join(', ')}; one process and 2 workers...`);
    layouts.push(...(await runHttpBench(SPECS, keys, payloads.slice(0, 64), { rounds: HTTP_ROUNDS, seconds: HTTP_SECONDS, warmupSeconds: 2, connections: CONNECTIONS, maxOtherLoad: MAX_OTHER_LOAD, retryBudget: Math.ceil((HTTP_ROUNDS * SCHEDULE.length) / 4), order: SCHEDULE }, log)));
    log('profiles: phonekit and the Express baseline, one process, under the same load...');
    const spec = (name: string): ServerSpec => SPECS.find((x) => x.name === name) ?? (SPECS[0] as ServerSpec);
    const job = (port: number, seconds: number) => phoneJob(port, payloads.slice(0, 64), CONNECTIONS, seconds);
    profiles = {
      phonekit: await profileServer(spec(PHONEKIT).start('one process', keys), job, PROFILE_SECONDS),
      baseline: await profileServer(spec(EXPRESS).start('one process', keys), job, PROFILE_SECONDS),
    };
    log(`start-up: 1 and ${MANY_APPS} apps in PHONEKIT_CONFIG...`);
    const publicKeys = makePublicKeys(4);
    startup = await runStartupBench({ args: serverArgs('one process'), cwd: SERVER_DIR, env: { NODE_ENV: 'production' } }, [MANY_APPS], 3, publicKeys, log);
    keyLoad = runKeyLoadBench(publicKeys, ROUNDS);
    moduleRss = measureModuleRss(SERVER_DIR, RSS_MODULES);
  }

  log('core: phonekit vs alipay-sdk vs node:crypto...');
  const coreBaselines = ['alipay-sdk', 'node:crypto floor'];
  const core = runCoreBench([phonekitContender(keys), alipaySdkContender(keys), nodeCryptoContender(keys)], payloads, { rounds: ROUNDS, minMsPerRound: 2000 });
  for (const r of core) log(`  ${r.name}: ${formatCount(r.perWallSecond.median)} payloads/s, ${formatCount(r.perCpuSecond.median)} per CPU-second`);
  log('core: WeChat legacy decrypt vs node:crypto...');
  const wechatCases = makeWechatCases(distinctMobiles(PAYLOADS));
  const wechat = runCoreBench(wechatCases.contenders, wechatCases.payloads, { rounds: ROUNDS, minMsPerRound: 1000 });
  const platforms = await platformsPart();

  const vsSdk = core.find((r) => r.name === 'phonekit')?.wallRatios['alipay-sdk'];
  const vsFloor = core.find((r) => r.name === 'phonekit')?.wallRatios['node:crypto floor'];
  const floorVsSdk = core.find((r) => r.name === 'node:crypto floor')?.wallRatios['alipay-sdk'];
  const vsFloorCpu = core.find((r) => r.name === 'phonekit')?.ratios['node:crypto floor'];
  const accounts = SKIP_ACCOUNTS ? undefined : await accountsPart();
  const finished = new Date();
  const loadAtEnd = loadNow();

  const lines: string[] = [
    '# Benchmarks',
    '',
    `Generated by \`pnpm bench\` on ${started.toISOString()} (took ${Math.round((finished.getTime() - started.getTime()) / 1000)} s).`,
    '',
    `- Machine: ${machine()}; load average (1, 5, 15 min) at start ${load}, at the end ${loadAtEnd}`,
    `- Node ${process.version} (${process.platform}/${process.arch})`,
    `- ${HTTP_ROUNDS} rounds of HTTP runs, ${ROUNDS} of the core bench; each cell is the median, with (min – max) over the rounds. Every ratio is taken per round against a baseline measured in the same round of the same run, then summarised. The machine may be shared with other work: a round that met other load shows as a wide min – max, and absolute figures move from run to run much more than the ratios.`,
    '',
    'How to reproduce: `npx -y pnpm@10 bench` from the repository root (a few minutes; it builds the production server first). It rewrites this file; `BENCH_ONLY=accounts npx -y pnpm@10 bench` reruns only the accounts part and rewrites only its section.',
    '',
  ];

  if (SKIP_HTTP || startup === undefined || keyLoad === undefined) {
    lines.push('## HTTP', '', 'Skipped (BENCH_SKIP_HTTP=1).', '');
  } else {
    lines.push(
      `## HTTP: POST ${PHONE_ROUTE}, the production server against a minimal Express 5 app`,
      '',
      `Every server runs as its own child process on 127.0.0.1, all of them started before the first run and idle when not measured. The phonekit server runs as production does: NODE_ENV=production, configured with real-format keys (the sandbox's, as ALIPAY_PUBLIC_KEY / ALIPAY_AES_KEY), helmet, the request log and the rate limiter all on at their defaults: LOG_LEVEL unset (info, one JSON line per request, to stdout, which goes to a file as under a process manager that appends a service's output to a log file; the bench counts the lines there at the end (read from a pipe as they came, the lines cost the bench itself about 3-4 µs of CPU a request on the same two cores, measured here: a log shipper's cost, not the server's, and one that fell on the 2-worker runs, where no core is spare, more than on the one-process ones), the limiter counting every request per client IP and setting its RateLimit headers, with RATE_LIMIT_PER_MINUTE=${RATE_LIMIT} only so that the bench's traffic (all from one address) is never answered 429 (any 429 would show as an unexpected answer). The baselines answer the same route with the same crypto and nothing else. (This replaces the earlier comparison with \`GET /healthz\` of the same app: a baseline doing the same work says what our layers cost, a trivial route mostly says what receiving a POST body costs.)`,
      '',
      `Load: a minimal load client (\`bench/src/load-client.ts\`) in its own process keeps ${CONNECTIONS} keep-alive connections busy, one request in flight on each (no pipelining); each connection posts its own valid \`res.response\` (64 distinct payloads, the same for every server) and checks that every answer is 200 and carries its own number. Each round gives every server and layout ${HTTP_SECONDS} s in turn, after a 2 s warm-up of each, in a fixed order reversed every other round, in which the runs that a target compares come one after the other (phonekit next to the Express baseline in each layout, and phonekit's one-process run next to its 2-worker run): short turns side by side, so that a change in other work on the machine falls on both sides of a ratio alike. Requests/s counts answers within the ${HTTP_SECONDS} s. "Other load" is the share of the machine's CPU (all cores, user + system + steal from /proc/stat) that went to processes other than the server, the load client and the bench during a run; a run with more than ${Math.round(MAX_OTHER_LOAD * 100)}% was measured again (at most ${MAX_RETRIES_PER_RUN} more times, and at most once for every four runs over the whole bench), keeping the least disturbed attempt (the table shows the median other load and how many runs were measured again). Server CPU per request is the user + system CPU time of all the server's processes (every thread, from /proc/<pid>/stat: primary and workers for a cluster) during the run, over the requests it answered; the ratio "vs baseline (CPU per request)" is the baseline's CPU per request over this server's, so 0.9x means it spends 1/0.9 = 1.11 times the baseline's CPU on a request. The load client's own CPU per request is shown because it runs on the same cores; the bench process itself (which samples the running server's memory every 100 ms from the pids it looked up before the run, and hands the client its jobs) used ${benchCpu(layouts)} µs of CPU a request over all runs (median, with min – max). Idle RSS is VmRSS summed over the server's processes once it is up and has answered one request, 2 s later (the median of 5 samples 200 ms apart); peak RSS is the largest such sum during the runs (sampled every 100 ms).`,
      '',
      ...otherLoadWarning(layouts),
      ...httpSection(layouts),
      '',
      'Targets:',
      '',
      ...httpTargets(layouts),
      '',
      ...(moduleRss === undefined ? [] : rssSection(moduleRss)),
      '',
      ...(profiles === undefined ? [] : profileSection(profiles, layouts)),
      '',
      ...explainHttp(layouts),
      '',
      '## Start-up: 1,000 apps in PHONEKIT_CONFIG',
      '',
      `The production server (${FROM_SOURCE ? 'from source, through tsx' : '`node apps/server/dist/main.js`'}, NODE_ENV=production, nothing else configured) started with a PHONEKIT_CONFIG file listing 1 app, then ${formatCount(MANY_APPS)} apps (each its own appId and AES key; 4 distinct RSA 2048 public keys, as bare base64 SPKI, in turn), alternating, 3 rounds; the time is from \`spawn()\` to the first 200 from \`/healthz\` (polled every 5 ms).`,
      '',
      ...startupSection(startup, keyLoad),
      '',
    );
  }

  lines.push(
    '## Core: one payload, verify + decrypt + interpret',
    '',
    `${PAYLOADS} distinct sandbox \`res.response\` payloads (RSA2 2048-bit signature, AES-128-CBC, distinct mainland numbers), the same set for every implementation. Every implementation starts from the \`res.response\` string and must return the right number (checked for all payloads before timing). Implementations take turns, one whole pass at a time, for about 2 s per round, in one process on one thread (the bench process, running \`@phonekit/core\` as built). The headline is payloads per second of wall-clock time; payloads per CPU-second of the bench process (all its threads, so garbage collection on helper threads counts) are shown too.`,
    '',
    ...coreTable(core, coreBaselines),
    '',
    'Targets:',
    '',
    `- phonekit >= ${CORE_TARGET_SDK}x the official SDK: ${vsSdk === undefined ? 'n/a' : `${verdict(vsSdk.median >= CORE_TARGET_SDK)} (median ${precise(vsSdk.median)}; in this run the bare node:crypto floor is ${floorVsSdk === undefined ? 'n/a' : formatRatio(floorVsSdk.median)} the SDK, the most any implementation that still verifies and decrypts can reach)`}.`,
    `- phonekit >= ${CORE_TARGET_FLOOR}x the node:crypto floor: ${vsFloor === undefined ? 'n/a' : `${verdict(vsFloor.median >= CORE_TARGET_FLOOR)} (median ${precise(vsFloor.median)}, rounds ${formatRatio(vsFloor.min)} – ${formatRatio(vsFloor.max)}; per CPU-second ${vsFloorCpu === undefined ? 'n/a' : precise(vsFloorCpu.median)})`}.`,
    '',
    'What phonekit does per payload that the floor does not: finds the raw `response` text and refuses duplicate keys (the signature is checked over the exact bytes), checks base64 strictly, validates the UTF-8 of the plaintext, maps every Alipay result code, and normalises the number with libphonenumber-js (E.164, region, validity). The floor is the RSA verify and one AES decipher with no checks; the RSA verify is most of its cost.',
    '',
    '### WeChat legacy decrypt',
    '',
    `${PAYLOADS} users, each with their own session_key and iv (sandbox \`encryptWechatPhoneData\`). No signature: the cost is one AES-128-CBC decipher, so the fixed costs around it weigh much more than on the Alipay path. Not a target; reported for completeness. The code flow (\`getuserphonenumber\` against the fake WeChat API) is not benchmarked here.`,
    '',
    ...coreTable(wechat, ['node:crypto floor']),
    '',
    ...platformsLines(platforms, false),
    '',
    ...(accounts === undefined ? [ACCOUNTS_HEADING, '', 'Skipped (BENCH_SKIP_ACCOUNTS=1).'] : accountsLines(accounts, false)),
    '',
  );

  // The instructions part runs only alone (BENCH_ONLY=instructions): keep the section the file has.
  const kept = sectionOf(existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '', INSTRUCTIONS_HEADING);
  const whole = `${lines.join('\n')}\n`;
  writeFileSync(OUTPUT, kept === undefined ? whole : replaceSection(whole, INSTRUCTIONS_HEADING, kept, PLATFORMS_HEADING_PREFIX));
  log(`wrote ${OUTPUT}`);
}

function profileSection(profiles: { phonekit: ProfileShare[]; baseline: ProfileShare[] }, results: readonly ServerResult[]): string[] {
  const headersOf = (name: string): readonly string[] => find(results, name, 'one process')?.answerHeaders ?? [];
  const extraHeaders = headersOf(PHONEKIT).filter((h) => !headersOf(EXPRESS).includes(h));
  const rows = new Map<string, { ours?: ProfileShare; theirs?: ProfileShare }>();
  for (const p of profiles.phonekit) rows.set(p.where, { ours: p });
  for (const p of profiles.baseline) rows.set(p.where, { ...rows.get(p.where), theirs: p });
  const cell = (p: ProfileShare | undefined): string => (p === undefined ? '– | –' : `${(p.share * 100).toFixed(1)}% | ${p.usPerRequest.toFixed(0)}`);
  const weight = (r: { ours?: ProfileShare; theirs?: ProfileShare }): number => Math.max(r.ours?.usPerRequest ?? 0, r.theirs?.usPerRequest ?? 0);
  const sorted = [...rows.entries()].sort((a, b) => weight(b[1]) - weight(a[1]));
  const shown = sorted.slice(0, 14);
  const rest = sorted.slice(14);
  const restOf = (pick: (r: { ours?: ProfileShare; theirs?: ProfileShare }) => ProfileShare | undefined): ProfileShare => ({
    where: 'everything else',
    share: rest.reduce((n, [, r]) => n + (pick(r)?.share ?? 0), 0),
    usPerRequest: rest.reduce((n, [, r]) => n + (pick(r)?.usPerRequest ?? 0), 0),
  });
  const total = (list: readonly ProfileShare[]): number => list.reduce((n, p) => n + p.usPerRequest, 0);
  return [
    `Where the CPU goes, by package: each server run once more, alone, under node's sampling profiler (\`--cpu-prof\`, which itself slows it somewhat) with the same load for ${PROFILE_SECONDS} s after a 2 s warm-up, one process. Each sample is counted towards the nearest function on its stack that is not node's own, so node's HTTP, socket and crypto work counts towards the package that asked for it (the socket write towards Express's \`res.send\`, the RSA verify towards \`@phonekit/core\` or the baseline app). Shares within one process move much less with other work on the machine than absolute figures do; the µs are the profile's busy time over the requests answered.`,
    '',
    '| Where | phonekit: share | µs / request | Express baseline: share | µs / request |',
    '|---|---|---|---|---|',
    ...shown.map(([where, r]) => `| ${where} | ${cell(r.ours)} | ${cell(r.theirs)} |`),
    ...(rest.length === 0 ? [] : [`| everything else (${rest.length} more) | ${cell(restOf((r) => r.ours))} | ${cell(restOf((r) => r.theirs))} |`]),
    `| **total** | 100% | ${total(profiles.phonekit).toFixed(0)} | 100% | ${total(profiles.baseline).toFixed(0)} |`,
    '',
    `What only phonekit runs: ${OURS_ONLY.map((w) => `\`${w}\` ${((profiles.phonekit.find((p) => p.where === w)?.share ?? 0) * 100).toFixed(1)}%`).join(', ')}: together ${(profiles.phonekit.filter((p) => OURS_ONLY.includes(p.where)).reduce((n, p) => n + p.share, 0) * 100).toFixed(1)}% of its CPU in this profile, before the larger share it also pays inside Express and node for the same layers (more middleware to walk, ${extraHeaders.length} more response headers to write (${extraHeaders.join(', ')}), the limiter's \`req.ip\`). The 0.9x target leaves phonekit 11% more CPU per request than the baseline for all of that together.`,
  ];
}

/** Packages in phonekit's profile that the baseline does not run at all. */
const OURS_ONLY = ['express-rate-limit', '@phonekit/express', 'pino', 'sonic-boom', 'libphonenumber-js'];

function rssSection(rss: { bareMiB: number; modules: ModuleRss[] }): string[] {
  return [
    `Where the idle memory goes: every process of the server (the cluster's primary included) requires the whole of \`@phonekit/express\` and, through the entry files, \`@phonekit/accounts\` at start, whether or not REDIS_URL or a database is configured (this bench configures neither). Measured in this run, each alone in a fresh node started in apps/server (bare node: ${rss.bareMiB.toFixed(1)} MiB):`,
    '',
    '| require() | adds to RSS | x 3 processes (2-worker cluster) |',
    '|---|---|---|',
    ...rss.modules.map((m) => `| \`${m.module}\` | ${m.addedMiB.toFixed(1)} MiB | ${(m.addedMiB * 3).toFixed(1)} MiB |`),
    '',
    '(`@phonekit/express` includes express, ioredis and the rest of its dependencies; the rows overlap and do not add up.)',
  ];
}

/** Other work on the machine above this share of its CPU (median over all runs) makes the HTTP figures unreliable: say so above the table. */
const OTHER_LOAD_WARNING = 0.15;

/** The bench process's own CPU per request over every run, as "median (min – max)". */
function benchCpu(results: readonly ServerResult[]): string {
  return spread(summarise(results.flatMap((r) => r.runs.map((run) => run.benchCpuUsPerRequest))), (n) => n.toFixed(1));
}

function otherLoadWarning(results: readonly ServerResult[]): string[] {
  const all = summarise(results.flatMap((r) => r.runs.map((run) => run.otherLoad)));
  if (!(all.median > OTHER_LOAD_WARNING)) return [];
  return [
    `**This run shared the machine with other work: over all runs, a median ${Math.round(all.median * 100)}% (up to ${Math.round(all.max * 100)}%) of the machine's CPU went to other processes (the "Other load" column).** That work takes CPU from the servers in bursts, so the per-round ratios below spread widely and absolute figures are far off a quiet machine's. Rerun on a quiet machine before reading targets from them.`,
    '',
  ];
}

/** What the figures say about where the time goes, from this run's own numbers. */
function explainHttp(results: readonly ServerResult[]): string[] {
  const median = (name: string, layout: Layout, pick: (r: RunSample) => number): number => summarise(series(find(results, name, layout), pick)).median;
  const ours = median(PHONEKIT, 'one process', (r) => r.serverCpuUsPerRequest);
  const base = median(EXPRESS, 'one process', (r) => r.serverCpuUsPerRequest);
  const fastify = median(FASTIFY, 'one process', (r) => r.serverCpuUsPerRequest);
  const bornBase = median(EXPRESS_PROTOTYPES, 'one process', (r) => r.serverCpuUsPerRequest);
  /** "N µs a request more than" or "N µs a request less than": the words for a - b, either sign. */
  const than = (a: number, b: number): string => (a >= b ? `${formatCount(a - b)} µs a request more than` : `${formatCount(b - a)} µs a request less than`);
  const ourRuns = series(find(results, PHONEKIT, 'one process'), (r) => r.serverCpuUsPerRequest);
  /** Per round: phonekit's CPU per request minus the ablated server's, in the same round. */
  const saved = (name: string): Summary => summarise(series(find(results, name, 'one process'), (r) => r.serverCpuUsPerRequest).map((x, i) => (ourRuns[i] ?? Number.NaN) - x));
  const noLimiter = saved(NO_LIMITER);
  const noLines = saved(NO_LINES);
  const client = median(PHONEKIT, '2 workers', (r) => r.clientCpuUsPerRequest);
  const cluster = median(PHONEKIT, '2 workers', (r) => r.serverCpuUsPerRequest);
  const ceiling = (2 * ours) / (cluster + client);
  return [
    `Reading the one-process medians: phonekit spends ${formatCount(ours)} µs of server CPU on a request, the Express baseline ${formatCount(base)} µs, the same baseline born with the app's prototypes ${formatCount(bornBase)} µs and Fastify ${formatCount(fastify)} µs. So phonekit, with helmet, the request log, the rate limiter, the mounted routers and its own checks and normalisation, spends ${than(ours, base)} bare Express through \`app.listen\`, because its server has node create each request's req and res with the app's prototypes (\`appServerClasses\`), which spares every request the per-object maps that Express's prototype swap costs (the row born with the app's prototypes shows that change alone); against that row, what phonekit's layers cost is ${than(ours, bornBase)} it. Express itself spends ${than(base, fastify)} Fastify. Of phonekit's layers, per round (phonekit's CPU per request minus that of the same server with one thing off, in the same round), the rate limiter (phonekit's middleware on express-rate-limit's MemoryStore, draft-8 headers) accounts for ${spread(noLimiter, formatCount)} µs and writing the request line for ${spread(noLines, formatCount)} µs; a difference of two noisy measurements, so read the median, and the spread as how far to trust it.`,
    '',
    `On scaling: the machine has as many cores as workers, and the load client runs on them too. With one process, the server is held to one core and the client uses part of the other; with 2 workers, the workers and the client share both. In this run a request cost the 2-worker cluster ${formatCount(cluster)} µs of CPU against ${formatCount(ours)} µs in one process (two busy workers, the client and any other work contending for the same two cores), and the client ${formatCount(client)} µs; 2 cores over those can serve at most 2 x ${formatCount(ours)} / (${formatCount(cluster)} + ${formatCount(client)}) = ${formatRatio(ceiling)} of what one process, held to one core, serves. Whether 2 workers reach 1.8x needs a machine with cores to spare for the load client (or the client on another machine) to be measured at all.`,
  ];
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
