import { AccountsError } from '../errors/accounts-error';

/**
 * The key bytes behind a DataKeyring. They live here, in a module-private
 * WeakMap, rather than on the keyring object, so that logging, inspecting or
 * serialising a keyring can only ever show key ids.
 */
export interface KeyMaterial {
  /** AES-256-GCM keys by key id (each derived with HKDF from a data key). */
  readonly encryptionKeys: ReadonlyMap<string, Buffer>;
  /** HMAC-SHA256 keys by blind-index key id. */
  readonly blindIndexKeys: ReadonlyMap<string, Buffer>;
}

const materials = new WeakMap<object, KeyMaterial>();

export function attachKeyMaterial(keyring: object, material: KeyMaterial): void {
  materials.set(keyring, material);
}

export function keyMaterialOf(keyring: object): KeyMaterial {
  const material = materials.get(keyring);
  if (material === undefined) {
    throw new AccountsError('INPUT_INVALID', { message: 'keyring: pass a keyring made by parseDataKeyring.' });
  }
  return material;
}
