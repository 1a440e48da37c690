// A cluster as apps/server's cluster.ts runs it, with a worker that the test
// steers through CLUSTER_TEST_WORKER:
//   - "taken": listens on CLUSTER_TEST_PORT, a port the test holds, so every
//     worker dies before it listens (EADDRINUSE), as with a port taken;
//   - "crash-after-listening": listens on port 0, then exits 3.
// CLUSTER_TEST_RESTART is the restart policy (JSON). Run with
// `node --conditions=@phonekit/source --import tsx`.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { runClusterPrimary, type RestartPolicy } from '../../src/cluster/run-cluster';

if (cluster.isPrimary) {
  const restart = JSON.parse(process.env['CLUSTER_TEST_RESTART'] ?? '{}') as Partial<RestartPolicy>;
  runClusterPrimary({ workers: 2, restart });
} else {
  const server = createServer((_req, res) => res.end('ok'));
  if (process.env['CLUSTER_TEST_WORKER'] === 'taken') {
    server.listen(Number(process.env['CLUSTER_TEST_PORT']), '127.0.0.1');
  } else {
    server.listen(0, '127.0.0.1', () => {
      process.stdout.write(`worker ${process.pid} listening\n`);
      setTimeout(() => process.exit(3), 50);
    });
  }
}
