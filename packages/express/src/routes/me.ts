import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { meJson } from '../accounts/account-json';
import type { AccountSessionUser, AccountsPort } from '../accounts/accounts-port';
import { sessionTokenOf } from '../accounts/bearer-token';
import { loggedInUser } from '../accounts/logged-in-user';
import { ApiError } from '../errors/api-error';
import { createLogger } from '../logger';
import { errorHandler } from '../middleware/errors';

export interface MeRouterOptions {
  /** The accounts store; without it every route answers 503 ACCOUNTS_NOT_CONFIGURED. */
  readonly accounts?: AccountsPort | undefined;
  /** Where unexpected errors are logged (default: pino at info to stdout). */
  readonly logger?: Logger;
}

const NO_TOKEN = 'This route reads the logged-in user: send "Authorization: Bearer <sessionToken>" from POST /api/wechat/login.';

/** The user the request's bearer token belongs to; a missing token is LOGIN_REQUIRED, a refused one SESSION_INVALID. */
async function me(accounts: AccountsPort, req: Request, res: Response): Promise<AccountSessionUser> {
  res.setHeader('cache-control', 'no-store');
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
  const router = Router();
  const { accounts } = options;
  const onError = errorHandler(options.logger ?? createLogger('info'));
  if (accounts === undefined) {
    router.use(() => {
      throw new ApiError('ACCOUNTS_NOT_CONFIGURED');
    });
    router.use(onError);
    return router;
  }

  router.get('/', async (req, res) => {
    const { user } = await me(accounts, req, res);
    const [phone, consents] = await Promise.all([accounts.phoneOf(user.id), accounts.consentsOf(user.id)]);
    res.json(meJson(user, phone, consents));
  });

  router.get('/export', async (req, res) => {
    const { user } = await me(accounts, req, res);
    res.json(await accounts.exportUser(user.id));
  });

  router.delete('/', async (req, res) => {
    const { user } = await me(accounts, req, res);
    await accounts.eraseUser(user.id);
    res.status(204).end();
  });

  router.use(onError);
  return router;
}
