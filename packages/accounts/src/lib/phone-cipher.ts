import type { Selectable } from 'kysely';
import type { PhoneBindingsTable } from '../database/schema';
import { AccountsError } from '../errors/accounts-error';
import type { DataKeyring } from '../keys/data-keyring';
import type { PhoneBinding, PhoneNumberInput } from '../types';
import { decryptField, encryptField, type EncryptedField, type FieldPlace } from './field-cipher';
import { phoneFields } from './phone-input';

// The row's identity is the AAD: a ciphertext copied into another user's
// row (or another app's) does not decrypt there.
const place = (userId: string, appId: string): FieldPlace => ({
  table: 'phone_bindings',
  column: 'ciphertext',
  row: [userId, appId],
});

export function encryptPhone(keyring: DataKeyring, userId: string, appId: string, phone: PhoneNumberInput): EncryptedField {
  return encryptField(keyring, Buffer.from(JSON.stringify(phoneFields(phone)), 'utf8'), place(userId, appId));
}

export function decryptPhone(keyring: DataKeyring, row: Selectable<PhoneBindingsTable>): PhoneBinding {
  const plaintext = decryptField(keyring, { keyId: row.key_id, ciphertext: row.ciphertext }, place(row.user_id, row.app_id));
  let fields: unknown;
  try {
    fields = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw new AccountsError('FIELD_DECRYPTION_FAILED');
  }
  const { e164, countryCode, nationalNumber } = (fields ?? {}) as Record<string, unknown>;
  if (typeof e164 !== 'string' || typeof countryCode !== 'string' || typeof nationalNumber !== 'string') {
    throw new AccountsError('FIELD_DECRYPTION_FAILED');
  }
  return { userId: row.user_id, appId: row.app_id, e164, countryCode, nationalNumber, boundAt: row.bound_at };
}
