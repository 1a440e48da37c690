import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { loadConfigOrExit } from './load-config-or-exit';

/**
 * One server process per core (node:cluster): `pnpm --filter @phonekit/server
 * start:cluster`. Workers share the listening port; the primary validates the
 * configuration once and, in sandbox mode, hands every worker the same keys.
 * Sessions and tokens of the WeChat flow need REDIS_URL to be shared.
 */
if (cluster.isPrimary) {
  const config = loadConfigOrExit();
  const workers = config.workers ?? availableParallelism();
  const env = config.sandbox === undefined ? {} : { PHONEKIT_SANDBOX_STATE: JSON.stringify(config.sandbox) };
  for (let i = 0; i < workers; i++) cluster.fork(env);
  let stopping = false;
  cluster.on('exit', (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    process.stderr.write(`phonekit: worker ${worker.process.pid ?? '?'} exited with ${code}; starting another\n`);
    cluster.fork(env);
  });
  const stop = (): void => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  void import('./main');
}
