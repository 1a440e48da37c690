import { AccountsError } from '../errors/accounts-error';
import type { AccountsContext } from '../lib/context';
import { databaseErrorOf, FOREIGN_KEY_VIOLATION } from '../lib/database-error';
import { encryptSessionSecret } from '../lib/session-secret-cipher';
import { assertSessionSecretKind, assertText, isUuid } from '../lib/validate';
import type { SessionSecretInfo, SessionSecretKind } from '../types';

// A WeChat session_key (and the like) is kept per session, encrypted like a
// phone number, with (session id, kind) as the AAD. It lives and dies with its
// session row: deleting the session, or erasing the user, removes it.
export async function storeSessionSecret(
  context: AccountsContext,
  sessionId: string,
  kind: SessionSecretKind,
  secret: string,
): Promise<SessionSecretInfo> {
  assertSessionSecretKind(kind);
  assertText(secret, 'secret', 4096);
  if (!isUuid(sessionId)) throw new AccountsError('SESSION_NOT_FOUND');
  const { keyId, ciphertext } = encryptSessionSecret(context.keyring, sessionId, kind, secret);
  const storedAt = context.clock();
  try {
    await context.db
      .insertInto('session_secrets')
      .values({ session_id: sessionId, kind, ciphertext, key_id: keyId, stored_at: storedAt })
      .onConflict((conflict) =>
        conflict.columns(['session_id', 'kind']).doUpdateSet({ ciphertext, key_id: keyId, stored_at: storedAt }),
      )
      .execute();
  } catch (error) {
    if (databaseErrorOf(error).code === FOREIGN_KEY_VIOLATION) throw new AccountsError('SESSION_NOT_FOUND');
    throw error;
  }
  return { sessionId, kind, storedAt };
}
