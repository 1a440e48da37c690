import type { Request, Response, Router } from 'express';
import { noStore } from '../middleware/api-headers';
import { tableRouter, type PhonekitRoute, type RouteTable } from './route-table';
import type { Logger } from 'pino';
import { meJson } from '../accounts/account-json';
import type { AccountSessionUser, AccountsPort } from '../accounts/accounts-port';
import { sessionTokenOf } from '../accounts/bearer-token';
import { loggedInUser } from '../accounts/logged-in-user';
import { ApiError } from '../errors/api-error';
import { sendJson } from './send-json';

export interface MeRouterOptions {
  /** The accounts store; without it every route answers 503 ACCOUNTS_NOT_CONFIGURED. */
  readonly accounts?: AccountsPort | undefined;
  /** Where unexpected errors are logged (default: pino at info to stdout). */
  readonly logger?: Logger;
}

const NO_TOKEN = 'This route reads the logged-in user: send "Authorization: Bearer <sessionToken>" from POST /api/wechat/login.';

/** The user the request's bearer token belongs to; a missing token is LOGIN_REQUIRED, a refused one SESSION_INVALID. */
async function me(accounts: AccountsPort, req: Request, res: Response): Promise<AccountSessionUser> {
  noStore(res);
  const token = sessionTokenOf(req, {}, { strict: true });
  if (token === undefined) throw new ApiError('LOGIN_REQUIRED', { message: NO_TOKEN });
  const found = await loggedInUser(accounts, token);
  res.locals['outcome'] = { userId: found.user.id };
  return found;
}

/**
 * The logged-in user's own data (PIPL: access and erasure), mounted at
 * /api/me:
 * - `GET /api/me`: `{id, platform, appId, phone: null | {masked, e164, countryCode, nationalNumber}, consents}`;
 * - `GET /api/me/export`: everything stored about the user, decrypted;
 * - `DELETE /api/me`: erases phone, consents, session secrets, sessions and
 *   the user; 204, and every token of the user stops working at once.
 *
 * @example
 * ```ts
 * app.use('/api/me', meRouter({ accounts }));
 * ```
 */
export function meRouter(options: MeRouterOptions = {}): Router {
  return tableRouter(meRoutes(options), { logger: options.logger, bodyLimitBytes: false });
}

/** meRouter's routes, for createApp to mount on the app itself (see mountTable). */
export function meRoutes(options: MeRouterOptions = {}): RouteTable {
  const routes: PhonekitRoute[] = [];
  const { accounts } = options;
  if (accounts === undefined) {
    return {
      everyRequest: () => {
        throw new ApiError('ACCOUNTS_NOT_CONFIGURED');
      },
    };
  }

  routes.push({ method: 'get', path: '/', handler: async (req, res) => {
    const { user } = await me(accounts, req, res);
    const [phone, consents] = await Promise.all([accounts.phoneOf(user.id), accounts.consentsOf(user.id)]);
    sendJson(res, meJson(user, phone, consents));
  } });

  routes.push({ method: 'get', path: '/export', handler: async (req, res) => {
    const { user } = await me(accounts, req, res);
    sendJson(res, await accounts.exportUser(user.id));
  } });

  routes.push({ method: 'delete', path: '/', handler: async (req, res) => {
    const { user } = await me(accounts, req, res);
    await accounts.eraseUser(user.id);
    res.status(204).end();
  } });

  return { routes };
}
