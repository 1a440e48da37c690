import type { AccountsContext } from '../lib/context';
import { toSession, toUser } from '../lib/rows';
import { hashSessionToken, isSessionTokenShaped } from '../lib/session-token';
import type { SessionUser } from '../types';

// Looked up by hash; an expired session answers nothing, like an unknown one
// (callers cannot tell them apart, and need not). Text that cannot be one of
// our tokens never reaches the database.
export async function userBySessionToken(context: AccountsContext, token: string): Promise<SessionUser | null> {
  if (!isSessionTokenShaped(token)) return null;
  const row = await context.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id as session_id',
      'sessions.created_at as session_created_at',
      'sessions.expires_at as session_expires_at',
    ])
    .where('sessions.token_hash', '=', hashSessionToken(token))
    .where('sessions.expires_at', '>', context.clock())
    .executeTakeFirst();
  if (row === undefined) return null;
  const { session_id, session_created_at, session_expires_at, ...user } = row;
  return {
    user: toUser(user),
    session: toSession({ id: session_id, user_id: user.id, created_at: session_created_at, expires_at: session_expires_at }),
  };
}
