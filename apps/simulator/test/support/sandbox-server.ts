// The real phonekit server, in sandbox mode, on a free port: the simulator
// as `pnpm start` serves it. Imported by relative path rather than as a
// package: @phonekit/server depends on @phonekit/simulator (it mounts the
// simulator), and a dependency back would make a workspace cycle.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp, createLogger, generateSandboxState, loadConfig, startServer } from '../../../server/src/index';
import type { RunningServer, WechatStore } from '../../../server/src/index';
import { simulatorRouter } from '../../src/index';
import type { SimulatorRouterOptions } from '../../src/index';

function sandboxConfig(): ReturnType<typeof loadConfig> {
  // No rate limit: a suite clicks faster than a person.
  return loadConfig({ env: { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0' }, generateSandbox: generateSandboxState });
}

/** `wechatStore`: the WeChat sessions' store (a test may wrap it to see what the server keeps). */
export function startSandboxServer(options: { readonly wechatStore?: WechatStore } = {}): Promise<RunningServer> {
  return startServer(sandboxConfig(), { port: 0, logger: createLogger('silent'), ...(options.wechatStore === undefined ? {} : { wechatStore: options.wechatStore }) });
}

/** The server with real (here: freshly generated) keys configured: not sandbox mode. */
export function startConfiguredServer(): Promise<RunningServer> {
  const keys = generateSandboxState().alipay;
  const config = loadConfig({ env: { NODE_ENV: 'test', ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64 } });
  return startServer(config, { port: 0, logger: createLogger('silent') });
}

export interface FixtureServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The simulator for another mini-program (a test fixture) in front of the
 * real sandbox server: the fixture's router answers `/` and `/simulator/*`,
 * everything else (the panel's /sandbox routes) reaches the real app.
 */
export async function startFixtureServer(options: SimulatorRouterOptions): Promise<FixtureServer> {
  const app = express();
  app.use(simulatorRouter(options));
  app.use(createApp(sandboxConfig(), { logger: createLogger('silent') }));
  const server = await new Promise<Server>((resolveListen, reject) => {
    const listening = app.listen(0, '127.0.0.1', (err?: Error) => (err === undefined ? resolveListen(listening) : reject(err)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
