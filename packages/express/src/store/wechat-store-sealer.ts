import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError } from '../config';

/*
 * What the Redis store writes is never the session or the token itself but
 *
 *   v1.<keyId>.<iv>.<ciphertext>.<tag>       (base64url parts)
 *
 * AES-256-GCM under a key derived with HKDF-SHA256 from the data key
 * PHONEKIT_DATA_KEY entry <keyId> (the newest entry seals, every entry
 * opens), with a random 12-byte IV and the 16-byte tag. The additional data
 * is the version, the key id and the Redis key name, so a value copied under
 * another key name, or relabelled with another key id, fails to open.
 */

const VERSION = 'v1';
// A label of its own: the same data key yields unrelated keys for the
// accounts' phone fields (field-encryption/...) and for this store.
const HKDF_SALT = 'phonekit-wechat-store';
const HKDF_INFO = 'wechat-store/aes-256-gcm/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Why a stored value could not be opened. */
export const UNSEAL_FAILURES = ['unknown-key-id', 'unauthentic', 'malformed'] as const;
export type UnsealFailure = (typeof UNSEAL_FAILURES)[number];

export type Unsealed =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: UnsealFailure; readonly keyId: string | undefined };

/** One PHONEKIT_DATA_KEY entry's 32 bytes (base64 or base64url), or undefined. */
function decodeKey32(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const standard = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Buffer.from(standard, 'base64');
  return bytes.length === 32 && bytes.toString('base64').replace(/=+$/, '') === standard ? bytes : undefined;
}

/**
 * The store's keys from PHONEKIT_DATA_KEY's text: one base64 key (id
 * "default") or `id:base64` entries, oldest first. loadConfig has checked the
 * grammar already; the messages here name the entry, never its value.
 */
function storeKeysOf(dataKey: string): Map<string, Buffer> {
  const parts = dataKey.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) throw new ConfigError('PHONEKIT_DATA_KEY', 'is empty: generate a key with `openssl rand -base64 32`.');
  const keys = new Map<string, Buffer>();
  for (const [index, part] of parts.entries()) {
    const colon = part.indexOf(':');
    const id = colon === -1 ? 'default' : part.slice(0, colon);
    const key = decodeKey32(colon === -1 ? part : part.slice(colon + 1));
    if ((colon === -1 && parts.length > 1) || !KEY_ID.test(id) || keys.has(id) || key === undefined) {
      throw new ConfigError('PHONEKIT_DATA_KEY', `entry ${index + 1} is not "id:base64" of 32 bytes with a unique id: generate a key with \`openssl rand -base64 32\`.`);
    }
    keys.set(id, Buffer.from(hkdfSync('sha256', key, HKDF_SALT, HKDF_INFO, 32)));
  }
  return keys;
}

const additionalData = (keyId: string, name: string): Buffer => Buffer.from(`phonekit-wechat-store\n${VERSION}\n${keyId}\n${name}`, 'utf8');

/**
 * Seals and opens the values the Redis WeChat store keeps, bound to the
 * Redis key name they are kept under. The derived keys live in a private
 * field: neither JSON.stringify nor util.inspect shows them.
 *
 * @example
 * ```ts
 * const sealer = new WechatStoreSealer(config.accounts.dataKey);
 * const sealed = sealer.seal('phonekit:wechat:wx..:access-token', JSON.stringify(token));
 * const opened = sealer.open('phonekit:wechat:wx..:access-token', sealed); // { ok: true, text }
 * ```
 */
export class WechatStoreSealer {
  /** The key id new values are sealed under: the last entry of PHONEKIT_DATA_KEY. */
  readonly currentKeyId: string;
  readonly #keys: ReadonlyMap<string, Buffer>;

  constructor(dataKey: string) {
    this.#keys = storeKeysOf(dataKey);
    this.currentKeyId = [...this.#keys.keys()].at(-1) ?? 'default';
  }

  seal(name: string, text: string): string {
    const key = this.#keys.get(this.currentKeyId);
    if (key === undefined) throw new Error('WechatStoreSealer: no current key');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(this.currentKeyId, name));
    const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return [VERSION, this.currentKeyId, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** Opens a value read from `name`; every failure is an answer, never a throw. */
  open(name: string, sealed: string): Unsealed {
    const parts = sealed.split('.');
    const [version, keyId, ivText, ciphertextText, tagText] = parts;
    if (parts.length !== 5 || version !== VERSION || keyId === undefined || !KEY_ID.test(keyId)) return { ok: false, reason: 'malformed', keyId: undefined };
    if (ivText === undefined || ciphertextText === undefined || tagText === undefined || ![ivText, ciphertextText, tagText].every((part) => BASE64URL.test(part))) {
      return { ok: false, reason: 'malformed', keyId };
    }
    const key = this.#keys.get(keyId);
    if (key === undefined) return { ok: false, reason: 'unknown-key-id', keyId };
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return { ok: false, reason: 'malformed', keyId };
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(keyId, name));
      decipher.setAuthTag(tag);
      const text = Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
      return { ok: true, text };
    } catch {
      // One answer for every authentication failure: tampered, moved, or another key under the same id.
      return { ok: false, reason: 'unauthentic', keyId };
    }
  }
}
