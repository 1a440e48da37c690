import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import type { Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { ServerConfig } from './config';
import { ApiError } from './errors/api-error';
import { createLogger } from './logger';
import { answerOptions, apiPathOf, corsHeaders } from './middleware/api-headers';
import { deferHeaders, startDeferredHeaders } from './middleware/deferred-headers';
import { appServerClasses } from './server-classes';
import { errorHandler, notFound, sendError } from './middleware/errors';
import { startRequestLog } from './middleware/request-log';
import { rateLimiter } from './middleware/rate-limit';
import { alipayRoutes } from './routes/alipay';
import { textBody } from './routes/json-body';
import { mountTable } from './routes/route-table';
import { wechatRoutes } from './routes/wechat';
import { sessionPlatformRoutes } from './routes/session-platform';
import { SESSION_PLATFORMS, type SessionPlatform } from './platforms/session-platforms';
import type { PlatformTransport } from './platforms/platform-transport';
import { createWechatStore } from './store/create-wechat-store';
import type { WechatStore } from './store/wechat-store';
import type { WechatTransport } from './services/wechat-transport';
import type { AlipayGatewayTransport } from './services/alipay-gateway-transport';
import type { AccountsPort } from './accounts/accounts-port';
import type { AccountRoutesOptions } from './accounts/account-routes-options';
import { meRoutes } from './routes/me';
import { healthRouters } from './routes/health';

export interface CreateAppOptions {
  readonly logger?: Logger;
  /**
   * Where the rate limiter counts (an express-rate-limit Store; the caller
   * owns and shuts it down). Default: this process's memory, so each process
   * counts alone. runServer passes a RedisRateLimitStore when REDIS_URL is
   * set, so every process and machine sharing that Redis shares one limit.
   */
  readonly rateLimitStore?: Store;
  /** WeChat sessions and access token; the caller owns (and closes) it. Default: from config (memory, or Redis with REDIS_URL), kept in app.locals.wechatStore. */
  readonly wechatStore?: WechatStore;
  /** How the WeChat routes reach WeChat; default: HTTPS to config.wechat.apiBase. */
  readonly wechatTransport?: WechatTransport;
  /** How the Douyin, Baidu, QQ and Kuaishou routes reach their platforms; default: HTTPS to each one's configured API bases. */
  readonly platformTransports?: Partial<Readonly<Record<SessionPlatform, PlatformTransport>>>;
  /** How POST /api/alipay/login reaches Alipay's OpenAPI gateway; default: HTTPS to each app's gateway URL. */
  readonly alipayGatewayTransport?: AlipayGatewayTransport;
  /**
   * The accounts store (from @phonekit/accounts's openAccounts, opened from
   * config.accounts.database; the caller owns and closes it). With it, login
   * creates users and sessions, phone-number with a session token binds the
   * number to the user, and /api/me serves the user's data. Without it the
   * server keeps no users: login answers `"user": null`, phone-number is
   * stateless, /api/me answers 503 ACCOUNTS_NOT_CONFIGURED.
   */
  readonly accounts?: AccountsPort;
  /**
   * More routes, mounted after phonekit's own and before the 404 and error
   * handlers (so they share the request log, body reader and error envelope).
   */
  readonly routes?: ReadonlyArray<{ readonly path: string; readonly handler: RequestHandler }>;
}

/** No upgrade-insecure-requests: the simulator is opened over plain http on a LAN address too, and TLS belongs to the proxy in front (HSTS is still sent). */
export const HELMET_OPTIONS = { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } } as const;

/** Everything but setHeader/removeHeader throws: a header that depends on the request or response cannot be worked out once. */
const untouchable = (what: string, allowed: Record<string, unknown> = {}): object =>
  new Proxy(allowed, {
    get(target, property) {
      if (typeof property === 'string' && Object.hasOwn(target, property)) return target[property];
      throw new Error(`helmet read ${what}.${String(property)}: its headers are not the same on every response.`);
    },
  });

