import cluster from 'node:cluster';
import type { Logger } from 'pino';
import type { ServerConfig } from './config';
import { createLogger } from './logger';
import { startServer, type RunningServer, type StartServerOptions } from './start-server';
import { ClusterWechatStore } from './store/cluster-wechat-store';
import { createWechatStore } from './store/create-wechat-store';
import { RedisRateLimitStore } from './store/redis-rate-limit-store';
import type { WechatStore } from './store/wechat-store';

export interface RunServerOptions extends Omit<StartServerOptions, 'logger' | 'wechatStore'> {
  readonly logger?: Logger;
  /** Called once listening, before the "listening" log line (the development app prints its banner here). */
  readonly onListening?: (running: RunningServer) => void;
}

/** The one line for a listen error a person can fix (port taken, no permission, no such address); undefined for anything else. */
export function listenErrorLine(error: unknown, port: number, host: string | undefined): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const where = `${host === undefined ? 'every interface' : host}, port ${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `phonekit: cannot listen on ${where}: the port is already in use (another phonekit, or another program: \`lsof -i :${port}\` or \`ss -ltnp | grep :${port}\` shows which). Stop it, or start with another port: PORT=${port + 1}.`;
    case 'EACCES':
      return `phonekit: cannot listen on ${where}: permission denied (ports below 1024 need privileges). Start with PORT=3000 or another port above 1023.`;
    case 'EADDRNOTAVAIL':
      return `phonekit: cannot listen on ${where}: this machine has no such address. Set HOST to one of its addresses (or leave it unset for every interface).`;
    default:
      return undefined;
  }
}

/** The store a process should use: Redis with REDIS_URL; else the cluster primary's when a worker; else its own memory. */
export function wechatStoreFor(config: Pick<ServerConfig, 'redisUrl' | 'wechat'>, logger: Logger): WechatStore {
  if (config.redisUrl === undefined && cluster.isWorker) return new ClusterWechatStore();
  return createWechatStore(config, { onError: (error) => logger.warn({ err: { type: error.name, message: error.message } }, 'wechat store: redis error') });
}

/**
 * A process entry point's whole life: listen, log, and on SIGTERM or SIGINT
 * stop accepting, finish in-flight requests, close the store and the
 * accounts it was given (`options.accounts`: PGlite flushes its files) and
 * exit 0 (exit 1 if requests are still running after config.shutdownGraceMs,
 * SHUTDOWN_GRACE_MS: by default 5 s longer than REQUEST_TIMEOUT_MS, so a
 * client still sending its request at SIGTERM is answered, 408 at worst).
 */
export async function runServer(config: ServerConfig, options: RunServerOptions = {}): Promise<RunningServer> {
  const { onListening, logger: given, ...startOptions } = options;
  const logger = given ?? createLogger(config.logLevel);
  const wechatStore = wechatStoreFor(config, logger);
  // With REDIS_URL every process (and machine) counts against one limit; without it, each process counts alone.
  const rateLimitStore =
    startOptions.rateLimitStore ??
    (config.redisUrl === undefined || config.rateLimitPerMinute === 0
      ? undefined
      : new RedisRateLimitStore({ url: config.redisUrl, onError: (error) => logger.warn({ err: { type: error.name, message: error.message } }, 'rate limiter: redis error') }));
  let running: RunningServer;
  try {
    running = await startServer(config, { ...startOptions, logger, wechatStore, ...(rateLimitStore === undefined ? {} : { rateLimitStore }) });
  } catch (error) {
    const line = listenErrorLine(error, startOptions.port ?? config.port, config.host);
    if (line === undefined) throw error;
    // One line a person can act on, not a stack (a cluster worker exits the same way; the primary then backs off).
    process.stderr.write(`${line}\n`);
    process.exit(1);
  }
  onListening?.(running);
  logger.info(
    {
      url: `http://localhost:${running.port}`,
      mode: config.mode,
      wechat: config.wechat.mode,
      platforms: Object.fromEntries(Object.entries(config.platforms).map(([name, platform]) => [name, platform.mode])),
      apps: [...config.alipayApps.keys()].map((k) => k || '(default)'),
      // The driver only: DATABASE_URL holds a password.
      accounts: options.accounts === undefined ? 'off' : (config.accounts.database?.driver ?? 'on'),
      requireLogin: config.accounts.requireLogin,
    },
    'phonekit listening',
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.warn({ shutdownGraceMs: config.shutdownGraceMs }, 'in-flight requests did not finish within SHUTDOWN_GRACE_MS; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    force.unref();
    void running
      .close()
      .then(() => wechatStore.close())
      .then(() => (startOptions.rateLimitStore === undefined ? rateLimitStore?.shutdown?.() : undefined))
      .then(() => options.accounts?.close())
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return running;
}
