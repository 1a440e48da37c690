import { PhonekitError } from '@phonekit/core';
import type { AlipayAppConfig } from '../config';

/**
 * Picks the app a request is for. Keys are isolated per appId: a payload is
 * only ever checked with the keys of the app it names.
 */
export function resolveAlipayApp(apps: ReadonlyMap<string, AlipayAppConfig>, requestedAppId: string | undefined): AlipayAppConfig {
  if (requestedAppId !== undefined && requestedAppId !== '') {
    const app = apps.get(requestedAppId) ?? (apps.size === 1 ? apps.get('') : undefined);
    if (app === undefined) {
      throw new PhonekitError('APP_NOT_CONFIGURED', { message: `No Alipay app "${requestedAppId.slice(0, 40)}" is configured on this server.` });
    }
    return app;
  }
  if (apps.size === 1) {
    const only = apps.values().next();
    if (only.done !== true) return only.value;
  }
  throw new PhonekitError('APP_ID_REQUIRED');
}
