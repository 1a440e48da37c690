import { hkdfSync, randomBytes } from 'node:crypto';
import { AccountsError } from '../errors/accounts-error';
import { decodeKey32 } from '../lib/base64-key';
import { attachKeyMaterial } from '../lib/key-material';

/**
 * The keys that protect phone numbers and session secrets at rest, by id.
 * Holds only ids: the key bytes are kept out of reach of logs and
 * `JSON.stringify` (see lib/key-material.ts).
 */
export interface DataKeyring {
  /** The id new rows are encrypted under: the last entry of PHONEKIT_DATA_KEY. */
  readonly currentKeyId: string;
  /** Every data key id that can still decrypt, oldest first. */
  readonly keyIds: readonly string[];
  /** The id of the HMAC key new blind indexes are computed with. */
  readonly currentBlindIndexKeyId: string;
  /** Every blind-index key id lookups try. */
  readonly blindIndexKeyIds: readonly string[];
  /** Whether the blind-index key was derived from the data key (no PHONEKIT_BLIND_INDEX_KEY). */
  readonly blindIndexKeyDerived: boolean;
}

export interface ParseDataKeyringOptions {
  /**
   * PHONEKIT_BLIND_INDEX_KEY: a separate HMAC key (base64 of 32 bytes, or
   * "id:base64"). Without it, a blind-index key is derived from each data key
   * with HKDF, and rotating the data key recomputes the blind indexes too.
   */
  readonly blindIndexKey?: string | undefined;
}

/** The id a bare key (no "id:" prefix) gets. */
export const DEFAULT_DATA_KEY_ID = 'default';
/** The id a bare PHONEKIT_BLIND_INDEX_KEY gets. */
export const DEFAULT_BLIND_INDEX_KEY_ID = 'blind';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
// HKDF labels: one data key yields unrelated keys for the two algorithms,
// so no key is ever used both for AES-GCM and for HMAC.
const HKDF_SALT = 'phonekit-accounts';
const ENCRYPTION_INFO = 'field-encryption/aes-256-gcm/v1';
const BLIND_INDEX_INFO = 'blind-index/hmac-sha256/v1';

const derive = (key: Buffer, info: string): Buffer => Buffer.from(hkdfSync('sha256', key, HKDF_SALT, info, 32));

interface Entry {
  readonly id: string;
  readonly key: Buffer;
}

function parseEntries(text: string, variable: string, defaultId: string, code: 'DATA_KEY_INVALID' | 'BLIND_INDEX_KEY_INVALID'): Entry[] {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) throw new AccountsError(code, { message: `${variable} is empty.` });
  const entries: Entry[] = [];
  for (const [index, part] of parts.entries()) {
    const colon = part.indexOf(':');
    const id = colon === -1 ? defaultId : part.slice(0, colon);
    const keyText = colon === -1 ? part : part.slice(colon + 1);
    const where = `${variable} entry ${index + 1}`;
    if (colon === -1 && parts.length > 1) {
      throw new AccountsError(code, { message: `${where} has no "id:" prefix; with several keys, each needs an id.` });
    }
    if (!KEY_ID.test(id)) {
      throw new AccountsError(code, { message: `${where}: the key id must be 1-32 letters, digits, "-" or "_".` });
    }
    if (entries.some((entry) => entry.id === id)) {
      throw new AccountsError(code, { message: `${where}: the key id "${id}" appears twice.` });
    }
    const key = decodeKey32(keyText);
    if (key === undefined) {
      throw new AccountsError(code, { message: `${where} (id "${id}") is not the base64 of exactly 32 bytes.` });
    }
    entries.push({ id, key });
  }
  return entries;
}

/**
 * Reads PHONEKIT_DATA_KEY (and optionally PHONEKIT_BLIND_INDEX_KEY) into a
 * keyring. The value is either one base64 key (32 bytes; its id is
 * "default") or a list of `id:base64` entries separated by commas or spaces,
 * oldest first: the LAST entry encrypts new rows, every entry still decrypts.
 *
 * From each data key, HKDF-SHA256 derives the AES-256-GCM key; the
 * blind-index HMAC key is PHONEKIT_BLIND_INDEX_KEY when given, and otherwise
 * also derived from each data key (a different HKDF label).
 *
 * @example
 * ```ts
 * const keyring = parseDataKeyring('2025-01:q83v...=,2026-06:Zm9v...=');
 * keyring.currentKeyId; // '2026-06'
 * ```
 */
export function parseDataKeyring(dataKey: string, options: ParseDataKeyringOptions = {}): DataKeyring {
  const dataEntries = parseEntries(dataKey, 'PHONEKIT_DATA_KEY', DEFAULT_DATA_KEY_ID, 'DATA_KEY_INVALID');
  const encryptionKeys = new Map<string, Buffer>();
  const blindIndexKeys = new Map<string, Buffer>();
  for (const entry of dataEntries) {
    encryptionKeys.set(entry.id, derive(entry.key, ENCRYPTION_INFO));
    // Kept even when a separate blind-index key is given, so that rows
    // indexed before it was introduced stay findable until rotateKey().
    blindIndexKeys.set(`derived-${entry.id}`, derive(entry.key, BLIND_INDEX_INFO));
  }
  const current = dataEntries[dataEntries.length - 1];
  if (current === undefined) throw new AccountsError('DATA_KEY_INVALID', { message: 'PHONEKIT_DATA_KEY is empty.' });

  let currentBlindIndexKeyId = `derived-${current.id}`;
  if (options.blindIndexKey !== undefined) {
    const blindEntries = parseEntries(
      options.blindIndexKey,
      'PHONEKIT_BLIND_INDEX_KEY',
      DEFAULT_BLIND_INDEX_KEY_ID,
      'BLIND_INDEX_KEY_INVALID',
    );
    const [blind, ...more] = blindEntries;
    if (blind === undefined || more.length > 0) {
      throw new AccountsError('BLIND_INDEX_KEY_INVALID', { message: 'PHONEKIT_BLIND_INDEX_KEY must hold exactly one key.' });
    }
    if (blind.id.startsWith('derived-')) {
      throw new AccountsError('BLIND_INDEX_KEY_INVALID', { message: 'PHONEKIT_BLIND_INDEX_KEY: ids starting "derived-" are reserved.' });
    }
    blindIndexKeys.set(blind.id, derive(blind.key, BLIND_INDEX_INFO));
    currentBlindIndexKeyId = blind.id;
  }

  const keyring: DataKeyring = Object.freeze({
    currentKeyId: current.id,
    keyIds: Object.freeze(dataEntries.map((entry) => entry.id)),
    currentBlindIndexKeyId,
    blindIndexKeyIds: Object.freeze([...blindIndexKeys.keys()]),
    blindIndexKeyDerived: options.blindIndexKey === undefined,
  });
  attachKeyMaterial(keyring, { encryptionKeys, blindIndexKeys });
  return keyring;
}

/**
 * A new random data key: the base64 of 32 bytes, ready for PHONEKIT_DATA_KEY
 * (alone, or as `id:<it>` appended to a keyring to rotate).
 *
 * @example
 * ```ts
 * const next = `2026-06:${generateDataKey()}`;
 * ```
 */
export function generateDataKey(): string {
  return randomBytes(32).toString('base64');
}
