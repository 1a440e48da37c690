import { createHash, randomBytes } from 'node:crypto';
import { encryptWechatPhoneData, type WechatEncryptedPhoneData } from './encrypt-wechat-phone-data';
import { isSandboxPhone, wechatPhoneInfo } from './wechat-phone-info';

/** The WeChat endpoints the fake plays; `failNext` and the fetch counters name them. */
export const FAKE_WECHAT_ENDPOINTS = ['jscode2session', 'token', 'stable_token', 'getuserphonenumber'] as const;
export type FakeWechatEndpoint = (typeof FAKE_WECHAT_ENDPOINTS)[number];

/** @returns whether `value` names one of the fake's endpoints. */
export function isFakeWechatEndpoint(value: unknown): value is FakeWechatEndpoint {
  return typeof value === 'string' && (FAKE_WECHAT_ENDPOINTS as readonly string[]).includes(value);
}

/**
 * The errcodes WeChat documents for these endpoints, with the errmsg it sends.
 * A code `sandbox-errcode-<n>` (login or phone) makes the fake answer errcode n.
 */
export const FAKE_WECHAT_ERRMSGS: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40013: 'invalid appid',
  40029: 'invalid code',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'risky user, login blocked',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  87009: 'invalid signature',
  1400001: 'the number of phone-number verifications has reached the upper limit of this mini program',
};

/** A WeChat JSON answer: always HTTP 200, errors as `{errcode, errmsg}`. */
export type FakeWechatBody = Record<string, unknown>;

export interface FakeWechatApiOptions {
  readonly appId: string;
  readonly appSecret: string;
  /** Lifetime of access tokens (WeChat: 7200). Tests shorten it to make tokens expire mid-flight. */
  readonly tokenTtlSeconds?: number;
  /** Lifetime of login and phone codes (WeChat: 5 minutes). */
  readonly codeTtlSeconds?: number;
  /** Clock in ms; `advanceClock` adds to it. */
  readonly now?: () => number;
}

interface IssuedCode {
  readonly issuedAt: number;
  used: boolean;
}
interface LoginCode extends IssuedCode {
  readonly user: string;
}
interface PhoneCode extends IssuedCode {
  readonly phone: string;
  readonly countryCodeAsNumber: boolean;
}
interface IssuedToken {
  readonly kind: 'token' | 'stable_token';
  expiresAt: number;
  revoked: boolean;
}
interface UserState {
  readonly openid: string;
  sessionKey: string;
}

/** Counters tests assert on. */
export interface FakeWechatStats {
  /** Tokens handed out by cgi-bin/token and cgi-bin/stable_token together. */
  readonly tokenFetches: number;
  readonly calls: Readonly<Record<FakeWechatEndpoint, number>>;
}

const MAGIC_ERRCODE = /^sandbox-errcode-(-?\d{1,7})$/;

/**
 * Plays WeChat's server side for one mini-program: login codes and phone
 * codes are single-use (40163) and expire after five minutes (40029), each
 * login rotates the user's session_key, access tokens expire (42001) and
 * cgi-bin/token rotates its token (the old one answers 40001), while
 * stable_token hands every caller the same token until it expires or is
 * force-refreshed. Any errcode can be triggered by a magic code or `failNext`.
 *
 * Transport-free: {@link handleFakeWechatRequest} puts it on HTTP.
 *
 * @example
 * ```ts
 * const api = new FakeWechatApi({ appId: 'wx0123456789abcdef', appSecret: 'secret' });
 * const code = api.mintLoginCode('alice');
 * api.jscode2session({ appid: 'wx0123456789abcdef', secret: 'secret', js_code: code, grant_type: 'authorization_code' });
 * ```
 */
export class FakeWechatApi {
  readonly appId: string;
  readonly #appSecret: string;
  readonly #codeTtlMs: number;
  readonly #clock: () => number;
  #tokenTtlSeconds: number;
  #offsetMs = 0;
  readonly #loginCodes = new Map<string, LoginCode>();
  readonly #phoneCodes = new Map<string, PhoneCode>();
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #users = new Map<string, UserState>();
  #currentPlainToken: string | undefined;
  #currentStableToken: string | undefined;
  readonly #failNext = new Map<FakeWechatEndpoint, number[]>();
  #tokenFetches = 0;
  readonly #calls: Record<FakeWechatEndpoint, number> = { jscode2session: 0, token: 0, stable_token: 0, getuserphonenumber: 0 };

  constructor(options: FakeWechatApiOptions) {
    this.appId = options.appId;
    this.#appSecret = options.appSecret;
    this.#tokenTtlSeconds = options.tokenTtlSeconds ?? 7200;
    this.#codeTtlMs = (options.codeTtlSeconds ?? 300) * 1000;
    this.#clock = options.now ?? Date.now;
  }

