import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AccountsError } from '../errors/accounts-error';
import type { DataKeyring } from '../keys/data-keyring';
import { keyMaterialOf } from './key-material';

/** A field as stored: which key encrypted it, and version | iv | tag | ciphertext. */
export interface EncryptedField {
  readonly keyId: string;
  readonly ciphertext: Buffer;
}

/**
 * Where a field lives. It becomes the AES-GCM additional data, so a
 * ciphertext only decrypts in the row (and column) it was written for:
 * copied to another user's row, it fails authentication.
 */
export interface FieldPlace {
  readonly table: string;
  readonly column: string;
  /** The row's identity, e.g. [userId, appId]. */
  readonly row: readonly string[];
}

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

function additionalData(place: FieldPlace, keyId: string): Buffer {
  return Buffer.from(['phonekit-accounts/v1', place.table, place.column, keyId, ...place.row].join('\u0000'), 'utf8');
}

/** Encrypts under the keyring's current key. */
export function encryptField(keyring: DataKeyring, plaintext: Uint8Array, place: FieldPlace): EncryptedField {
  const keyId = keyring.currentKeyId;
  const key = keyMaterialOf(keyring).encryptionKeys.get(keyId);
  if (key === undefined) throw new AccountsError('DATA_KEY_UNKNOWN');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(place, keyId));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { keyId, ciphertext: Buffer.concat([Buffer.of(FORMAT_VERSION), iv, cipher.getAuthTag(), body]) };
}

/**
 * Decrypts a stored field. Every failure past the key lookup (wrong place,
 * altered bytes, wrong key under the right id) ends in the same
 * FIELD_DECRYPTION_FAILED, with no detail to tell them apart.
 */
export function decryptField(keyring: DataKeyring, field: { readonly keyId: string; readonly ciphertext: Uint8Array }, place: FieldPlace): Buffer {
  const key = keyMaterialOf(keyring).encryptionKeys.get(field.keyId);
  if (key === undefined) {
    throw new AccountsError('DATA_KEY_UNKNOWN', {
      message: `A stored row is encrypted under key id "${field.keyId}", which is not in PHONEKIT_DATA_KEY.`,
    });
  }
  const bytes = Buffer.from(field.ciphertext);
  try {
    if (bytes.length < HEADER_BYTES || bytes[0] !== FORMAT_VERSION) throw new Error('bad header');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(place, field.keyId));
    decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, HEADER_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    // no cause kept: which check failed is exactly what must not be told
  }
  throw new AccountsError('FIELD_DECRYPTION_FAILED');
}
