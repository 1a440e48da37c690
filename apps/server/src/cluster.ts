import cluster from 'node:cluster';
import { MemoryWechatStore, runClusterPrimary, wechatStoreHandlers } from '@phonekit/express';
import { loadConfigOrExit } from './load-config-or-exit';

/**
 * One server process per core (node:cluster): `node apps/server/dist/cluster.js`.
 * Workers share the listening port; the primary validates the configuration
 * once. Without REDIS_URL the primary holds the WeChat sessions and access
 * token for every worker; with it, Redis does (and other machines share it).
 */
if (cluster.isPrimary) {
  const config = loadConfigOrExit();
  runClusterPrimary({
    workers: config.workers,
    ...(config.redisUrl === undefined ? { handlers: wechatStoreHandlers(new MemoryWechatStore()) } : {}),
  });
} else {
  void import('./main');
}
