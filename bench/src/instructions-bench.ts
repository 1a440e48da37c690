/**
 * Instructions per request, counted by valgrind's callgrind: the same
 * server, the same load, whatever else the machine is doing. Wall-clock and
 * CPU-time figures of a shared virtual machine move by 2x from one hour to
 * the next (other tenants, the host's own clock); an instruction count moves
 * by a few per cent. It counts user-space instructions only: kernel time
 * (socket writes, the log's pipe) and stalls (cache misses) are not in it,
 * so it is the part of CPU per request that our code decides, not all of it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadJob } from './load-client';
import { runLoad } from './load-client';
import { freePort, waitUntilReady, type StartOptions } from './server-process';

export interface InstructionCount {
  readonly requests: number;
  /** Every thread's instructions (the main thread, V8's GC helpers, libuv's pool) over the requests answered. */
  readonly perRequest: number;
  /** The main thread's (JavaScript, the HTTP parser, crypto), over the requests answered. */
  readonly mainPerRequest: number;
  readonly unexpected: number;
}

/** Whether valgrind and callgrind_control are on PATH. */
export function hasCallgrind(): boolean {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    execFileSync('callgrind_control', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The totals of one callgrind dump: all threads, and the main thread's (what
 * `(below main)` holds inclusively). Callgrind names a function once, with
 * its number, wherever it first appears (`fn=(12) name` or, as a callee,
 * `cfn=(12) name`), and by the number alone after that.
 */
export function totalsOf(text: string): { all: number; main: number } {
  const all = Number(/^(?:summary|totals): (\d+)/m.exec(text)?.[1] ?? 0);
  const ids = [...text.matchAll(/^c?fn=\((\d+)\) \(below main\)$/gm)].map((m) => m[1]);
  let main = 0;
  for (const id of new Set(ids)) {
    const block = new RegExp(`^fn=\\(${id}\\)(?: \\(below main\\))?\n(?:c\\w+=[^\n]*\n)*calls=\\d+ [^\n]*\n\\S+ (\\d+)`, 'm').exec(text);
    if (block !== null) {
      main = Number(block[1]);
      break;
    }
  }
  return { all, main };
}

/**
 * Starts the server under callgrind, loads it for `warmupSeconds` (V8
 * optimises by call counts, which the warm-up reaches under valgrind too),
 * zeroes the counters, loads it for `seconds`, dumps them and stops it.
 */
export async function countInstructions(start: StartOptions, job: (port: number, seconds: number) => LoadJob, options: { warmupSeconds: number; seconds: number }): Promise<InstructionCount> {
  const dir = mkdtempSync(join(tmpdir(), 'phonekit-callgrind-'));
  const port = await freePort();
  // vgdb (behind callgrind_control) finds the process by user and HOST: the same environment on both sides.
  const env = { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1' };
  const child = spawn('valgrind', ['--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${join(dir, 'callgrind.%p')}`, process.execPath, ...start.args], {
    cwd: start.cwd,
    env: { ...start.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 20_000) stderr += chunk;
  });
  const pid = String(child.pid);
  try {
    try {
      await waitUntilReady(`http://127.0.0.1:${port}`, child, 180_000);
    } catch (err) {
      throw new Error(`under valgrind, ${err instanceof Error ? err.message : String(err)}: ${stderr.slice(-2000)}`);
    }
    await runLoad(job(port, options.warmupSeconds));
    execFileSync('callgrind_control', ['--zero', pid], { env, stdio: 'ignore' });
    const result = await runLoad(job(port, options.seconds));
    execFileSync('callgrind_control', ['--dump', pid], { env, stdio: 'ignore' });
    let all = 0;
    let main = 0;
    // The dump taken on request is part 1; the file without a part number is written at exit, which SIGKILL skips.
    for (const file of readdirSync(dir).filter((f) => /\.\d+\.\d+$/.test(f))) {
      const totals = totalsOf(readFileSync(join(dir, file), 'utf8'));
      all += totals.all;
      main += totals.main;
    }
    if (result.requests === 0 || main === 0) throw new Error(`callgrind counted nothing (${result.requests} requests answered)`);
    return { requests: result.requests, perRequest: all / result.requests, mainPerRequest: main / result.requests, unexpected: result.unexpected };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
