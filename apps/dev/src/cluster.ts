import cluster from 'node:cluster';
import { MemoryWechatStore, runClusterPrimary, wechatStoreHandlers } from '@phonekit/express';
import { SANDBOX_IDENTITY_VARIABLE } from './dev-config';
import { createFakeWechat, fakeWechatHandlers } from './fake-wechat';
import { loadDevConfigOrExit } from './load-dev-config-or-exit';

/**
 * `pnpm start:cluster`: the development app on every core. The primary makes
 * ONE sandbox identity (Alipay and WeChat) and hands it to every worker; it
 * also holds the fake WeChat and, without REDIS_URL, the WeChat sessions, so
 * a code minted through one worker is redeemed through another.
 */
if (cluster.isPrimary) {
  const { config, sandbox } = loadDevConfigOrExit();
  const store = config.redisUrl === undefined ? wechatStoreHandlers(new MemoryWechatStore()) : {};
  runClusterPrimary({
    workers: config.workers,
    ...(sandbox === undefined
      ? { handlers: store }
      : { env: { [SANDBOX_IDENTITY_VARIABLE]: JSON.stringify(sandbox) }, handlers: { ...store, ...fakeWechatHandlers(createFakeWechat(sandbox)) } }),
  });
} else {
  void import('./main');
}
