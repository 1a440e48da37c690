import { AccountsError } from '../errors/accounts-error';
import { phoneBlindIndex } from '../lib/blind-index';
import type { AccountsContext } from '../lib/context';
import { decryptPhone, encryptPhone } from '../lib/phone-cipher';
import { decryptSessionSecret, encryptSessionSecret } from '../lib/session-secret-cipher';
import { assertSessionSecretKind } from '../lib/validate';
import type { KeyRotation, RotateKeyOptions } from '../types';

const DEFAULT_BATCH_SIZE = 500;

/*
 * Re-encrypts every row not yet under the keyring's current key (and
 * re-computes every phone blind index not under the current blind-index key),
 * one batch per transaction: SELECT ... FOR UPDATE, decrypt with the old key,
 * encrypt with the new, UPDATE. Rows a batch has done no longer match, so the
 * loop ends when a batch finds nothing; other processes keep working
 * meanwhile (they decrypt either key as long as their keyring holds both).
 */
export async function rotateKey(context: AccountsContext, options: RotateKeyOptions = {}): Promise<KeyRotation> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new AccountsError('INPUT_INVALID', { message: 'batchSize must be a whole number from 1 to 10000.' });
  }
  const { keyring } = context;
  let phoneBindings = 0;
  let sessionSecrets = 0;
  let batches = 0;

  for (;;) {
    const done = await context.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('phone_bindings')
        .selectAll()
        .where((where) =>
          where.or([
            where('key_id', '<>', keyring.currentKeyId),
            where('blind_index_key_id', '<>', keyring.currentBlindIndexKeyId),
          ]),
        )
        .orderBy('user_id')
        .limit(batchSize)
        .forUpdate()
        .execute();
      for (const row of rows) {
        const phone = decryptPhone(keyring, row);
        const { keyId, ciphertext } = encryptPhone(keyring, row.user_id, row.app_id, phone);
        const blindIndex = phoneBlindIndex(keyring, row.app_id, phone.e164);
        await trx
          .updateTable('phone_bindings')
          .set({ ciphertext, key_id: keyId, blind_index: blindIndex.digest, blind_index_key_id: blindIndex.keyId })
          .where('user_id', '=', row.user_id)
          .execute();
      }
      return rows.length;
    });
    if (done === 0) break;
    phoneBindings += done;
    batches += 1;
  }

  for (;;) {
    const done = await context.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('session_secrets')
        .selectAll()
        .where('key_id', '<>', keyring.currentKeyId)
        .orderBy('session_id')
        .orderBy('kind')
        .limit(batchSize)
        .forUpdate()
        .execute();
      for (const row of rows) {
        const { kind } = row;
        assertSessionSecretKind(kind);
        const secret = decryptSessionSecret(keyring, { ...row, kind });
        const { keyId, ciphertext } = encryptSessionSecret(keyring, row.session_id, kind, secret);
        await trx
          .updateTable('session_secrets')
          .set({ ciphertext, key_id: keyId })
          .where('session_id', '=', row.session_id)
          .where('kind', '=', kind)
          .execute();
      }
      return rows.length;
    });
    if (done === 0) break;
    sessionSecrets += done;
    batches += 1;
  }

  return { keyId: keyring.currentKeyId, blindIndexKeyId: keyring.currentBlindIndexKeyId, phoneBindings, sessionSecrets, batches };
}