  /** The fake's current time in ms (its clock plus any `advanceClock`). */
  now(): number {
    return this.#clock() + this.#offsetMs;
  }

  // ---- what the WeChat client does (wx.login, the getPhoneNumber button) ----

  /** What `wx.login` gives the mini-program of `user`: a fresh single-use code. */
  mintLoginCode(user: string): string {
    const code = `login-${randomBytes(12).toString('hex')}`;
    this.#loginCodes.set(code, { user, issuedAt: this.now(), used: false });
    return code;
  }

  /** What the getPhoneNumber button event carries as `code` for the current flow. */
  mintPhoneCode(phone: string, options: { countryCodeAsNumber?: boolean } = {}): string {
    if (!isSandboxPhone(phone)) throw new TypeError('phone must look like 13811112222 or 1-2125550123');
    const code = `phone-${randomBytes(12).toString('hex')}`;
    this.#phoneCodes.set(code, { phone, countryCodeAsNumber: options.countryCodeAsNumber === true, issuedAt: this.now(), used: false });
    return code;
  }

  /**
   * The legacy `encryptedData`/`iv` the button event carries, encrypted with
   * `user`'s CURRENT session_key, as the WeChat client does. Undefined when
   * the user never logged in (there is no session_key yet). `appId` puts
   * another app's id in the watermark (data produced for another mini-program).
   */
  encryptPhoneForUser(user: string, phone: string, options: { appId?: string } = {}): WechatEncryptedPhoneData | undefined {
    const state = this.#users.get(user);
    if (state === undefined) return undefined;
    return encryptWechatPhoneData({ phone, appId: options.appId ?? this.appId, sessionKey: state.sessionKey, timestamp: Math.floor(this.now() / 1000) });
  }

  // ---- the HTTP API (api.weixin.qq.com) ----

