import type { AccountsContext } from '../lib/context';
import { decryptPhone } from '../lib/phone-cipher';
import { isUuid } from '../lib/validate';
import type { PhoneBinding } from '../types';

export async function phoneOf(context: AccountsContext, userId: string): Promise<PhoneBinding | null> {
  if (!isUuid(userId)) return null;
  const row = await context.db.selectFrom('phone_bindings').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row === undefined ? null : decryptPhone(context.keyring, row);
}
