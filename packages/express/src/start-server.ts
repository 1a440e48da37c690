import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Response } from 'express';
import { createApp, helmetHeaders } from './app';
import { enforceRequestDeadlines } from './middleware/request-deadlines';
import type { ServerConfig } from './config';
import type { CreateAppOptions } from './app';
import type { WechatStore } from './store/wechat-store';
import { createLogger } from './logger';
import { serverClassesOf } from './server-classes';

export interface StartServerOptions extends Omit<CreateAppOptions, 'logger' | 'wechatStore'> {
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
  const { port: _port, logger: _logger, ...appOptions } = options;
  const app = createApp(config, { ...appOptions, logger });
  // A client that dribbles its body gets 408 instead of holding a socket. Node
  // only enforces requestTimeout when it sweeps its connections, every
  // connectionsCheckingInterval (30 s by default, longer than the timeout
  // itself), so sweep at a quarter of the timeout, at most once a second.
  const headersTimeoutMs = Math.min(config.requestTimeoutMs, 60_000);
  const checkEveryMs = Math.max(50, Math.min(1_000, Math.floor(config.requestTimeoutMs / 4)));
  // Node creates req and res with the app's prototypes (see server-classes).
  const server = createServer({ ...serverClassesOf(app), requestTimeout: config.requestTimeoutMs, headersTimeout: headersTimeoutMs, connectionsCheckingInterval: checkEveryMs }, app);
  server.keepAliveTimeout = 5_000;
  // Late and malformed requests answered in the JSON envelope, and the
  // request deadlines kept after close (node stops checking them then).
  const fixedHeaders: Array<[string, string]> = [];
  helmetHeaders()({ setHeader: (name: string, value: string) => fixedHeaders.push([name, value]), removeHeader: () => undefined } as unknown as Response);
  const deadlines = enforceRequestDeadlines(server, { requestTimeoutMs: config.requestTimeoutMs, headersTimeoutMs, checkEveryMs, logger, fixedHeaders });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.port, config.host ?? '::', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;
  // Answers still to be written when close() is called go out with
  // "Connection: close", so keep-alive clients let go at once instead of the
  // server waiting out keepAliveTimeout before it can finish closing.
  const close = (): Promise<void> =>
    new Promise((resolveClose) => {
      deadlines.closing();
      server.close(() => {
        deadlines.closed();
        resolveClose();
      });
      server.closeIdleConnections();
    });
  return { server, port, url: `http://127.0.0.1:${port}`, close };
}