  /** GET sns/jscode2session?appid&secret&js_code&grant_type=authorization_code */
  jscode2session(query: Readonly<Record<string, string | undefined>>): FakeWechatBody {
    this.#calls.jscode2session += 1;
    const credentials = this.#checkCredentials(query['appid'], query['secret']);
    if (credentials !== undefined) return credentials;
    if (query['grant_type'] !== 'authorization_code') return this.#error(40002);
    const failure = this.#takeFailure('jscode2session');
    if (failure !== undefined) return this.#error(failure);
    const code = query['js_code'] ?? '';
    if (code === '') return this.#error(41008);
    const magic = MAGIC_ERRCODE.exec(code);
    if (magic !== null) return this.#error(Number(magic[1]));
    const issued = this.#loginCodes.get(code);
    const rejected = this.#checkCode(issued);
    if (rejected !== undefined || issued === undefined) return this.#error(rejected ?? 40029);
    issued.used = true;
    let user = this.#users.get(issued.user);
    if (user === undefined) {
      user = { openid: this.#openidOf(issued.user), sessionKey: '' };
      this.#users.set(issued.user, user);
    }
    // A new login rotates the session_key: data encrypted with the old one no longer opens.
    user.sessionKey = randomBytes(16).toString('base64');
    return { session_key: user.sessionKey, openid: user.openid };
  }

  /** GET cgi-bin/token?grant_type=client_credential&appid&secret: a NEW token each call; the previous one stops working. */
  token(query: Readonly<Record<string, string | undefined>>): FakeWechatBody {
    this.#calls.token += 1;
    const credentials = this.#checkCredentials(query['appid'], query['secret']);
    if (credentials !== undefined) return credentials;
    if (query['grant_type'] !== 'client_credential') return this.#error(40002);
    const failure = this.#takeFailure('token');
    if (failure !== undefined) return this.#error(failure);
    const previous = this.#currentPlainToken === undefined ? undefined : this.#tokens.get(this.#currentPlainToken);
    if (previous !== undefined) previous.revoked = true;
    this.#currentPlainToken = this.#issueToken('token');
    return { access_token: this.#currentPlainToken, expires_in: this.#tokenTtlSeconds };
  }

  /** POST cgi-bin/stable_token {grant_type, appid, secret, force_refresh}: the same token until it expires or force_refresh. */
  stableToken(body: unknown): FakeWechatBody {
    this.#calls.stable_token += 1;
    if (typeof body !== 'object' || body === null) return this.#error(47001);
    const fields = body as Record<string, unknown>;
    const credentials = this.#checkCredentials(stringOrUndefined(fields['appid']), stringOrUndefined(fields['secret']));
    if (credentials !== undefined) return credentials;
    if (fields['grant_type'] !== 'client_credential') return this.#error(40002);
    const failure = this.#takeFailure('stable_token');
    if (failure !== undefined) return this.#error(failure);
    const current = this.#currentStableToken === undefined ? undefined : this.#tokens.get(this.#currentStableToken);
    const usable = current !== undefined && !current.revoked && current.expiresAt > this.now();
    if (this.#currentStableToken !== undefined && current !== undefined && usable && fields['force_refresh'] !== true) {
      return { access_token: this.#currentStableToken, expires_in: Math.floor((current.expiresAt - this.now()) / 1000) };
    }
    if (current !== undefined) current.revoked = true;
    this.#currentStableToken = this.#issueToken('stable_token');
    return { access_token: this.#currentStableToken, expires_in: this.#tokenTtlSeconds };
  }

  /** POST wxa/business/getuserphonenumber?access_token=... {code} */
  getUserPhoneNumber(accessToken: string | undefined, body: unknown): FakeWechatBody {
    this.#calls.getuserphonenumber += 1;
    const tokenProblem = this.#checkToken(accessToken);
    if (tokenProblem !== undefined) return this.#error(tokenProblem);
    const failure = this.#takeFailure('getuserphonenumber');
    if (failure !== undefined) return this.#error(failure);
    const code = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['code'] : undefined;
    if (typeof code !== 'string' || code === '') return this.#error(47001);
    const magic = MAGIC_ERRCODE.exec(code);
    if (magic !== null) return this.#error(Number(magic[1]));
    const issued = this.#phoneCodes.get(code);
    const rejected = this.#checkCode(issued);
    if (rejected !== undefined || issued === undefined) return this.#error(rejected ?? 40029);
    issued.used = true;
    const info = wechatPhoneInfo(issued.phone, { countryCodeAsNumber: issued.countryCodeAsNumber });
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: { ...info, watermark: { timestamp: Math.floor(this.now() / 1000), appid: this.appId } },
    };
  }

  // ---- controls for tests ----

  /** The next `times` calls to `endpoint` answer `errcode` (after the appid/secret/token checks). */
  failNext(endpoint: FakeWechatEndpoint, errcode: number, times = 1): void {
    const queue = this.#failNext.get(endpoint) ?? [];
    for (let i = 0; i < times; i++) queue.push(errcode);
    this.#failNext.set(endpoint, queue);
  }

  /** Lifetime of tokens issued from now on. */
  setTokenTtl(seconds: number): void {
    this.#tokenTtlSeconds = seconds;
  }

  /** Every token issued so far expires now: the next call with one answers 42001. */
  expireTokens(): void {
    const now = this.now();
    for (const token of this.#tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
  }

  /** Moves the fake's clock forward (codes and tokens age with it). */
  advanceClock(seconds: number): void {
    this.#offsetMs += seconds * 1000;
  }

  stats(): FakeWechatStats {
    return { tokenFetches: this.#tokenFetches, calls: { ...this.#calls } };
  }

  // ---- internals ----

  #error(errcode: number): FakeWechatBody {
    const errmsg = FAKE_WECHAT_ERRMSGS[errcode] ?? 'sandbox error';
    return { errcode, errmsg: `${errmsg}, rid: ${randomBytes(6).toString('hex')}` };
  }

  #checkCredentials(appid: string | undefined, secret: string | undefined): FakeWechatBody | undefined {
    if (appid === undefined || appid === '') return this.#error(41002);
    if (appid !== this.appId) return this.#error(40013);
    if (secret === undefined || secret === '') return this.#error(41004);
    if (secret !== this.#appSecret) return this.#error(40125);
    return undefined;
  }

  #checkCode(issued: IssuedCode | undefined): number | undefined {
    if (issued === undefined) return 40029;
    if (issued.used) return 40163;
    if (this.now() - issued.issuedAt > this.#codeTtlMs) return 40029;
    return undefined;
  }

  #checkToken(accessToken: string | undefined): number | undefined {
    if (accessToken === undefined || accessToken === '') return 41001;
    const issued = this.#tokens.get(accessToken);
    if (issued === undefined || issued.revoked) return 40001;
    if (issued.expiresAt <= this.now()) return 42001;
    return undefined;
  }

  #takeFailure(endpoint: FakeWechatEndpoint): number | undefined {
    return this.#failNext.get(endpoint)?.shift();
  }

  #issueToken(kind: IssuedToken['kind']): string {
    this.#tokenFetches += 1;
    const token = `sandbox_${kind}_${randomBytes(24).toString('base64url')}`;
    this.#tokens.set(token, { kind, expiresAt: this.now() + this.#tokenTtlSeconds * 1000, revoked: false });
    return token;
  }

  #openidOf(user: string): string {
    // Stable per app and user, 28 characters like WeChat's.
    return `o${createHash('sha256').update(`${this.appId}:${user}`).digest('base64url').slice(0, 27)}`;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
