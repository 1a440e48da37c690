import { decryptDouyinPhoneData, decryptDouyinPhoneNumber } from '@phonekit/core';
import { ApiError } from '../errors/api-error';
import type { ApiErrorCode, ExpressErrorCode } from '../errors/catalogue';
import { WechatAccessTokens } from '../services/wechat-access-tokens';
import type { WechatAccessToken } from '../services/wechat-api-client';
import type { WechatStore } from '../store/wechat-store';
import { callPlatform, codeText, messageText, unreadable, type PlatformErrors, type PlatformFailure } from './platform-call';
import type { PlatformTransport } from './platform-transport';
import type { LegacyPhoneData, PlatformLogin, SessionPlatformApi } from './session-platform-api';
import type { SessionPlatformConfig } from './session-platforms';

/**
 * Douyin's err_no / error_code values for jscode2session, client_token and
 * get_phonenumber_info, from
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/server/basic-abilities/log-in/code-2-session,
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/server/interface-request-credential/non-user-authorization/get-client_token
 * and the getPhoneNumber code doc (获取手机号).
 */
export const DOUYIN_ERRCODES: ReadonlyMap<string, ExpressErrorCode> = new Map<string, ExpressErrorCode>([
  // jscode2session (err_no)
  ['-1', 'DOUYIN_SYSTEM_BUSY'],
  ['40015', 'DOUYIN_APP_ID_INVALID'],
  ['40017', 'DOUYIN_APP_SECRET_INVALID'],
  ['40018', 'DOUYIN_CODE_INVALID'],
  ['40019', 'DOUYIN_CODE_INVALID'],
  // client_token (data.error_code): 10003 配置无效, 10013 client_key 或者 client_secret 报错, 10020 请求频率过高
  ['10003', 'DOUYIN_APP_ID_INVALID'],
  ['10013', 'DOUYIN_APP_SECRET_INVALID'],
  ['10020', 'DOUYIN_RATE_LIMITED'],
  // get_phonenumber_info (err_no): 28001003 access_token 无效, 28001008 access_token 过期
  // (Douyin's OpenAPI status codes), 28001007 参数不合法 (the code), 28005187 code 已过期
  ['28001003', 'DOUYIN_ACCESS_TOKEN_INVALID'],
  ['28001008', 'DOUYIN_ACCESS_TOKEN_INVALID'],
  ['28001007', 'DOUYIN_CODE_INVALID'],
  ['28005187', 'DOUYIN_CODE_INVALID'],
]);

const ERRORS: PlatformErrors = { platform: 'douyin', codes: DOUYIN_ERRCODES, busy: 'DOUYIN_SYSTEM_BUSY', upstream: 'DOUYIN_UPSTREAM_ERROR' };
const TOKEN_ERRORS: ReadonlySet<ApiErrorCode> = new Set<ApiErrorCode>(['DOUYIN_ACCESS_TOKEN_INVALID']);

/** Douyin reports failures as a non-zero `err_no` (jscode2session, OpenAPI) or `data.error_code` (client_token). */
export function douyinFailureOf(body: Record<string, unknown>): PlatformFailure | undefined {
  const errNo = codeText(body['err_no']);
  if (errNo !== undefined && errNo !== '0') return { code: errNo, msg: messageText(body['err_tips'], body['err_msg']) };
  const data = body['data'];
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const record = data as Record<string, unknown>;
    const errorCode = codeText(record['error_code']);
    if (errorCode !== undefined && errorCode !== '0') return { code: errorCode, msg: messageText(record['description'], body['message']) };
  }
  return undefined;
}

/**
 * Douyin mini-programs. Login: tt.login's code -> jscode2session v2 on
 * developer.toutiao.com. Legacy phone flow: encryptedData + iv, AES-128-CBC
 * under the session_key. Current flow: the button's code ->
 * get_phonenumber_info on open.douyin.com with the app's client_token
 * (cached in the store, one refresh at a time across processes, refreshed
 * and retried once when Douyin refuses it), answered as RSA-encrypted data
 * that the app's private key opens.
 */
export function douyinApi(config: SessionPlatformConfig, transport: PlatformTransport, store: WechatStore): SessionPlatformApi {
  const tokenSource = {
    async fetchAccessToken(): Promise<WechatAccessToken> {
      const body = await callPlatform(
        transport,
        {
          method: 'POST',
          host: 'api',
          path: '/oauth/client_token/',
          query: {},
          body: JSON.stringify({ client_key: config.appId, client_secret: config.appSecret, grant_type: 'client_credential' }),
          contentType: 'application/json',
        },
        'client_token',
        ERRORS,
        douyinFailureOf,
      );
      const data = body['data'];
      const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
      const { access_token: accessToken, expires_in: expiresIn } = record;
      if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number') throw unreadable(ERRORS, 'the client_token request');
      return { accessToken, expiresInSeconds: expiresIn };
    },
  };
  const tokens = new WechatAccessTokens(tokenSource, store, {
    slot: `douyin:${config.appId}`,
    tokenErrors: TOKEN_ERRORS,
    busyError: () => new ApiError('DOUYIN_SYSTEM_BUSY', { message: 'Timed out waiting for another server process to refresh the Douyin client_token.' }),
  });
  return {
    platform: 'douyin',
    config,
    async code2session(code: string): Promise<PlatformLogin> {
      const body = await callPlatform(
        transport,
        {
          method: 'POST',
          host: 'login',
          path: '/api/apps/v2/jscode2session',
          query: {},
          body: JSON.stringify({ appid: config.appId, secret: config.appSecret, code, anonymous_code: '' }),
          contentType: 'application/json',
        },
        'jscode2session',
        ERRORS,
        douyinFailureOf,
      );
      const data = body['data'];
      const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
      const { openid, session_key: sessionKey, unionid } = record;
      if (typeof openid !== 'string' || openid === '' || typeof sessionKey !== 'string' || sessionKey === '') throw unreadable(ERRORS, 'jscode2session');
      return { openid, sessionKey, ...(typeof unionid === 'string' && unionid !== '' ? { unionid } : {}) };
    },
    phoneFromSessionKey(data: LegacyPhoneData) {
      return decryptDouyinPhoneData({ ...data, appId: config.appId, ...(config.maxDataAgeSeconds === undefined ? {} : { maxAgeSeconds: config.maxDataAgeSeconds }) }).phone;
    },
    async phoneFromCode(code: string) {
      const privateKey = config.privateKey;
      if (privateKey === undefined) throw new ApiError('DOUYIN_PRIVATE_KEY_NOT_CONFIGURED');
      const body = await tokens.withToken((accessToken) =>
        callPlatform(
          transport,
          {
            method: 'POST',
            host: 'api',
            path: '/api/apps/v1/get_phonenumber_info/',
            query: {},
            headers: { 'access-token': accessToken },
            body: JSON.stringify({ code }),
            contentType: 'application/json',
          },
          'get_phonenumber_info',
          ERRORS,
          douyinFailureOf,
        ),
      );
      const data = body['data'];
      if (typeof data !== 'string' || data === '') throw unreadable(ERRORS, 'get_phonenumber_info');
      return decryptDouyinPhoneNumber({ data, privateKey, appId: config.appId }).phone;
    },
  };
}
