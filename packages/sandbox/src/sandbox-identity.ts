import { randomBytes } from 'node:crypto';
import { generateAlipaySandboxAppKeys, type AlipaySandboxAppKeys } from './alipay-app-keys';
import { generateAlipaySandboxKeys, type AlipaySandboxKeys } from './keys';
import {
  generateSandboxMiniProgramApps,
  isSandboxMiniProgramApp,
  SANDBOX_MINI_PROGRAM_PLATFORMS,
  type SandboxBaiduApp,
  type SandboxDouyinApp,
  type SandboxKuaishouApp,
  type SandboxMiniProgramApps,
  type SandboxMiniProgramPlatform,
  type SandboxQqApp,
} from './lib/mini-program-apps';

/**
 * One sandbox's identity on every platform it plays: the Alipay app (Alipay's
 * generated key pair, the app's AES key, and the app's own key pair that
 * signs OpenAPI requests such as the login), the WeChat mini-program (a
 * generated appid and AppSecret the fake WeChat API accepts), and the Douyin,
 * Baidu, QQ and Kuaishou mini-programs (ids and secrets their fakes accept;
 * Douyin's with the app key pair its phone numbers are encrypted to). Made
 * once per data dir and kept there (loadOrCreateSandboxIdentity), so a
 * restart plays the same platforms; the cluster primary hands it to every worker.
 */
export interface SandboxIdentity {
  readonly alipay: AlipaySandboxKeys & AlipaySandboxAppKeys;
  readonly wechat: { readonly appId: string; readonly appSecret: string };
  readonly douyin: SandboxDouyinApp;
  readonly baidu: SandboxBaiduApp;
  readonly qq: SandboxQqApp;
  readonly kuaishou: SandboxKuaishouApp;
}

/** A fresh identity (about 300 ms: three RSA-2048 key pairs, Alipay's, the Alipay app's and the Douyin app's). */
export function generateSandboxIdentity(): SandboxIdentity {
  return {
    alipay: { ...generateAlipaySandboxKeys(), ...generateAlipaySandboxAppKeys() },
    wechat: { appId: `wx${randomBytes(8).toString('hex')}`, appSecret: randomBytes(16).toString('hex') },
    ...generateSandboxMiniProgramApps(),
  };
}

/** Internal: an identity's JSON checked, before the platforms it lacks are filled in. */
export interface InspectedSandboxIdentity {
  readonly value: Readonly<Record<string, unknown>>;
  /** The later platforms the text lacks (an identity written before the sandbox played them). */
  readonly added: readonly SandboxMiniProgramPlatform[];
}

/**
 * Internal: checks an identity written by JSON.stringify. Alipay and WeChat
 * must be whole; a later platform may be absent (named in `added`), but one
 * present and not whole makes the text not an identity (undefined).
 */
export function inspectSandboxIdentity(text: string): InspectedSandboxIdentity | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const { alipay, wechat } = record as Partial<Record<'alipay' | 'wechat', Record<string, unknown>>>;
  const strings = (part: Record<string, unknown> | undefined, keys: readonly string[]): boolean =>
    typeof part === 'object' && part !== null && keys.every((key) => typeof part[key] === 'string' && part[key] !== '');
  const alipayFields = ['appId', 'privateKeyPem', 'publicKeyPem', 'publicKeyBase64', 'publicKeyPkcs1Pem', 'aesKeyBase64'];
  const appKeyFields = ['appPrivateKeyPem', 'appPrivateKeyBase64', 'appPublicKeyPem', 'appPublicKeyBase64'];
  if (!strings(alipay, [...alipayFields, ...appKeyFields])) return undefined;
  if (!strings(wechat, ['appId', 'appSecret'])) return undefined;
  const added = SANDBOX_MINI_PROGRAM_PLATFORMS.filter((platform) => record[platform] === undefined);
  for (const platform of SANDBOX_MINI_PROGRAM_PLATFORMS) {
    if (!added.includes(platform) && !isSandboxMiniProgramApp(platform, record[platform])) return undefined;
  }
  return { value: record, added };
}

/** Internal: the identity with the platforms it lacked taken from `fill` (called only when some are missing). */
export function completeSandboxIdentity(inspected: InspectedSandboxIdentity, fill: () => SandboxMiniProgramApps = generateSandboxMiniProgramApps): SandboxIdentity {
  if (inspected.added.length === 0) return inspected.value as unknown as SandboxIdentity;
  const fresh = fill();
  const filled: Record<string, unknown> = { ...inspected.value };
  for (const platform of inspected.added) filled[platform] = fresh[platform];
  return filled as unknown as SandboxIdentity;
}

/**
 * Reads an identity written by JSON.stringify (the cluster primary passes one
 * to its workers); undefined if it is not one. An older identity with only
 * Alipay and WeChat is accepted: the platforms it lacks are generated afresh
 * (loadOrCreateSandboxIdentity writes them back to the file, so they stay).
 */
export function parseSandboxIdentity(text: string): SandboxIdentity | undefined {
  const inspected = inspectSandboxIdentity(text);
  return inspected === undefined ? undefined : completeSandboxIdentity(inspected);
}
