import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { serveToWorkers, type RpcHandlers } from './primary-rpc';

export interface RunClusterOptions {
  /** Worker processes (default: one per core). */
  readonly workers?: number | undefined;
  /** Extra environment for every worker (the development app's sandbox identity). */
  readonly env?: Readonly<Record<string, string>>;
  /** State the primary holds for all workers (see serveToWorkers). */
  readonly handlers?: RpcHandlers;
  /** Called once every worker has exited after SIGTERM/SIGINT, before the primary exits (closes what the primary holds: its PGlite accounts). */
  readonly onStopped?: () => Promise<void>;
  /** How a worker that dies before it listens is restarted (defaults: {@link DEFAULT_RESTART_POLICY}). */
  readonly restart?: Partial<RestartPolicy>;
}

/**
 * Restarting workers that die before they listen (a port taken, a bad
 * certificate path, a database that refuses): the delay doubles with every
 * such death in a row, and after `giveUpAfter` of them the primary stops
 * and exits 1, so a process manager sees the failure instead of a loop
 * that forks a worker every few milliseconds. A worker that had listened
 * and then died is replaced at once, and any worker listening resets the count.
 */
export interface RestartPolicy {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  readonly giveUpAfter: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { firstDelayMs: 500, maxDelayMs: 15_000, giveUpAfter: 8 };

/** The delay before restarting after the `failures`-th start failure in a row (1-based). */
export function restartDelayMs(policy: RestartPolicy, failures: number): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, failures - 1));
}

/**
 * The cluster primary: forks the workers (the same entry file runs in each,
 * with cluster.isWorker true), replaces a worker that dies (with a growing
 * delay while workers die before they listen: {@link RestartPolicy}), and on
 * SIGTERM or SIGINT passes SIGTERM to every worker and exits 0 once they all
 * have (after `onStopped`).
 */
export function runClusterPrimary(options: RunClusterOptions = {}): void {
  const workers = options.workers ?? availableParallelism();
  const env = options.env ?? {};
  const policy: RestartPolicy = { ...DEFAULT_RESTART_POLICY, ...options.restart };
  if (options.handlers !== undefined) serveToWorkers(options.handlers);
  let stopping = false;
  let exiting = false;
  let startFailures = 0;
  const listened = new WeakSet<Worker>();
  cluster.on('listening', (worker) => {
    listened.add(worker);
    startFailures = 0;
  });
  for (let i = 0; i < workers; i++) cluster.fork(env);
  const pendingRestarts = new Set<NodeJS.Timeout>();
  const exit = (code: 0 | 1): void => {
    if (exiting) return;
    exiting = true;
    void Promise.resolve()
      .then(() => options.onStopped?.())
      .then(
        () => process.exit(code),
        (err: unknown) => {
          process.stderr.write(`phonekit: closing the primary's state failed: ${err instanceof Error ? err.name : 'error'}\n`);
          process.exit(1);
        },
      );
  };
  const stop = (code: 0 | 1): void => {
    stopping = true;
    for (const timer of pendingRestarts) clearTimeout(timer);
    pendingRestarts.clear();
    if (Object.keys(cluster.workers ?? {}).length === 0) exit(code);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  let exitCode: 0 | 1 = 0;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) exit(exitCode);
      return;
    }
    const how = signal === null ? `with ${code}` : `on ${signal}`;
    if (listened.has(worker)) {
      process.stderr.write(`phonekit: worker ${worker.process.pid ?? '?'} exited ${how}; starting another\n`);
      cluster.fork(env);
      return;
    }
    startFailures += 1;
    if (startFailures >= policy.giveUpAfter) {
      process.stderr.write(
        `phonekit: workers exited before listening ${startFailures} times in a row (the last ${how}): giving up. The worker's own error is above.\n`,
      );
      exitCode = 1;
      stop(1);
      return;
    }
    const delay = restartDelayMs(policy, startFailures);
    process.stderr.write(`phonekit: worker ${worker.process.pid ?? '?'} exited ${how} before listening; starting another in ${delay} ms (${startFailures} of ${policy.giveUpAfter} before giving up)\n`);
    const timer = setTimeout(() => {
      pendingRestarts.delete(timer);
      if (!stopping) cluster.fork(env);
    }, delay);
    pendingRestarts.add(timer);
  });
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
}
