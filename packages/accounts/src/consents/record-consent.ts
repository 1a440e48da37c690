import { AccountsError } from '../errors/accounts-error';
import type { AccountsContext } from '../lib/context';
import { databaseErrorOf, FOREIGN_KEY_VIOLATION } from '../lib/database-error';
import { toConsent } from '../lib/rows';
import { assertOptionalText, assertText, isUuid } from '../lib/validate';
import type { Consent, ConsentInput } from '../types';

const MAX_CLIENT_ENTRIES = 16;

// Consents are appended, never updated: the record of who agreed to what,
// when and under which policy version is evidence (PIPL Art. 14), so a new
// agreement (a new policy version) is a new row beside the old ones.
export async function recordConsent(context: AccountsContext, userId: string, consent: ConsentInput): Promise<Consent> {
  assertText(consent.purpose, 'purpose', 64);
  assertText(consent.policyVersion, 'policyVersion', 64);
  assertOptionalText(consent.scope, 'scope', 64);
  assertOptionalText(consent.requestId, 'requestId', 128);
  const client = consent.client === undefined ? undefined : checkedClient(consent.client);
  if (!isUuid(userId)) throw new AccountsError('USER_NOT_FOUND');
  try {
    const row = await context.db
      .insertInto('consents')
      .values({
        user_id: userId,
        purpose: consent.purpose,
        policy_version: consent.policyVersion,
        agreed_at: context.clock(),
        scope: consent.scope ?? null,
        request_id: consent.requestId ?? null,
        client_info: client === undefined ? null : JSON.stringify(client),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toConsent(row);
  } catch (error) {
    if (databaseErrorOf(error).code === FOREIGN_KEY_VIOLATION) throw new AccountsError('USER_NOT_FOUND');
    throw error;
  }
}

function checkedClient(client: unknown): Record<string, string> {
  if (typeof client !== 'object' || client === null || Array.isArray(client)) {
    throw new AccountsError('INPUT_INVALID', { message: 'client must be an object of strings.' });
  }
  const entries = Object.entries(client);
  if (entries.length > MAX_CLIENT_ENTRIES) {
    throw new AccountsError('INPUT_INVALID', { message: `client holds at most ${MAX_CLIENT_ENTRIES} entries.` });
  }
  for (const [key, value] of entries) {
    assertText(key, 'a client entry name', 64);
    assertText(value, `client.${key}`, 256);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
