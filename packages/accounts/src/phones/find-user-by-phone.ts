import { phoneBlindIndexCandidates } from '../lib/blind-index';
import type { AccountsContext } from '../lib/context';
import { decryptPhone } from '../lib/phone-cipher';
import { assertE164 } from '../lib/phone-input';
import { toUser } from '../lib/rows';
import { assertText } from '../lib/validate';
import type { User } from '../types';

// By blind index: the number is never compared in plain text in SQL. The row
// found is decrypted and compared too, so an index collision (or a row
// tampered into place) cannot answer the wrong user.
export async function findUserByPhone(context: AccountsContext, appId: string, e164: string): Promise<User | null> {
  assertText(appId, 'appId', 64);
  assertE164(e164);
  const rows = await context.db
    .selectFrom('phone_bindings')
    .innerJoin('users', 'users.id', 'phone_bindings.user_id')
    .selectAll('phone_bindings')
    .select([
      'users.id as id',
      'users.platform',
      'users.app_id as user_app_id',
      'users.platform_user_id',
      'users.union_id',
      'users.created_at',
    ])
    .where('phone_bindings.app_id', '=', appId)
    .where('phone_bindings.blind_index', 'in', phoneBlindIndexCandidates(context.keyring, appId, e164))
    .execute();
  for (const row of rows) {
    if (decryptPhone(context.keyring, row).e164 !== e164) continue;
    return toUser({
      id: row.id,
      platform: row.platform,
      app_id: row.user_app_id,
      platform_user_id: row.platform_user_id,
      union_id: row.union_id,
      created_at: row.created_at,
    });
  }
  return null;
}
