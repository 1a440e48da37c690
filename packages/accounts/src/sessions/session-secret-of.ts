import type { AccountsContext } from '../lib/context';
import { decryptSessionSecret } from '../lib/session-secret-cipher';
import { assertSessionSecretKind, isUuid } from '../lib/validate';
import type { SessionSecretKind } from '../types';

// Only a live session's secret: once the session has expired, so has its use.
export async function sessionSecretOf(context: AccountsContext, sessionId: string, kind: SessionSecretKind): Promise<string | null> {
  assertSessionSecretKind(kind);
  if (!isUuid(sessionId)) return null;
  const row = await context.db
    .selectFrom('session_secrets')
    .innerJoin('sessions', 'sessions.id', 'session_secrets.session_id')
    .select(['session_secrets.session_id', 'session_secrets.kind', 'session_secrets.key_id', 'session_secrets.ciphertext'])
    .where('session_secrets.session_id', '=', sessionId)
    .where('session_secrets.kind', '=', kind)
    .where('sessions.expires_at', '>', context.clock())
    .executeTakeFirst();
  if (row === undefined) return null;
  return decryptSessionSecret(context.keyring, { ...row, kind });
}
