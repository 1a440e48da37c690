import type { AccountsContext } from '../lib/context';
import { isUuid } from '../lib/validate';
import type { UserErasure } from '../types';

/*
 * PIPL Art. 47 erasure, in one transaction: session secrets, sessions (so
 * every token of the user stops resolving the moment this commits), the phone
 * binding, the consents, then the user row itself. Each table is deleted from
 * explicitly, not left to ON DELETE CASCADE, so the answer can say what went.
 * A later login of the same platform user makes a new user with a new id.
 */
export async function eraseUser(context: AccountsContext, userId: string): Promise<UserErasure> {
  const nothing = { userId, user: false, phone: false, consents: 0, sessions: 0, sessionSecrets: 0 };
  if (!isUuid(userId)) return nothing;
  return context.db.transaction().execute(async (trx) => {
    // lock the user first: a concurrent bindPhone or createSession waits, then finds no user
    const user = await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst();
    if (user === undefined) return nothing;
    const sessionIds = trx.selectFrom('sessions').select('id').where('user_id', '=', userId);
    const secrets = await trx.deleteFrom('session_secrets').where('session_id', 'in', sessionIds).returning('session_id').execute();
    const sessions = await trx.deleteFrom('sessions').where('user_id', '=', userId).returning('id').execute();
    const phones = await trx.deleteFrom('phone_bindings').where('user_id', '=', userId).returning('user_id').execute();
    const consents = await trx.deleteFrom('consents').where('user_id', '=', userId).returning('id').execute();
    await trx.deleteFrom('users').where('id', '=', userId).execute();
    return {
      userId,
      user: true,
      phone: phones.length > 0,
      consents: consents.length,
      sessions: sessions.length,
      sessionSecrets: secrets.length,
    };
  });
}
