import type { AccountsContext } from '../lib/context';
import { toConsent } from '../lib/rows';
import { isUuid } from '../lib/validate';
import type { Consent } from '../types';

export async function consentsOf(context: AccountsContext, userId: string): Promise<Consent[]> {
  if (!isUuid(userId)) return [];
  const rows = await context.db
    .selectFrom('consents')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('agreed_at')
    .orderBy('id')
    .execute();
  return rows.map(toConsent);
}
