import { decryptKuaishouPhoneData } from '@phonekit/core';
import type { ExpressErrorCode } from '../errors/catalogue';
import { callPlatform, codeText, messageText, unreadable, type PlatformErrors, type PlatformFailure } from './platform-call';
import type { PlatformTransport } from './platform-transport';
import type { LegacyPhoneData, PlatformLogin, SessionPlatformApi } from './session-platform-api';
import type { SessionPlatformConfig } from './session-platforms';

/**
 * Kuaishou's code2session result codes (`result` 1 is success): 100200100
 * "参数有误" (a missing parameter, or a js_code that is bad, used, expired or
 * another app's) and 100200101 "验证出错" (app_id and app_secret do not
 * match). https://mp.kuaishou.com/docs/develop/server/code2Session.html; the
 * codes as Kuaishou's getAccessToken page documents them for its OAuth API.
 */
export const KUAISHOU_RESULT_CODES: ReadonlyMap<string, ExpressErrorCode> = new Map<string, ExpressErrorCode>([
  ['100200100', 'KUAISHOU_CODE_INVALID'],
  ['100200101', 'KUAISHOU_APP_SECRET_INVALID'],
]);

const ERRORS: PlatformErrors = { platform: 'kuaishou', codes: KUAISHOU_RESULT_CODES, busy: 'KUAISHOU_SYSTEM_BUSY', upstream: 'KUAISHOU_UPSTREAM_ERROR' };

/** Kuaishou reports failures as a `result` other than 1, with `error_msg`. */
export function kuaishouFailureOf(body: Record<string, unknown>): PlatformFailure | undefined {
  const code = codeText(body['result']);
  if (code === '1') return undefined;
  return { code: code ?? 'missing', msg: messageText(body['error_msg'], body['errmsg']) };
}

/** Kuaishou mini-programs: ks.login's code -> code2session on open.kuaishou.com; the legacy data is AES-128-CBC under the session_key. */
export function kuaishouApi(config: SessionPlatformConfig, transport: PlatformTransport): SessionPlatformApi {
  return {
    platform: 'kuaishou',
    config,
    async code2session(code: string): Promise<PlatformLogin> {
      // POST https://open.kuaishou.com/oauth2/mp/code2session, form app_id, app_secret, js_code
      const form = new URLSearchParams({ app_id: config.appId, app_secret: config.appSecret, js_code: code }).toString();
      const body = await callPlatform(
        transport,
        { method: 'POST', host: 'login', path: '/oauth2/mp/code2session', query: {}, body: form, contentType: 'application/x-www-form-urlencoded' },
        'code2session',
        ERRORS,
        kuaishouFailureOf,
      );
      const { open_id: openid, session_key: sessionKey } = body;
      if (typeof openid !== 'string' || openid === '' || typeof sessionKey !== 'string' || sessionKey === '') throw unreadable(ERRORS, 'code2session');
      return { openid, sessionKey };
    },
    phoneFromSessionKey(data: LegacyPhoneData) {
      return decryptKuaishouPhoneData({ ...data, appId: config.appId, ...(config.maxDataAgeSeconds === undefined ? {} : { maxAgeSeconds: config.maxDataAgeSeconds }) }).phone;
    },
  };
}