function recordHelmet(middleware: ReturnType<typeof helmet>): { set: Array<[string, string]>; removed: string[] } {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  const res = untouchable('res', {
    // Lower case, as HTTP/2 writes them and node keys them: node lower-cases
    // every name it is given, on every response, unless it already is.
    setHeader: (name: string, value: unknown) => set.push([name.toLowerCase(), String(value)]),
    removeHeader: (name: string) => removed.push(name),
  });
  let done = false;
  middleware(untouchable('req') as Request, res as Response, (err?: unknown) => {
    if (err !== undefined) throw err instanceof Error ? err : new Error(String(err));
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be worked out once.');
  return { set, removed };
}

/**
 * helmet's headers, worked out once: with these options every one of them is
 * the same on every response (no CSP nonce, nothing taken from the request),
 * so helmet runs at start, against a recorder, and each response gets the
 * recorded headers instead of going through helmet's chain of thirteen
 * middleware functions. Throws at start if helmet's headers are not fixed:
 * if it reads the request or the response, does not finish synchronously, or
 * sets anything different on a second run (a nonce).
 *
 * @returns `headers`: flat [name, value, ...], names lower case; `removed`:
 * the names helmet removes.
 */
export function helmetHeaderList(options: Parameters<typeof helmet>[0] = HELMET_OPTIONS): { headers: readonly string[]; removed: readonly string[] } {
  const middleware = helmet(options);
  const { set, removed } = recordHelmet(middleware);
  if (JSON.stringify(recordHelmet(middleware)) !== JSON.stringify({ set, removed })) {
    throw new Error('helmet set different headers on a second run: they cannot be worked out once.');
  }
  return { headers: set.flat(), removed };
}

/** helmet's headers (see {@link helmetHeaderList}) as a function that sets them on a response. */
export function helmetHeaders(options: Parameters<typeof helmet>[0] = HELMET_OPTIONS): (res: Response) => void {
  const { headers, removed } = helmetHeaderList(options);
  return (res) => {
    for (let i = 0; i < headers.length; i += 2) res.setHeader(headers[i] as string, headers[i + 1] as string);
    for (const name of removed) res.removeHeader(name);
  };
}

/** The /api rate limiter of createApp: express-rate-limit's counting and headers (see rateLimiter), answering 429 in phonekit's envelope. */
function apiRateLimiter(config: ServerConfig, logger: Logger, store: Store | undefined): RequestHandler {
  const storeLogger = (error: unknown): void => {
    logger.warn({ err: { type: error instanceof Error ? error.name : typeof error } }, 'rate limiter store error: allowing request without rate-limiting');
  };
  return rateLimiter({
    windowMs: 60_000,
    limit: config.rateLimitPerMinute,
    // The policy's name in the RateLimit headers, as express-rate-limit names this window.
    identifier: `${config.rateLimitPerMinute}-in-1min`,
    // createApp sets `trust proxy` from TRUST_PROXY; unset, it is false.
    trustProxyOff: config.trustProxy === false,
    ...(store === undefined
      ? {}
      : {
          store,
          // Redis not answering (within 500 ms): let the request through rather than fail it, and say so.
          onStoreError: storeLogger,
        }),
    // Retry-After (the seconds left in the client's window) is set; sendError keeps it.
    limited: (_req, res) => {
      sendError(res, new ApiError('RATE_LIMITED'));
    },
  });
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
  // Requests and responses born with this app's prototypes, for startServer's
  // createServer: every request's objects then share V8's maps (see server-classes).
  appServerClasses(app);

  // Answers are per-request JSON (mostly to POSTs), never revalidated: an
  // ETag would only cost a SHA-1 of every body, and a SHA-1 of a phone answer
  // in a proxy's log can be brute-forced back to the number. (Static files
  // served by extra routes, express.static, keep their own ETags.)
  app.set('etag', false);

  const wechatStore = options.wechatStore ?? createWechatStore(config, { onError: (error) => logger.warn({ err: { type: error.name, message: error.message } }, 'wechat store: redis error') });
  app.locals['wechatStore'] = wechatStore;

  // RATE_LIMIT_PER_MINUTE per client IP on /api (0 turns it off).
  const limiter = config.rateLimitPerMinute > 0 ? apiRateLimiter(config, logger, options.rateLimitStore) : undefined;

  // The request log, helmet's headers, the body reader and the rate limiter
  // run as one middleware: each layer Express walks through costs every request.
  // helmet's headers and Cache-Control are deferred (see deferHeaders): written
  // with the answer's head in one list, not set one by one.
  deferHeaders(app);
  const helmetList = helmetHeaderList();
  const everyAnswer = helmetList.headers;
  // API answers carry phone numbers and tokens: no browser or proxy keeps them.
  const everyApiAnswer = [...helmetList.headers, 'cache-control', 'no-store'];
  const removed = helmetList.removed;
  // The body is read as text under ANY content type and never url-decoded:
  // my.request may send res.response as application/x-www-form-urlencoded,
  // and a '+' in the ciphertext or sign must survive.
  const readBody = textBody(config.bodyLimitBytes);
  // CORS_ORIGINS: none by default (no CORS header at all).
  const cors = corsHeaders(config.corsOrigins);
  app.use((req, res, next) => {
    const apiPath = apiPathOf(req);
    startDeferredHeaders(res, apiPath === undefined ? everyAnswer : everyApiAnswer);
    for (const name of removed) res.removeHeader(name);
    startRequestLog(logger, req, res);
    cors?.(req, res);
    if (req.method === 'OPTIONS') answerOptions(res);
    // The limiter counts /api requests once their body is read (a body too large is answered 413 first, uncounted, as before).
    if (limiter === undefined || apiPath !== 'api') {
      readBody(req, res, next);
      return;
    }
    readBody(req, res, (err?: unknown) => {
      if (err === undefined) limiter(req, res, next);
      else next(err);
    });
  });

  const accountRoutes: AccountRoutesOptions = {
    accounts: options.accounts,
    requireLogin: config.accounts.requireLogin,
    privacyPolicyVersion: config.accounts.privacyPolicyVersion,
  };
  // Every API route is mounted on the app itself (see mountTable), the phone routes first.
  mountTable(
    app,
    '/api/alipay',
    alipayRoutes(config, {
      logger,
      ...accountRoutes,
      sessionTtlSeconds: config.wechat.sessionTtlSeconds,
      ...(options.alipayGatewayTransport === undefined ? {} : { gatewayTransport: options.alipayGatewayTransport }),
    }),
  );
  mountTable(app, '/api/wechat', wechatRoutes(config, { store: wechatStore, logger, ...accountRoutes, ...(options.wechatTransport === undefined ? {} : { transport: options.wechatTransport }) }));
  for (const platform of SESSION_PLATFORMS) {
    const transport = options.platformTransports?.[platform];
    mountTable(app, `/api/${platform}`, sessionPlatformRoutes(config.platforms[platform], { store: wechatStore, logger, ...accountRoutes, ...(transport === undefined ? {} : { transport }) }));
  }
  mountTable(app, '/api/me', meRoutes({ accounts: options.accounts, logger }));

  // Liveness and readiness, each in a router of its own, so OPTIONS is
  // answered by the router with its Allow list (an app-level route would
  // meet the 404 handler first). Both report Redis and Postgres when
  // configured. After the API: a phone request walks past fewer layers.
  const { healthz, readyz } = healthRouters(config, { store: wechatStore, accounts: options.accounts });
  app.use('/healthz', healthz);
  app.use('/readyz', readyz);
  for (const { path, handler } of options.routes ?? []) app.use(path, handler);

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
