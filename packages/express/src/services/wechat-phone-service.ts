import { createHash, randomBytes } from 'node:crypto';
import { decryptWechatData, normalisePhoneParts, type NormalisedPhone } from '@phonekit/core';
import type { WechatConfig } from '../config';
import { ApiError } from '../errors/api-error';
import type { WechatStore } from '../store/wechat-store';
import type { WechatAccessTokens } from './wechat-access-tokens';
import type { WechatApiClient, WechatLogin } from './wechat-api-client';

/** What POST /api/wechat/login answers: an opaque token, nothing derived from openid or session_key. */
export interface WechatLoginResult {
  readonly sessionToken: string;
  readonly expiresIn: number;
}

export interface WechatLegacyPhoneInput {
  readonly encryptedData: string;
  readonly iv: string;
  readonly sessionToken: string | undefined;
}

/** The store keys sessions by a digest, so a dump of the store holds no usable tokens. */
function sessionIdOf(sessionToken: string): string {
  return createHash('sha256').update(sessionToken).digest('base64url');
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Both WeChat phone-number flows. Without accounts, the session_key from
 * jscode2session stays in the store; with accounts, the router keeps it
 * encrypted as the session's secret. The client only ever holds a random
 * session token.
 */
export class WechatPhoneService {
  readonly #config: WechatConfig;
  readonly #client: WechatApiClient;
  readonly #tokens: WechatAccessTokens;
  readonly #store: WechatStore;

  constructor(deps: { config: WechatConfig; client: WechatApiClient; tokens: WechatAccessTokens; store: WechatStore }) {
    this.#config = deps.config;
    this.#client = deps.client;
    this.#tokens = deps.tokens;
    this.#store = deps.store;
  }

  /** wx.login code -> jscode2session: who the user is, and the session_key of this login. */
  exchangeLoginCode(code: string): Promise<WechatLogin> {
    return this.#client.jscode2session(code);
  }

  /** Without accounts: wx.login code -> jscode2session -> a new session in the store; answers its token. */
  async login(code: string): Promise<WechatLoginResult> {
    const login = await this.exchangeLoginCode(code);
    const sessionToken = randomBytes(32).toString('base64url');
    await this.#store.saveSession(
      sessionIdOf(sessionToken),
      { openid: login.openid, sessionKey: login.sessionKey, ...(login.unionid === undefined ? {} : { unionid: login.unionid }), createdAt: Date.now() },
      this.#config.sessionTtlSeconds,
    );
    return { sessionToken, expiresIn: this.#config.sessionTtlSeconds };
  }

  /**
   * Current flow: the button's code -> getuserphonenumber (with the cached
   * access token, retried once on 40001/42001). With the logged-in user's
   * openid, WeChat checks the code is theirs.
   */
  async phoneFromCode(code: string, openid?: string): Promise<NormalisedPhone> {
    const info = await this.#tokens.withToken((accessToken) => this.#client.getUserPhoneNumber(accessToken, code, openid));
    if (info.watermark.appid !== '' && info.watermark.appid !== this.#config.appId) {
      throw new ApiError('WECHAT_WATERMARK_MISMATCH');
    }
    return normalisePhoneParts(info.countryCode, info.purePhoneNumber);
  }

  /** Legacy flow: encryptedData/iv, decrypted with the session_key of the caller's session; watermark.appid checked. */
  async phoneFromEncryptedData(input: WechatLegacyPhoneInput): Promise<NormalisedPhone> {
    if (input.sessionToken === undefined || input.sessionToken === '') {
      throw new ApiError('WECHAT_SESSION_INVALID', {
        message: 'No session token: send "Authorization: Bearer <sessionToken>" (or a "sessionToken" field) from POST /api/wechat/login.',
      });
    }
    const session = TOKEN_SHAPE.test(input.sessionToken) ? await this.#store.loadSession(sessionIdOf(input.sessionToken)) : undefined;
    if (session === undefined) throw new ApiError('WECHAT_SESSION_INVALID');
    return this.phoneFromSessionKey({ encryptedData: input.encryptedData, iv: input.iv, sessionKey: session.sessionKey });
  }

  /** Legacy flow, whoever holds the session_key (the store, or the accounts' encrypted session secret): decrypts and checks watermark.appid. */
  phoneFromSessionKey(input: { readonly encryptedData: string; readonly iv: string; readonly sessionKey: string }): NormalisedPhone {
    const { phone } = decryptWechatData({
      encryptedData: input.encryptedData,
      iv: input.iv,
      sessionKey: input.sessionKey,
      appId: this.#config.appId,
      ...(this.#config.maxDataAgeSeconds === undefined ? {} : { maxAgeSeconds: this.#config.maxDataAgeSeconds }),
    });
    return phone;
  }
}
