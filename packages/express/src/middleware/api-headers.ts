import type { Request, Response } from 'express';

/**
 * The paths whose answers are phonekit's API (and its health check): never
 * stored by a browser or a proxy, since they carry phone numbers and session
 * tokens. Express matches routes case-insensitively, so this does too. Other
 * routes (the development app's simulator files) choose their own caching.
 */
const API_PATH = /^\/(?:(api)|healthz|readyz)(?:[/?]|$)/i;

/**
 * Cache-Control: no-store, unless it is already set so (createApp's first
 * middleware sets it on every API request; a router mounted alone sets it
 * here): setting a header costs node a validation and a lookup each time.
 */
export function noStore(res: Response): void {
  if (res.getHeader('cache-control') !== 'no-store') res.setHeader('cache-control', 'no-store');
}

/**
 * What the request's path is to phonekit, read once: 'api' for /api and
 * everything under it, matched as `app.use('/api', ...)` matches
 * (case-insensitively, on the path before any query), which the rate limiter
 * counts; 'health' for /healthz and /readyz; undefined for anything else.
 * Both kinds are the API whose answers no browser or proxy keeps.
 */
export function apiPathOf(req: Request): 'api' | 'health' | undefined {
  const match = API_PATH.exec(req.url);
  if (match === null) return undefined;
  return match[1] === undefined ? 'health' : 'api';
}

/** The request headers a web page may send the API, and the answer headers it may read. */
const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, X-Alipay-App-Id, X-Request-Id';
const CORS_EXPOSED_HEADERS = 'X-Request-Id, Retry-After, RateLimit, RateLimit-Policy';
/** How long a browser may keep a preflight's answer, in seconds. */
const CORS_MAX_AGE_SECONDS = '600';

/**
 * CORS for an explicit allow-list of origins (CORS_ORIGINS), or nothing at
 * all with an empty list (the default: a web page elsewhere cannot read the
 * API's answers). A request from an allowed origin gets
 * Access-Control-Allow-Origin naming it (never `*`, never credentials: the
 * API takes Bearer tokens, not cookies); a preflight (OPTIONS with
 * Access-Control-Request-Method) also gets the allowed headers and max age,
 * and its methods from the route's Allow (see {@link answerOptions}). Other
 * origins get no CORS header, so the browser refuses the page.
 *
 * @returns undefined for an empty list: nothing to do on any request.
 */
export function corsHeaders(origins: readonly string[]): ((req: Request, res: Response) => void) | undefined {
  if (origins.length === 0) return undefined;
  const allowed = new Set(origins);
  return (req, res) => {
    res.setHeader('vary', 'Origin');
    const origin = req.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return;
    res.setHeader('access-control-allow-origin', origin);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      res.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS);
      res.setHeader('access-control-max-age', CORS_MAX_AGE_SECONDS);
    } else {
      res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS);
    }
  };
}

type End = (this: Response, ...args: unknown[]) => Response;

/**
 * OPTIONS on a known route: 204 with its `Allow` list and no body (and, for
 * an allowed CORS preflight, the same list as Access-Control-Allow-Methods);
 * on an unknown route the usual 404 in the JSON envelope. Express's router
 * works out the Allow list of the route and answers it as a text/plain
 * body: this turns that answer into the 204 as it is written, so the list
 * always matches the routes really mounted.
 */
export function answerOptions(res: Response): void {
  const end = res.end as End;
  const endAsNoContent: End = function (this: Response, ...args: unknown[]): Response {
    const allow = this.getHeader('allow');
    if (this.headersSent || this.statusCode !== 200 || allow === undefined) return end.apply(this, args);
    this.statusCode = 204;
    this.removeHeader('content-length');
    this.removeHeader('content-type');
    if (this.hasHeader('access-control-allow-headers')) this.setHeader('access-control-allow-methods', allow);
    return end.call(this);
  };
  res.end = endAsNoContent as Response['end'];
}
