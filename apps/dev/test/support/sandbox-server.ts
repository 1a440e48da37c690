// The development app on a free port: the simulator as `pnpm start` serves it.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger, type RunningServer, type WechatStore } from '@phonekit/express';
import { generateAlipaySandboxKeys, generateSandboxIdentity, type SandboxIdentity } from '@phonekit/sandbox';
import { simulatorRouter, type SimulatorRouterOptions } from '@phonekit/simulator';
import { createDevApp, loadDevConfig, startDevServer, type DevConfig } from '../../src/index';

// One identity per test process, given explicitly: a suite never reads or
// writes the repository's .phonekit/data/sandbox-identity.json.
let testIdentity: SandboxIdentity | undefined;

/** The sandbox configuration, no rate limit: a suite clicks faster than a person. */
export function sandboxDevConfig(env: Record<string, string> = {}): DevConfig {
  testIdentity ??= generateSandboxIdentity();
  return loadDevConfig({ env: { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', ...env }, identity: testIdentity });
}

/** `wechatStore`: the WeChat sessions' store (a test may wrap it to see what the server keeps). */
export function startSandboxServer(options: { readonly wechatStore?: WechatStore } = {}): Promise<RunningServer> {
  const { config, sandbox } = sandboxDevConfig();
  return startDevServer(config, sandbox, { port: 0, logger: createLogger('silent'), ...(options.wechatStore === undefined ? {} : { wechatStore: options.wechatStore }) });
}

/** The development app with real (here: freshly generated) keys configured: no sandbox. */
export function startConfiguredServer(): Promise<RunningServer> {
  const keys = generateAlipaySandboxKeys();
  const { config, sandbox } = loadDevConfig({ env: { NODE_ENV: 'test', ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64 } });
  return startDevServer(config, sandbox, { port: 0, logger: createLogger('silent') });
}

export interface FixtureServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The simulator for another mini-program (a test fixture) in front of the
 * sandbox app: the fixture's router answers `/` and `/simulator/*`,
 * everything else (the panel's /sandbox routes) reaches the real app.
 */
export async function startFixtureServer(options: SimulatorRouterOptions): Promise<FixtureServer> {
  const app = express();
  app.use(simulatorRouter(options));
  const { config, sandbox } = sandboxDevConfig();
  app.use(createDevApp(config, sandbox, { logger: createLogger('silent'), simulator: false }));
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
