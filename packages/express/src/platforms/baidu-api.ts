import { decryptBaiduPhoneData } from '@phonekit/core';
import type { ExpressErrorCode } from '../errors/catalogue';
import { callPlatform, codeText, messageText, unreadable, type PlatformErrors, type PlatformFailure } from './platform-call';
import type { PlatformTransport } from './platform-transport';
import type { LegacyPhoneData, PlatformLogin, SessionPlatformApi } from './session-platform-api';
import type { SessionPlatformConfig } from './session-platforms';

/**
 * Baidu's jscode2sessionkey errors (`error` with `error_description`, OAuth
 * 2.0 style), from https://smartprogram.baidu.com/docs/develop/api/open/log_Session-Key/
 * (swan-team/swan-docs source/_posts/develop/api/open/log_Session-Key.md).
 */
export const BAIDU_ERRORS: ReadonlyMap<string, ExpressErrorCode> = new Map<string, ExpressErrorCode>([
  // "unknown client id": the App Key or App Secret is wrong
  ['invalid_client', 'BAIDU_APP_SECRET_INVALID'],
  // the code is unknown, used, expired or another app's
  ['invalid_grant', 'BAIDU_CODE_INVALID'],
  ['unauthorized_client', 'BAIDU_APP_KEY_INVALID'],
]);

const ERRORS: PlatformErrors = { platform: 'baidu', codes: BAIDU_ERRORS, busy: 'BAIDU_SYSTEM_BUSY', upstream: 'BAIDU_UPSTREAM_ERROR' };

/** Baidu reports failures as `error` (or a non-zero `errno`), with `error_description` (or `errmsg`). */
export function baiduFailureOf(body: Record<string, unknown>): PlatformFailure | undefined {
  const errno = codeText(body['errno']);
  const error = codeText(body['error']);
  const code = error ?? (errno !== undefined && errno !== '0' ? errno : undefined);
  return code === undefined ? undefined : { code, msg: messageText(body['error_description'], body['errmsg'], body['error_msg']) };
}

/** Baidu smart programs: swan.getLoginCode's code -> jscode2sessionkey on spapi.baidu.com; the legacy data is AES-192-CBC with Baidu's app-key watermark. */
export function baiduApi(config: SessionPlatformConfig, transport: PlatformTransport): SessionPlatformApi {
  return {
    platform: 'baidu',
    config,
    async code2session(code: string): Promise<PlatformLogin> {
      // POST https://spapi.baidu.com/oauth/jscode2sessionkey, form code, client_id (the App Key), sk (the App Secret)
      const form = new URLSearchParams({ code, client_id: config.appId, sk: config.appSecret }).toString();
      const body = await callPlatform(
        transport,
        { method: 'POST', host: 'login', path: '/oauth/jscode2sessionkey', query: {}, body: form, contentType: 'application/x-www-form-urlencoded' },
        'jscode2sessionkey',
        ERRORS,
        baiduFailureOf,
      );
      const { openid, session_key: sessionKey } = body;
      if (typeof openid !== 'string' || openid === '' || typeof sessionKey !== 'string' || sessionKey === '') throw unreadable(ERRORS, 'jscode2sessionkey');
      return { openid, sessionKey };
    },
    phoneFromSessionKey(data: LegacyPhoneData) {
      return decryptBaiduPhoneData({ ...data, appKey: config.appId }).phone;
    },
  };
}
