import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app';
import type { ServerConfig } from './config';
import type { WechatStore } from './store/wechat-store';
import { createLogger } from './logger';

export interface StartServerOptions {
  readonly logger?: Logger;
  /** Overrides config.port (0 = any free port). */
  readonly port?: number;
  /** Passed to createApp: WeChat sessions and token (the caller closes it). */
  readonly wechatStore?: WechatStore;
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

/** Builds the app and listens; used by main.ts and by tests that need real HTTP. */
export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const app = createApp(config, { logger, ...(options.wechatStore === undefined ? {} : { wechatStore: options.wechatStore }) });
  const server = await new Promise<Server>((resolveListen, reject) => {
    const s = app.listen(options.port ?? config.port, config.host ?? '::', (err?: Error) => (err === undefined ? resolveListen(s) : reject(err)));
    s.once('error', reject);
  });
  // A client that dribbles its body gets 408 instead of holding a socket.
  server.requestTimeout = config.requestTimeoutMs;
  server.headersTimeout = Math.min(config.requestTimeoutMs, 60_000);
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise((resolveClose) => {
      server.close(() => resolveClose());
      server.closeIdleConnections();
    });
  return { server, port, url: `http://127.0.0.1:${port}`, close };
}
