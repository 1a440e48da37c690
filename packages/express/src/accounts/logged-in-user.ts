import type { Request } from 'express';
import { ApiError } from '../errors/api-error';
import type { AccountPlatform, AccountSessionUser, AccountsPort } from './accounts-port';
import { sessionTokenOf } from './bearer-token';

const PLATFORM_NAMES: Readonly<Record<AccountPlatform, string>> = { alipay: 'Alipay', wechat: 'WeChat', douyin: 'Douyin', baidu: 'Baidu', qq: 'QQ', kuaishou: 'Kuaishou' };

/**
 * The user and session a token belongs to. An unknown, expired or ended
 * session is a 401 SESSION_INVALID, never an anonymous request.
 */
export async function loggedInUser(accounts: AccountsPort, token: string): Promise<AccountSessionUser> {
  const found = await accounts.userBySessionToken(token);
  if (found === null) throw new ApiError('SESSION_INVALID');
  return found;
}

/**
 * Refuses a session of another mini-program (SESSION_INVALID): a WeChat
 * user's token cannot bind a number Alipay sent, nor one app's user a number
 * produced for another. `appId` undefined: the one Alipay app configured
 * without an appId, which any Alipay user's session may use.
 */
export function assertSessionFor(found: AccountSessionUser, platform: AccountPlatform, appId: string | undefined): void {
  const { user } = found;
  if (user.platform !== platform || (appId !== undefined && user.appId !== appId)) {
    throw new ApiError('SESSION_INVALID', {
      message: `This session belongs to another mini-program (a ${PLATFORM_NAMES[user.platform]} user of another app): log in through this ${PLATFORM_NAMES[platform]} mini-program.`,
    });
  }
}

/**
 * The logged-in user of this mini-program a phone-number request names, if
 * any: without accounts, none; without a token, none (or 401 LOGIN_REQUIRED
 * with REQUIRE_LOGIN); with one, its user, refused with SESSION_INVALID when
 * unknown, expired or of another platform or app.
 */
export async function requestSessionUser(
  req: Request,
  body: Readonly<Record<string, unknown>>,
  options: { readonly accounts: AccountsPort | undefined; readonly requireLogin: boolean; readonly platform: AccountPlatform; readonly appId: string },
): Promise<AccountSessionUser | undefined> {
  if (options.accounts === undefined) return undefined;
  const token = sessionTokenOf(req, body, { strict: true });
  if (token === undefined) {
    if (options.requireLogin) throw new ApiError('LOGIN_REQUIRED');
    return undefined;
  }
  const found = await loggedInUser(options.accounts, token);
  assertSessionFor(found, options.platform, options.appId);
  return found;
}
