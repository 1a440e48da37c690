import { Router, type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { createLogger } from '../logger';
import { errorHandler } from '../middleware/errors';
import { textBody } from './json-body';

export type RouteMethod = 'get' | 'post' | 'delete';

/** One route of a platform: method, path below the platform's prefix ('/' is the prefix itself), handler. */
export interface PhonekitRoute {
  readonly method: RouteMethod;
  readonly path: string;
  readonly handler: RequestHandler;
}

/**
 * What phonekit answers under one prefix (`/api/alipay`, `/api/me`...): its
 * routes, or, for a platform that is not configured, one handler that answers
 * every request there (with the catalogued NOT_CONFIGURED error).
 */
export type RouteTable =
  | { readonly routes: readonly PhonekitRoute[]; readonly everyRequest?: undefined }
  | { readonly routes?: undefined; readonly everyRequest: RequestHandler };

export interface TableRouterOptions {
  /** Where unexpected errors are logged (default: pino at info to stdout). */
  readonly logger?: Logger | undefined;
  /** Largest body the router reads (default 64 KiB); false: the router reads no body (its routes take none). */
  readonly bodyLimitBytes?: number | false | undefined;
}

/**
 * The table as an Express Router, for a team to mount in its own app: it
 * reads its own body (as text, under any content type) and answers its own
 * errors in phonekit's envelope, so it needs nothing else from the app.
 */
export function tableRouter(table: RouteTable, options: TableRouterOptions = {}): Router {
  const router = Router();
  if (table.everyRequest !== undefined) {
    router.use(table.everyRequest);
  } else {
    if (options.bodyLimitBytes !== false) router.use(textBody(options.bodyLimitBytes ?? 64 * 1024));
    for (const route of table.routes) router[route.method](route.path, route.handler);
  }
  router.use(errorHandler(options.logger ?? createLogger('info')));
  return router;
}

/**
 * The table's routes mounted on the app itself, each at prefix + path (how
 * createApp mounts phonekit's own): the app in front reads every body and
 * answers every error, and a request walks the app's one list of routes
 * instead of entering a router per platform. Measured under callgrind
 * (`BENCH_ONLY=instructions`), a nested router cost the phone route about
 * 30,000 instructions a request (of some 1,200,000): its own walk, its body
 * reader's layer (a no-op once the body is read), its other routes' layers.
 */
export function mountTable(app: Express, prefix: string, table: RouteTable): void {
  if (table.everyRequest !== undefined) {
    app.use(prefix, table.everyRequest);
    return;
  }
  const full = (path: string): string => (path === '/' ? prefix : `${prefix}${path}`);
  for (const route of table.routes) app[route.method](full(route.path), route.handler);
  // OPTIONS: a router answers it with its Allow list when no route took the
  // request, but the app's own list ends in the 404 handler; so each path
  // answers it here, with the list Express's router would send.
  for (const [path, allow] of allowLists(table.routes)) {
    app.options(full(path), (_req, res) => {
      res.setHeader('allow', allow);
      res.send(allow);
    });
  }
}

/** Each path's Allow list as Express's router writes it: its methods in upper case, HEAD with GET, sorted, comma-separated. */
function allowLists(routes: readonly PhonekitRoute[]): Map<string, string> {
  const methods = new Map<string, Set<string>>();
  for (const { path, method } of routes) {
    const set = methods.get(path) ?? new Set<string>();
    set.add(method.toUpperCase());
    if (method === 'get') set.add('HEAD');
    methods.set(path, set);
  }
  return new Map([...methods].map(([path, set]) => [path, [...set].sort().join(', ')]));
}
