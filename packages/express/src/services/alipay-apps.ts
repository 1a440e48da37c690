import { PhonekitError, isAlipaySignType, loadAlipayAesKey, loadAlipayPublicKey } from '@phonekit/core';
import { ConfigError, assertNoUnsignedAppSharesAesKey, type AlipayAppConfig } from '../config';
import { ApiError } from '../errors/api-error';

/** One Alipay app given in code: keys as text (bare base64 or PEM), as the console shows them. */
export interface AlipayAppInput {
  /** Required when more than one app is given. */
  readonly appId?: string;
  /** 支付宝公钥: bare base64 SPKI, a PEM, or the alipayCertPublicKey_RSA2.crt text. */
  readonly publicKey?: string;
  /** The AES key (接口内容加密方式), base64. */
  readonly aesKey: string;
  readonly signType?: 'RSA2' | 'RSA';
  /** Development only: accept payloads that carry no sign. */
  readonly allowUnsigned?: boolean;
}

/**
 * Parses apps given in code (rather than by loadConfig from the environment)
 * into what alipayRouter takes; throws ConfigError naming the app and field.
 *
 * @example
 * ```ts
 * const apps = defineAlipayApps([{ publicKey: process.env.MY_ALIPAY_PUBLIC_KEY ?? '', aesKey: process.env.MY_AES_KEY ?? '' }]);
 * app.use('/api/alipay', alipayRouter({ alipayApps: apps }));
 * ```
 */
export function defineAlipayApps(inputs: readonly AlipayAppInput[]): ReadonlyMap<string, AlipayAppConfig> {
  const apps = new Map<string, AlipayAppConfig>();
  inputs.forEach((input, i) => {
    const at = `apps[${i}]${input.appId === undefined ? '' : ` (${input.appId})`}`;
    if (inputs.length > 1 && (input.appId ?? '') === '') throw new ConfigError(`${at}.appId`, 'is required when several apps are given.');
    const signType = input.signType ?? 'RSA2';
    if (!isAlipaySignType(signType)) throw new ConfigError(`${at}.signType`, 'must be RSA2 or RSA.');
    const load = <T>(field: string, fn: () => T): T => {
      try {
        return fn();
      } catch (err) {
        if (err instanceof PhonekitError) throw new ConfigError(`${at}.${field}`, `${err.message} ${err.hint}`);
        throw err;
      }
    };
    const publicKey = (input.publicKey ?? '').trim() === '' ? undefined : load('publicKey', () => loadAlipayPublicKey(input.publicKey ?? ''));
    if (publicKey === undefined && input.allowUnsigned !== true) throw new ConfigError(`${at}.publicKey`, 'is required to verify signatures (支付宝公钥).');
    const aesKey = load('aesKey', () => loadAlipayAesKey(input.aesKey));
    const appId = (input.appId ?? '') === '' ? undefined : input.appId;
    if (apps.has(appId ?? '')) throw new ConfigError(`${at}.appId`, 'is given twice.');
    apps.set(appId ?? '', { appId, publicKey, aesKey, signType, allowUnsigned: input.allowUnsigned === true });
  });
  assertNoUnsignedAppSharesAesKey(apps, (key) => {
    const i = inputs.findIndex((input) => (input.appId ?? '') === key);
    return `apps[${i}]${key === '' ? '' : ` (${key})`}.allowUnsigned`;
  });
  return apps;
}

/**
 * Picks the app a request is for. Keys are isolated per appId: a payload is
 * only ever checked with the keys of the app it names.
 */
export function resolveAlipayApp(apps: ReadonlyMap<string, AlipayAppConfig>, requestedAppId: string | undefined): AlipayAppConfig {
  if (apps.size === 0) throw new ApiError('APP_NOT_CONFIGURED', { message: 'No Alipay app is configured on this server.' });
  if (requestedAppId !== undefined && requestedAppId !== '') {
    const app = apps.get(requestedAppId) ?? (apps.size === 1 ? apps.get('') : undefined);
    if (app === undefined) {
      throw new ApiError('APP_NOT_CONFIGURED', { message: `No Alipay app "${requestedAppId.slice(0, 40)}" is configured on this server.` });
    }
    return app;
  }
  if (apps.size === 1) {
    const only = apps.values().next();
    if (only.done !== true) return only.value;
  }
  throw new ApiError('APP_ID_REQUIRED');
}
