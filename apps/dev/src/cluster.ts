import cluster from 'node:cluster';
import { MemoryWechatStore, accountsHandlers, runClusterPrimary, wechatStoreHandlers, type RpcHandlers } from '@phonekit/express';
import { sandboxWorkerEnv } from './dev-config';
import { createFakeWechat, fakeWechatHandlers } from './fake-wechat';
import { createFakeAlipay, fakeAlipayHandlers } from './fake-alipay';
import { createFakePlatforms, fakePlatformHandlers } from './fake-platforms';
import { loadDevConfigOrExit } from './load-dev-config-or-exit';
import { openDevAccountsOrExit } from './open-dev-accounts';
import { storedRowsHandlers } from './stored-rows';

/**
 * `pnpm start:cluster`: the development app on every core. The primary loads
 * ONE sandbox identity (Alipay and WeChat; kept in the data dir, generated
 * there on first use) and hands it to every worker; it
 * also holds the fake WeChat, the fake Alipay gateway and, without REDIS_URL, the WeChat sessions, so
 * a code minted through one worker is redeemed through another.
 *
 * The accounts default to PGlite, whose data dir only one process may open
 * (it is an embedded database, not a server): the primary opens them and
 * serves them to the workers over the cluster's IPC (accountsHandlers), so
 * `pnpm start:cluster` works with no set-up, and closes them once every
 * worker has stopped. With DATABASE_URL each worker opens its own pool.
 */
async function primary(): Promise<void> {
  const devConfig = loadDevConfigOrExit();
  const { config, sandbox } = devConfig;
  const opened = config.accounts.database?.driver === 'pglite' ? await openDevAccountsOrExit(config) : undefined;
  if (opened !== undefined) process.stderr.write(`phonekit ${opened.description} (held by the cluster primary)\n`);
  const handlers: RpcHandlers = {
    ...(config.redisUrl === undefined ? wechatStoreHandlers(new MemoryWechatStore(config.wechat.memorySessionsMax === undefined ? {} : { maxSessions: config.wechat.memorySessionsMax })) : {}),
    ...(sandbox === undefined ? {} : { ...fakeWechatHandlers(createFakeWechat(sandbox)), ...fakeAlipayHandlers(createFakeAlipay(sandbox)), ...fakePlatformHandlers(createFakePlatforms(sandbox)) }),
    ...(opened === undefined ? {} : { ...accountsHandlers(opened.accounts), ...(sandbox === undefined ? {} : storedRowsHandlers(opened.storedRows)) }),
  };
  runClusterPrimary({
    workers: config.workers,
    handlers,
    ...(sandbox === undefined ? {} : { env: sandboxWorkerEnv(devConfig) }),
    ...(opened === undefined ? {} : { onStopped: () => opened.accounts.close() }),
  });
}

if (cluster.isPrimary) {
  void primary();
} else {
  void import('./main');
}
