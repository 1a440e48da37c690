import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The repository root. */
export const ROOT_DIR = resolve(__dirname, '../..');

/** A free loopback port: bind port 0, read it, close. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Every pid of the server: the process itself and, for the cluster launcher, its workers. */
  pids(): number[];
  /** SIGTERM, then wait for the exit (SIGKILL after `graceMs`). Resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
  /** What the server wrote to stderr (configuration errors, crashes), for error messages. */
  stderr(): string;
  /** Lines the server wrote to stdout so far (its request log, counted in the file it goes to). */
  stdoutLines(): number;
}

function childPidsOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** Polls `url`/healthz until it answers 200; throws when `child` exits first or `timeoutMs` passes. */
export async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not answer /healthz within ${timeoutMs} ms`);
}

export interface StartOptions {
  /** node's arguments: the entry point, and any flags before it. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** How many processes make it up once it is ready (the cluster: primary + workers); wait for them. */
  readonly processes?: number;
  readonly readyTimeoutMs?: number;
}

/**
 * Starts a server as a child process of this one (`node <args>`), listening on
 * 127.0.0.1 only, and waits until /healthz answers and all its processes are
 * up. Its stdout (the request log) goes to a file, as under a process manager
 * that appends a service's output to a log file, and its lines are counted
 * there; the file is removed when the server stops. (Read from a pipe, the
 * log cost the bench process about 3-4 µs of CPU a request, woken for every
 * few lines, on the same cores as the server: a log shipper's cost, not the
 * server's.) Its stderr is kept for error messages.
 */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const logDir = mkdtempSync(resolve(tmpdir(), 'phonekit-bench-log-'));
  const logFile = resolve(logDir, 'stdout.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...options.args], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '', ...options.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', logFd, 'pipe'],
  });
  closeSync(logFd);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderr.length < 20_000) stderr += chunk;
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  void exited.then(() => rmSync(logDir, { recursive: true, force: true }));
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server process did not start');
  const url = `http://127.0.0.1:${port}`;
  const pids = (): number[] => [pid, ...childPidsOf(pid)];
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  try {
    await waitUntilReady(url, child, readyTimeoutMs);
    const deadline = Date.now() + readyTimeoutMs;
    while (pids().length < (options.processes ?? 1)) {
      if (Date.now() > deadline) throw new Error(`only ${pids().length} of ${options.processes ?? 1} processes came up`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${stderr.slice(-2000)}`);
  }
  return {
    url,
    port,
    pid,
    pids,
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    stderr: () => stderr,
    stdoutLines: () => countLines(logFile),
  };
}

/** Newlines in `file` (0 once it has gone), read 1 MiB at a time. */
function countLines(file: string): number {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return 0;
  }
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      for (let at = buffer.indexOf(10); at >= 0 && at < read; at = buffer.indexOf(10, at + 1)) lines++;
    }
    return lines;
  } finally {
    closeSync(fd);
  }
}

/** Clock ticks per second for /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (0 once it has gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds the whole machine has spent so far running processes (user,
 * nice, system) or stolen by the hypervisor (steal), all CPUs, from
 * /proc/stat. Interrupt time is left out: the loopback traffic of the bench
 * itself is handled there, and it belongs to no process.
 */
export function machineBusySeconds(): number {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , , , steal = 0] = fields;
    return (user + nice + system + steal) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of a process in bytes, from /proc/<pid>/status (0 once it has gone). */
export function residentBytes(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/**
 * Samples the total resident memory of a server's processes every `everyMs`
 * and keeps the peak. Call stop() for the peak, in bytes.
 */
export function sampleResidentMemory(server: ServerProcess, everyMs = 100): { stop(): number } {
  let peak = 0;
  const sample = (): void => {
    const total = server.pids().reduce((sum, pid) => sum + residentBytes(pid), 0);
    if (total > peak) peak = total;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
