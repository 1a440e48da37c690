import { randomBytes } from 'node:crypto';
import { generateAlipaySandboxAppKeys, type AlipaySandboxAppKeys } from './alipay-app-keys';
import { generateAlipaySandboxKeys, type AlipaySandboxKeys } from './keys';

/**
 * One sandbox's identity on every platform it plays: the Alipay app (Alipay's
 * generated key pair, the app's AES key, and the app's own key pair that
 * signs OpenAPI requests such as the login) and the WeChat mini-program
 * (a generated appid and AppSecret the fake WeChat API accepts). Made once
 * per data dir and kept there (loadOrCreateSandboxIdentity), so a restart
 * plays the same platforms; the cluster primary hands it to every worker.
 */
export interface SandboxIdentity {
  readonly alipay: AlipaySandboxKeys & AlipaySandboxAppKeys;
  readonly wechat: { readonly appId: string; readonly appSecret: string };
}

/** A fresh identity (about 200 ms: two RSA-2048 key pairs, Alipay's and the app's). */
export function generateSandboxIdentity(): SandboxIdentity {
  return {
    alipay: { ...generateAlipaySandboxKeys(), ...generateAlipaySandboxAppKeys() },
    wechat: { appId: `wx${randomBytes(8).toString('hex')}`, appSecret: randomBytes(16).toString('hex') },
  };
}

/** Reads an identity written by JSON.stringify (the cluster primary passes one to its workers); undefined if it is not one. */
export function parseSandboxIdentity(text: string): SandboxIdentity | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { alipay, wechat } = value as Partial<Record<'alipay' | 'wechat', Record<string, unknown>>>;
  const strings = (record: Record<string, unknown> | undefined, keys: readonly string[]): boolean =>
    record !== undefined && keys.every((key) => typeof record[key] === 'string' && record[key] !== '');
  const alipayFields = ['appId', 'privateKeyPem', 'publicKeyPem', 'publicKeyBase64', 'publicKeyPkcs1Pem', 'aesKeyBase64'];
  const appKeyFields = ['appPrivateKeyPem', 'appPrivateKeyBase64', 'appPublicKeyPem', 'appPublicKeyBase64'];
  if (!strings(alipay, [...alipayFields, ...appKeyFields])) return undefined;
  if (!strings(wechat, ['appId', 'appSecret'])) return undefined;
  return value as SandboxIdentity;
}
