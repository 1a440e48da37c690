import { AccountsError } from '../errors/accounts-error';
import { phoneBlindIndex, phoneBlindIndexCandidates } from '../lib/blind-index';
import type { AccountsContext } from '../lib/context';
import { databaseErrorOf, FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION } from '../lib/database-error';
import { encryptPhone } from '../lib/phone-cipher';
import { assertPhoneNumber, phoneFields } from '../lib/phone-input';
import { isUuid } from '../lib/validate';
import type { PhoneBinding, PhoneNumberInput } from '../types';

const BLIND_INDEX_UNIQUE = 'phone_bindings_app_blind_index_unique';

/*
 * One binding per user (re-binding replaces it: INSERT ... ON CONFLICT
 * (user_id) DO UPDATE) and one user per number per app (the unique
 * (app_id, blind_index) constraint).
 *
 * In one transaction that first locks the user row: two bindings of the same
 * user run one after the other (without the lock, the second could trip the
 * blind-index constraint on the first's uncommitted row, and be told the
 * number belongs to someone else), and an eraseUser running meanwhile either
 * finishes first (USER_NOT_FOUND) or waits. A number held by another user is
 * PHONE_ALREADY_BOUND, whether the check sees the holder or the constraint
 * catches a concurrent binding by another user that the check could not see.
 *
 * The check also matches blind indexes under the keyring's older keys, so the
 * rule holds for rows that rotateKey() has not re-indexed yet.
 */
export async function bindPhone(context: AccountsContext, userId: string, phone: PhoneNumberInput): Promise<PhoneBinding> {
  assertPhoneNumber(phone);
  if (!isUuid(userId)) throw new AccountsError('USER_NOT_FOUND');
  try {
    return await context.db.transaction().execute(async (trx) => {
      const user = await trx.selectFrom('users').select(['id', 'app_id']).where('id', '=', userId).forUpdate().executeTakeFirst();
      if (user === undefined) throw new AccountsError('USER_NOT_FOUND');

      const holder = await trx
        .selectFrom('phone_bindings')
        .select('user_id')
        .where('app_id', '=', user.app_id)
        .where('blind_index', 'in', phoneBlindIndexCandidates(context.keyring, user.app_id, phone.e164))
        .where('user_id', '<>', userId)
        .executeTakeFirst();
      if (holder !== undefined) throw new AccountsError('PHONE_ALREADY_BOUND');

      const { keyId, ciphertext } = encryptPhone(context.keyring, userId, user.app_id, phone);
      const blindIndex = phoneBlindIndex(context.keyring, user.app_id, phone.e164);
      const boundAt = context.clock();
      const columns = {
        ciphertext,
        key_id: keyId,
        blind_index: blindIndex.digest,
        blind_index_key_id: blindIndex.keyId,
        bound_at: boundAt,
      };
      await trx
        .insertInto('phone_bindings')
        .values({ user_id: userId, app_id: user.app_id, ...columns })
        .onConflict((conflict) => conflict.column('user_id').doUpdateSet(columns))
        .execute();
      return { userId, appId: user.app_id, ...phoneFields(phone), boundAt };
    });
  } catch (error) {
    const { code, constraint } = databaseErrorOf(error);
    // no cause kept: the driver's detail text quotes the index value
    if (code === UNIQUE_VIOLATION && constraint === BLIND_INDEX_UNIQUE) throw new AccountsError('PHONE_ALREADY_BOUND');
    if (code === FOREIGN_KEY_VIOLATION) throw new AccountsError('USER_NOT_FOUND');
    throw error;
  }
}
