import cluster from 'node:cluster';
import { ClusterAccounts, runServer } from '@phonekit/express';
import { startBanner } from './banner';
import { sandboxAppOptions } from './dev-app';
import { devLogFormat, devLogger } from './dev-logger';
import { withDevelopmentDataKey } from './development-data-key';
import { primaryFakeWechat } from './fake-wechat';
import { primaryFakeAlipay } from './fake-alipay';
import { primaryFakePlatforms } from './fake-platforms';
import { loadDevConfigOrExit } from './load-dev-config-or-exit';
import { openDevAccountsOrExit } from './open-dev-accounts';
import { primaryStoredRows } from './stored-rows';

/**
 * What `pnpm start` runs: the production routers, and, while no real key of
 * any platform is configured, the sandbox and the simulator on :3000. The
 * accounts (PGlite in .phonekit/data unless DATABASE_URL or PHONEKIT_DATA_DIR
 * says otherwise) are opened and migrated first; a cluster worker on PGlite
 * uses the primary's (cluster.ts).
 */
async function main(): Promise<void> {
  const { config, sandbox, sandboxIdentityFile } = loadDevConfigOrExit();
  const inPrimary = cluster.isWorker && config.accounts.database?.driver === 'pglite';
  const opened = inPrimary ? undefined : await openDevAccountsOrExit(config);
  const accounts = inPrimary ? new ClusterAccounts() : opened?.accounts;
  const storedRows = inPrimary ? primaryStoredRows : opened?.storedRows;
  const firstProcess = !cluster.isWorker || cluster.worker?.id === 1;
  // Readable lines for a developer at a terminal; JSON into a pipe (or with LOG_FORMAT=json).
  const logger = devLogger(config.logLevel, devLogFormat(process.env, process.stdout.isTTY === true));
  // With REDIS_URL and no PHONEKIT_DATA_KEY, the WeChat store seals under the development key.
  await runServer(await withDevelopmentDataKey(config), {
    // A cluster worker uses the primary's fake WeChat and Alipay gateway: one set of codes and sessions for all.
    ...(sandbox === undefined
      ? {}
      : sandboxAppOptions(sandbox, {
          ...(cluster.isWorker ? { fakeWechat: primaryFakeWechat, fakeAlipay: primaryFakeAlipay, fakePlatforms: primaryFakePlatforms } : {}),
          ...(storedRows === undefined ? {} : { storedRows }),
        })),
    ...(accounts === undefined ? {} : { accounts }),
    ...(logger === undefined ? {} : { logger }),
    onListening: (running) => {
      if (!firstProcess) return;
      process.stderr.write(startBanner(`http://localhost:${running.port}`, sandbox, sandboxIdentityFile));
      if (opened !== undefined) process.stderr.write(`  phonekit ${opened.description}\n\n`);
    },
  });
}

void main();
