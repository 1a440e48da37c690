import type { DataKeyring } from '../keys/data-keyring';
import type { SessionSecretKind } from '../types';
import { decryptField, encryptField, type EncryptedField, type FieldPlace } from './field-cipher';

const place = (sessionId: string, kind: SessionSecretKind): FieldPlace => ({
  table: 'session_secrets',
  column: 'ciphertext',
  row: [sessionId, kind],
});

export function encryptSessionSecret(keyring: DataKeyring, sessionId: string, kind: SessionSecretKind, secret: string): EncryptedField {
  return encryptField(keyring, Buffer.from(secret, 'utf8'), place(sessionId, kind));
}

export function decryptSessionSecret(
  keyring: DataKeyring,
  row: { readonly session_id: string; readonly kind: SessionSecretKind; readonly key_id: string; readonly ciphertext: Uint8Array },
): string {
  return decryptField(keyring, { keyId: row.key_id, ciphertext: row.ciphertext }, place(row.session_id, row.kind)).toString('utf8');
}
