import cluster from 'node:cluster';
import { ClusterAccounts, runServer } from '@phonekit/express';
import { loadConfigOrExit } from './load-config-or-exit';
import { openServerAccountsOrExit } from './open-accounts';

/**
 * The production server: real keys only, no sandbox, no simulator.
 * `pnpm build`, then `node apps/server/dist/main.js`: one node process a
 * process manager can signal directly (SIGTERM drains in-flight requests,
 * closes the accounts and exits 0). With DATABASE_URL or PHONEKIT_DATA_DIR
 * it opens the accounts (migrating them) before it listens; a cluster worker
 * on PGlite uses the primary's (cluster.ts).
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const accounts = cluster.isWorker && config.accounts.database?.driver === 'pglite' ? new ClusterAccounts() : await openServerAccountsOrExit(config);
  await runServer(config, accounts === undefined ? {} : { accounts });
}

void main();
