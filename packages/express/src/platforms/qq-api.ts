import { decryptQqPhoneData } from '@phonekit/core';
import type { ExpressErrorCode } from '../errors/catalogue';
import { callPlatform, codeText, messageText, unreadable, type PlatformErrors, type PlatformFailure } from './platform-call';
import type { PlatformTransport } from './platform-transport';
import type { LegacyPhoneData, PlatformLogin, SessionPlatformApi } from './session-platform-api';
import type { SessionPlatformConfig } from './session-platforms';

/**
 * QQ's jscode2session errcodes (WeChat-shaped: `{errcode, errmsg}`). QQ's
 * page (https://q.qq.com/wiki/develop/miniprogram/server/open_port/port_login.html#code2session)
 * documents -1, 40029 and 45011; the appid, secret and missing-parameter
 * codes are WeChat's, which QQ's API shares. Others (40002 grant_type,
 * 43001 method, -1009) are phonekit's own mistakes if they ever come:
 * QQ_UPSTREAM_ERROR.
 */
export const QQ_ERRCODES: ReadonlyMap<string, ExpressErrorCode> = new Map<string, ExpressErrorCode>([
  ['-1', 'QQ_SYSTEM_BUSY'],
  ['40029', 'QQ_CODE_INVALID'],
  ['41008', 'QQ_CODE_INVALID'],
  ['45011', 'QQ_RATE_LIMITED'],
  ['40013', 'QQ_APP_ID_INVALID'],
  ['41002', 'QQ_APP_ID_INVALID'],
  ['40125', 'QQ_APP_SECRET_INVALID'],
  ['41004', 'QQ_APP_SECRET_INVALID'],
]);

const ERRORS: PlatformErrors = { platform: 'qq', codes: QQ_ERRCODES, busy: 'QQ_SYSTEM_BUSY', upstream: 'QQ_UPSTREAM_ERROR' };

/** QQ reports failures as a non-zero `errcode`. */
export function qqFailureOf(body: Record<string, unknown>): PlatformFailure | undefined {
  const code = codeText(body['errcode']);
  return code === undefined || code === '0' ? undefined : { code, msg: messageText(body['errmsg']) };
}

/** QQ mini-programs: qq.login's code -> jscode2session on api.q.qq.com; the legacy data is WeChat-shaped AES-128-CBC. */
export function qqApi(config: SessionPlatformConfig, transport: PlatformTransport): SessionPlatformApi {
  return {
    platform: 'qq',
    config,
    async code2session(code: string): Promise<PlatformLogin> {
      // GET https://api.q.qq.com/sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code
      const query = { appid: config.appId, secret: config.appSecret, js_code: code, grant_type: 'authorization_code' };
      const body = await callPlatform(transport, { method: 'GET', host: 'login', path: '/sns/jscode2session', query }, 'jscode2session', ERRORS, qqFailureOf);
      const { openid, session_key: sessionKey, unionid } = body;
      if (typeof openid !== 'string' || openid === '' || typeof sessionKey !== 'string' || sessionKey === '') throw unreadable(ERRORS, 'jscode2session');
      return { openid, sessionKey, ...(typeof unionid === 'string' && unionid !== '' ? { unionid } : {}) };
    },
    phoneFromSessionKey(data: LegacyPhoneData) {
      return decryptQqPhoneData({ ...data, appId: config.appId, ...(config.maxDataAgeSeconds === undefined ? {} : { maxAgeSeconds: config.maxDataAgeSeconds }) }).phone;
    },
  };
}
