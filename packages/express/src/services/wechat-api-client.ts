import { isRecord } from '@phonekit/core';
import type { WechatTokenEndpoint } from '../config';
import { ApiError } from '../errors/api-error';
import { wechatError, wechatFailureOf } from './wechat-errcode';
import type { WechatHttpRequest, WechatTransport } from './wechat-transport';

export interface WechatApiClientOptions {
  readonly appId: string;
  readonly appSecret: string;
  /** How requests reach WeChat (fetchWechatTransport in production). */
  readonly transport: WechatTransport;
  readonly tokenEndpoint: WechatTokenEndpoint;
}

/** What jscode2session answers. */
export interface WechatLogin {
  readonly openid: string;
  readonly sessionKey: string;
  readonly unionid?: string;
}

export interface WechatAccessToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

/** getuserphonenumber's phone_info. */
export interface WechatPhoneInfo {
  readonly phoneNumber: string;
  readonly purePhoneNumber: string;
  readonly countryCode: string | number;
  readonly watermark: { readonly appid: string; readonly timestamp: number };
}

const unreachable = (cause: unknown): ApiError =>
  new ApiError('WECHAT_SYSTEM_BUSY', { message: 'WeChat could not be reached (network error or timeout).', cause });

const unreadable = (what: string): ApiError =>
  new ApiError('WECHAT_UPSTREAM_ERROR', { message: `WeChat's answer to ${what} is not what its documentation describes.` });

/**
 * The WeChat server API over HTTP (fetch): the three calls the phone flows
 * need. Every errcode becomes a catalogued ApiError; the secret and
 * tokens only ever travel to WeChat.
 */
export class WechatApiClient {
  readonly #options: WechatApiClientOptions;

  constructor(options: WechatApiClientOptions) {
    this.#options = options;
  }

  /** sns/jscode2session: exchanges a wx.login code for openid and session_key. */
  async jscode2session(code: string): Promise<WechatLogin> {
    const query = { appid: this.#options.appId, secret: this.#options.appSecret, js_code: code, grant_type: 'authorization_code' };
    const body = await this.#call('jscode2session', { method: 'GET', path: '/sns/jscode2session', query });
    const { openid, session_key: sessionKey, unionid } = body;
    if (typeof openid !== 'string' || typeof sessionKey !== 'string') throw unreadable('jscode2session');
    return { openid, sessionKey, ...(typeof unionid === 'string' ? { unionid } : {}) };
  }

  /** cgi-bin/stable_token (POST JSON) or cgi-bin/token (GET), as configured. */
  async fetchAccessToken(options: { forceRefresh?: boolean } = {}): Promise<WechatAccessToken> {
    const { appId, appSecret } = this.#options;
    const body =
      this.#options.tokenEndpoint === 'stable'
        ? await this.#call('stable_token', {
            method: 'POST',
            path: '/cgi-bin/stable_token',
            query: {},
            body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: options.forceRefresh === true }),
          })
        : await this.#call('token', { method: 'GET', path: '/cgi-bin/token', query: { grant_type: 'client_credential', appid: appId, secret: appSecret } });
    const { access_token: accessToken, expires_in: expiresIn } = body;
    if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number') throw unreadable('the access token request');
    return { accessToken, expiresInSeconds: expiresIn };
  }

  /**
   * wxa/business/getuserphonenumber: the button's code to phone_info. With
   * `openid` (the logged-in user's), WeChat also checks that the code was
   * issued to that user: the body field `openid`, "用户openid，填入后会校验openid和code的绑定关系"
   * (https://developers.weixin.qq.com/miniprogram/dev/server/API/user-info/phone-number/api_getphonenumber.md).
   */
  async getUserPhoneNumber(accessToken: string, code: string, openid?: string): Promise<WechatPhoneInfo> {
    const body = await this.#call('getuserphonenumber', {
      method: 'POST',
      path: '/wxa/business/getuserphonenumber',
      query: { access_token: accessToken },
      body: JSON.stringify(openid === undefined ? { code } : { code, openid }),
    });
    const info = body['phone_info'];
    if (!isRecord(info)) throw unreadable('getuserphonenumber');
    const { phoneNumber, purePhoneNumber, countryCode, watermark } = info;
    const mark = isRecord(watermark) ? watermark : {};
    if (typeof purePhoneNumber !== 'string' || (typeof countryCode !== 'string' && typeof countryCode !== 'number')) throw unreadable('getuserphonenumber');
    return {
      phoneNumber: typeof phoneNumber === 'string' ? phoneNumber : purePhoneNumber,
      purePhoneNumber,
      countryCode,
      watermark: { appid: typeof mark['appid'] === 'string' ? mark['appid'] : '', timestamp: typeof mark['timestamp'] === 'number' ? mark['timestamp'] : 0 },
    };
  }

  async #call(what: string, request: WechatHttpRequest): Promise<Record<string, unknown>> {
    let status: number;
    let body: unknown;
    try {
      ({ status, body } = await this.#options.transport(request));
    } catch (err) {
      throw unreachable(err);
    }
    if (body === undefined && status >= 500) throw unreachable(new Error(`HTTP ${status}`));
    if (!isRecord(body)) throw unreadable(what);
    const failure = wechatFailureOf(body);
    if (failure !== undefined) throw wechatError(failure.code, failure.msg);
    if (status < 200 || status >= 300) throw unreadable(what);
    return body;
  }
}
