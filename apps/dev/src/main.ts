import cluster from 'node:cluster';
import { runServer } from '@phonekit/express';
import { startBanner } from './banner';
import { sandboxAppOptions } from './dev-app';
import { primaryFakeWechat } from './fake-wechat';
import { loadDevConfigOrExit } from './load-dev-config-or-exit';

/**
 * What `pnpm start` runs: the production routers, and, while no real key of
 * any platform is configured, the sandbox and the simulator on :3000.
 */
const { config, sandbox } = loadDevConfigOrExit();
void runServer(config, {
  // A cluster worker uses the primary's fake WeChat: one set of codes and sessions for all.
  ...(sandbox === undefined ? {} : sandboxAppOptions(sandbox, cluster.isWorker ? { fakeWechat: primaryFakeWechat } : {})),
  onListening: (running) => {
    if (!cluster.isWorker || cluster.worker?.id === 1) process.stderr.write(startBanner(`http://localhost:${running.port}`, sandbox));
  },
});
