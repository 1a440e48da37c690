import cluster from 'node:cluster';
import { MemoryWechatStore, accountsHandlers, runClusterPrimary, wechatStoreHandlers, type RpcHandlers } from '@phonekit/express';
import { loadConfigOrExit } from './load-config-or-exit';
import { openServerAccountsOrExit } from './open-accounts';

/**
 * One server process per core (node:cluster): `node apps/server/dist/cluster.js`.
 * Workers share the listening port; the primary validates the configuration
 * once. Without REDIS_URL the primary holds the WeChat sessions and access
 * token for every worker; with it, Redis does (and other machines share it).
 * With PGlite (PHONEKIT_DATA_DIR), whose data dir one process alone may
 * open, the primary holds the accounts too and closes them once every worker
 * has stopped; with Postgres (DATABASE_URL) each worker opens its own pool.
 */
async function primary(): Promise<void> {
  const config = loadConfigOrExit();
  const accounts = config.accounts.database?.driver === 'pglite' ? await openServerAccountsOrExit(config) : undefined;
  const handlers: RpcHandlers = {
    ...(config.redisUrl === undefined ? wechatStoreHandlers(new MemoryWechatStore(config.wechat.memorySessionsMax === undefined ? {} : { maxSessions: config.wechat.memorySessionsMax })) : {}),
    ...(accounts === undefined ? {} : accountsHandlers(accounts)),
  };
  runClusterPrimary({ workers: config.workers, handlers, ...(accounts === undefined ? {} : { onStopped: () => accounts.close() }) });
}

if (cluster.isPrimary) {
  void primary();
} else {
  void import('./main');
}
