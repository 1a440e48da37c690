import cluster from 'node:cluster';
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
}

/**
 * The cluster primary: forks the workers (the same entry file runs in each,
 * with cluster.isWorker true), replaces a worker that dies, and on SIGTERM or
 * SIGINT passes SIGTERM to every worker and exits 0 once they all have
 * (after `onStopped`).
 */
export function runClusterPrimary(options: RunClusterOptions = {}): void {
  const workers = options.workers ?? availableParallelism();
  const env = options.env ?? {};
  if (options.handlers !== undefined) serveToWorkers(options.handlers);
  for (let i = 0; i < workers; i++) cluster.fork(env);
  let stopping = false;
  let exiting = false;
  const exit = (): void => {
    if (exiting) return;
    exiting = true;
    void Promise.resolve()
      .then(() => options.onStopped?.())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          process.stderr.write(`phonekit: closing the primary's state failed: ${err instanceof Error ? err.name : 'error'}\n`);
          process.exit(1);
        },
      );
  };
  cluster.on('exit', (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) exit();
      return;
    }
    process.stderr.write(`phonekit: worker ${worker.process.pid ?? '?'} exited with ${code}; starting another\n`);
    cluster.fork(env);
  });
  const stop = (): void => {
    stopping = true;
    if (Object.keys(cluster.workers ?? {}).length === 0) exit();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
