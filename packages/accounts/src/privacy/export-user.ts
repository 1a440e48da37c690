import { consentsOf } from '../consents/consents-of';
import { AccountsError } from '../errors/accounts-error';
import type { AccountsContext } from '../lib/context';
import { decryptPhone } from '../lib/phone-cipher';
import { toSession, toUser } from '../lib/rows';
import { assertSessionSecretKind, isUuid } from '../lib/validate';
import type { UserExport } from '../types';

// Read in one repeatable-read transaction, so the export is one consistent
// picture even while the user logs in elsewhere.
export async function exportUser(context: AccountsContext, userId: string): Promise<UserExport> {
  if (!isUuid(userId)) throw new AccountsError('USER_NOT_FOUND');
  return context.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const scoped = { ...context, db: trx };
      const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
      if (user === undefined) throw new AccountsError('USER_NOT_FOUND');
      const phone = await trx.selectFrom('phone_bindings').selectAll().where('user_id', '=', userId).executeTakeFirst();
      const consents = await consentsOf(scoped, userId);
      const sessions = await trx
        .selectFrom('sessions')
        .select(['id', 'user_id', 'created_at', 'expires_at'])
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .execute();
      const secrets = await trx
        .selectFrom('session_secrets')
        .innerJoin('sessions', 'sessions.id', 'session_secrets.session_id')
        .select(['session_secrets.session_id', 'session_secrets.kind', 'session_secrets.stored_at'])
        .where('sessions.user_id', '=', userId)
        .orderBy('session_secrets.stored_at')
        .execute();
      return {
        exportedAt: context.clock(),
        user: toUser(user),
        phone: phone === undefined ? null : decryptPhone(context.keyring, phone),
        consents,
        sessions: sessions.map(toSession),
        sessionSecrets: secrets.map((secret) => {
          assertSessionSecretKind(secret.kind);
          return { sessionId: secret.session_id, kind: secret.kind, storedAt: secret.stored_at };
        }),
      };
    });
}
