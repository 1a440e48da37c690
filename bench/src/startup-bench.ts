import { spawn, spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAlipayPublicKey } from '@phonekit/core';
import { availableParallelism } from 'node:os';
import { cpuSeconds, freePort, machineBusySeconds } from './server-process';
import { summarise, type Summary } from './stats';

/** How to start the production server with a given environment. */
export interface StartupTarget {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface StartupResult {
  readonly appCounts: readonly number[];
  /** Per app count: ms from spawn to the first 200 from /healthz, over rounds. */
  readonly msToHealthz: ReadonlyMap<number, Summary>;
  /** Per app count: that time over the 1-app time, per round. */
  readonly ratioToOneApp: ReadonlyMap<number, Summary>;
  /** Per round: (t(most) - t(1)) / (most - 1), µs per app. */
  readonly usPerApp: Summary;
  /** Share of the machine's CPU that went to other processes while the servers started, over all starts. */
  readonly otherLoad: Summary;
  readonly rounds: number;
}

export interface KeyLoadResult {
  /** µs per key, over rounds. */
  readonly phonekitUs: Summary;
  readonly opensslDerUs: Summary;
  /** Per round: phonekit's time over createPublicKey's. */
  readonly ratio: Summary;
}

/** A few distinct RSA 2048 Alipay public keys (bare base64 SPKI, as the console shows them). */
export function makePublicKeys(count: number): string[] {
  return Array.from({ length: count }, () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
}

/** A PHONEKIT_CONFIG file listing `count` apps, each with its own appId and AES key, cycling over `publicKeys`. */
function writeConfig(dir: string, count: number, publicKeys: readonly string[]): string {
  const apps = Array.from({ length: count }, (_, i) => ({
    appId: String(2021000000000000 + i),
    publicKey: publicKeys[i % publicKeys.length] ?? '',
    aesKey: randomBytes(16).toString('base64'),
  }));
  const path = join(dir, `phonekit-${count}-apps.json`);
  writeFileSync(path, JSON.stringify({ alipay: { apps } }));
  return path;
}

/** Spawns the server and polls /healthz every 5 ms; resolves with the ms from spawn to the first 200, and the other load meanwhile. */
async function timeToHealthz(target: StartupTarget, configPath: string, timeoutMs = 20_000): Promise<{ ms: number; otherLoad: number }> {
  const port = await freePort();
  const busyBefore = machineBusySeconds();
  const benchBefore = process.cpuUsage();
  const started = performance.now();
  const child = spawn(process.execPath, [...target.args], {
    cwd: target.cwd,
    env: { PATH: process.env['PATH'] ?? '', ...target.env, PHONEKIT_CONFIG: configPath, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    while (performance.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${stderr.slice(-1000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) });
        if (res.status === 200) {
          const ms = performance.now() - started;
          const bench = process.cpuUsage(benchBefore);
          const other = machineBusySeconds() - busyBefore - cpuSeconds(child.pid ?? 0) - (bench.user + bench.system) / 1e6;
          return { ms, otherLoad: Math.max(0, other) / ((ms / 1000) * availableParallelism()) };
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no answer from /healthz within ${timeoutMs} ms: ${stderr.slice(-1000)}`);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Time from process start to the first 200 from /healthz, with 1 app and with
 * each larger count in PHONEKIT_CONFIG, alternating within each round.
 */
export async function runStartupBench(target: StartupTarget, appCounts: readonly number[], rounds: number, publicKeys: readonly string[], log: (line: string) => void): Promise<StartupResult> {
  const dir = mkdtempSync(join(tmpdir(), 'phonekit-bench-'));
  try {
    const counts = [1, ...appCounts.filter((c) => c !== 1)];
    const files = new Map(counts.map((count) => [count, writeConfig(dir, count, publicKeys)]));
    const times = new Map<number, number[]>(counts.map((c) => [c, []]));
    const otherLoad: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? counts : [...counts].reverse();
      for (const count of order) {
        const { ms, otherLoad: other } = await timeToHealthz(target, files.get(count) ?? '');
        times.get(count)?.push(ms);
        otherLoad.push(other);
        log(`  round ${round + 1}/${rounds}: ${count} app(s): /healthz answered ${Math.round(ms)} ms after spawn, other load ${Math.round(other * 100)}%`);
      }
    }
    const one = times.get(1) ?? [];
    const most = Math.max(...counts);
    const mostTimes = times.get(most) ?? [];
    return {
      appCounts: counts,
      rounds,
      msToHealthz: new Map(counts.map((c) => [c, summarise(times.get(c) ?? [])])),
      ratioToOneApp: new Map(counts.map((c) => [c, summarise((times.get(c) ?? []).map((t, i) => t / (one[i] ?? Number.NaN)))])),
      usPerApp: summarise(mostTimes.map((t, i) => ((t - (one[i] ?? Number.NaN)) * 1000) / (most - 1))),
      otherLoad: summarise(otherLoad),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** In process: loadAlipayPublicKey against node's own parse of the same DER (createPublicKey), per key, taking turns. */
export function runKeyLoadBench(publicKeys: readonly string[], rounds: number, perRound = 200): KeyLoadResult {
  const ders = publicKeys.map((k) => Buffer.from(k, 'base64'));
  const time = (fn: (i: number) => unknown): number => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) fn(i);
    return Number(process.hrtime.bigint() - t0) / 1000 / perRound;
  };
  const ours = (i: number): unknown => loadAlipayPublicKey(publicKeys[i % publicKeys.length] ?? '');
  const openssl = (i: number): unknown => createPublicKey({ key: ders[i % ders.length] ?? Buffer.alloc(0), format: 'der', type: 'spki' });
  time(ours);
  time(openssl);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      a.push(time(ours));
      b.push(time(openssl));
    } else {
      b.push(time(openssl));
      a.push(time(ours));
    }
  }
  return { phonekitUs: summarise(a), opensslDerUs: summarise(b), ratio: summarise(a.map((x, i) => x / (b[i] ?? Number.NaN))) };
}

export interface ModuleRss {
  readonly module: string;
  /** MiB a fresh node process holds after require()-ing only this (and what it requires), over bare node. */
  readonly addedMiB: number;
}

/**
 * What each of the production server's main imports adds to a process's
 * resident memory, in a fresh node started in apps/server (so it resolves
 * what the server resolves): RSS after require() and a short settle, over
 * a bare node's. A server process pays for everything its entry file
 * requires at start, used or not.
 */
export function measureModuleRss(cwd: string, modules: readonly string[]): { bareMiB: number; modules: ModuleRss[] } {
  const rssOf = (module: string | undefined): number => {
    const code = `${module === undefined ? '' : `require(${JSON.stringify(module)});`}setTimeout(() => process.stdout.write(String(process.memoryUsage().rss)), 300);`;
    const result = spawnSync(process.execPath, ['-e', code], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    if (result.status !== 0) throw new Error(`require(${module ?? ''}) failed: ${result.stderr.slice(-500)}`);
    return Number(result.stdout) / (1024 * 1024);
  };
  const bare = rssOf(undefined);
  return { bareMiB: bare, modules: modules.map((module) => ({ module, addedMiB: rssOf(module) - bare })) };
}
