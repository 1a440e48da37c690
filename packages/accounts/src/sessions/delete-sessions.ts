import { AccountsError } from '../errors/accounts-error';
import type { AccountsContext } from '../lib/context';
import { hashSessionToken, isSessionTokenShaped } from '../lib/session-token';
import { isUuid } from '../lib/validate';
import type { SessionSelector } from '../types';

// Session secrets go with their session (ON DELETE CASCADE).
export async function deleteSessions(context: AccountsContext, selector: SessionSelector): Promise<number> {
  let query = context.db.deleteFrom('sessions');
  if ('token' in selector) {
    if (!isSessionTokenShaped(selector.token)) return 0;
    query = query.where('token_hash', '=', hashSessionToken(selector.token));
  } else if ('userId' in selector) {
    if (!isUuid(selector.userId)) return 0;
    query = query.where('user_id', '=', selector.userId);
  } else if ('expired' in selector && selector.expired === true) {
    query = query.where('expires_at', '<=', context.clock());
  } else {
    throw new AccountsError('INPUT_INVALID', { message: 'deleteSessions takes {token}, {userId} or {expired: true}.' });
  }
  const deleted = await query.returning('id').execute();
  return deleted.length;
}
