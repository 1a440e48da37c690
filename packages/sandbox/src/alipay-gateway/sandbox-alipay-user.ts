import { createHmac } from 'node:crypto';

/** How a sandbox user is known to one app: Alipay's two identifier styles. */
export interface SandboxAlipayUser {
  readonly userName: string;
  /** `2088` + 12 digits, like a real user_id. */
  readonly userId: string;
  /** 47 characters starting with `0`, shaped like a real open_id. */
  readonly openId: string;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The same name always gives the same ids, across restarts and across
 * sandbox identities (the keys are regenerated every run, so the ids are an
 * HMAC of the name, not of the keys). As with Alipay, user_id is the user's
 * everywhere while open_id differs from app to app.
 *
 * @example
 * ```ts
 * sandboxAlipayUser('2021009999000001', 'alice'); // { userName: 'alice', userId: '2088...', openId: '0...' }
 * ```
 */
export function sandboxAlipayUser(appId: string, userName: string, seed = 'phonekit-sandbox-alipay-user'): SandboxAlipayUser {
  const mac = (label: string, scope: string): Buffer => createHmac('sha256', seed).update(`${label}\n${scope}\n${userName}`).digest();
  const idBytes = mac('user_id', '');
  const digits = (idBytes.readBigUInt64BE(0) % 10n ** 12n).toString(10).padStart(12, '0');
  const openBytes = Buffer.concat([mac('open_id', appId), mac('open_id+', appId)]);
  let openId = '0';
  for (let i = 0; openId.length < 47; i++) openId += BASE62.charAt((openBytes[i] ?? 0) % 62);
  return { userName, userId: `2088${digits}`, openId };
}
