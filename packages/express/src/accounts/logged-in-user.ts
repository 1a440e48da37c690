import { ApiError } from '../errors/api-error';
import type { AccountPlatform, AccountSessionUser, AccountsPort } from './accounts-port';

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
