import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { ServerConfig } from './config';
import { ApiError } from './errors/api-error';
import { createLogger } from './logger';
import { errorHandler, notFound, sendError } from './middleware/errors';
import { requestLog } from './middleware/request-log';
import { alipayRouter, textBody } from './routes/alipay';
import { wechatRouter } from './routes/wechat';
import { createWechatStore } from './store/create-wechat-store';
import type { WechatStore } from './store/wechat-store';
import type { WechatTransport } from './services/wechat-transport';

export interface CreateAppOptions {
  readonly logger?: Logger;
  /** WeChat sessions and access token; the caller owns (and closes) it. Default: from config (memory, or Redis with REDIS_URL), kept in app.locals.wechatStore. */
  readonly wechatStore?: WechatStore;
  /** How the WeChat routes reach WeChat; default: HTTPS to config.wechat.apiBase. */
  readonly wechatTransport?: WechatTransport;
  /**
   * More routes, mounted after phonekit's own and before the 404 and error
   * handlers (so they share the request log, body reader and error envelope).
   */
  readonly routes?: ReadonlyArray<{ readonly path: string; readonly handler: RequestHandler }>;
}

/**
 * Builds the Express app from a validated configuration. Never listens:
 * main.ts does, tests use port 0.
 *
 * @example
 * ```ts
 * const app = createApp(loadConfig());
 * app.listen(3000);
 * ```
 */
export function createApp(config: ServerConfig, options: CreateAppOptions = {}): Express {
  const logger = options.logger ?? createLogger(config.logLevel);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');
  app.locals['config'] = config;

  app.use(requestLog(logger));
  // No upgrade-insecure-requests: the simulator is opened over plain http on a LAN
  // address too, and TLS belongs to the proxy in front (HSTS is still sent).
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // The body is read as text under ANY content type and never url-decoded:
  // my.request may send res.response as application/x-www-form-urlencoded,
  // and a '+' in the ciphertext or sign must survive.
  app.use(textBody(config.bodyLimitBytes));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', mode: config.mode });
  });

  if (config.rateLimitPerMinute > 0) {
    app.use(
      '/api',
      rateLimit({
        windowMs: 60_000,
        limit: config.rateLimitPerMinute,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        handler: (_req, res, _next, options) => {
          res.setHeader('retry-after', String(Math.ceil(options.windowMs / 1000)));
          sendError(res, new ApiError('RATE_LIMITED'));
        },
      }),
    );
  }

  app.use('/api/alipay', alipayRouter(config, { logger }));
  const wechatStore = options.wechatStore ?? createWechatStore(config, { onError: (error) => logger.warn({ err: { type: error.name, message: error.message } }, 'wechat store: redis error') });
  app.locals['wechatStore'] = wechatStore;
  app.use('/api/wechat', wechatRouter(config, { store: wechatStore, logger, ...(options.wechatTransport === undefined ? {} : { transport: options.wechatTransport }) }));
  for (const { path, handler } of options.routes ?? []) app.use(path, handler);

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
