import { createHmac } from 'node:crypto';
import { AccountsError } from '../errors/accounts-error';
import type { DataKeyring } from '../keys/data-keyring';
import { keyMaterialOf } from './key-material';

export interface BlindIndex {
  readonly keyId: string;
  readonly digest: Buffer;
}

// The app id is part of the input: the same number gets unrelated indexes in
// two apps, so the table cannot be used to link one person across apps.
const input = (appId: string, e164: string): string => ['phonekit-accounts/v1', 'phone', appId, e164].join('\u0000');

/** The HMAC-SHA256 blind index of a phone number in an app, under the current blind-index key. */
export function phoneBlindIndex(keyring: DataKeyring, appId: string, e164: string): BlindIndex {
  const keyId = keyring.currentBlindIndexKeyId;
  const key = keyMaterialOf(keyring).blindIndexKeys.get(keyId);
  if (key === undefined) throw new AccountsError('DATA_KEY_UNKNOWN');
  return { keyId, digest: createHmac('sha256', key).update(input(appId, e164)).digest() };
}

/**
 * The blind index under every key of the keyring: lookups match any, so rows
 * not yet re-indexed by rotateKey() are still found (and still count for the
 * one-user-per-number rule) while a rotation is under way.
 */
export function phoneBlindIndexCandidates(keyring: DataKeyring, appId: string, e164: string): Buffer[] {
  return [...keyMaterialOf(keyring).blindIndexKeys.values()].map((key) =>
    createHmac('sha256', key).update(input(appId, e164)).digest(),
  );
}
