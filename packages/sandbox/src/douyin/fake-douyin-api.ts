import { randomBytes } from 'node:crypto';
import type { EncryptedOpenData } from '../lib/encrypt-open-data';
import {
  FailureQueues,
  magicErrcode,
  SandboxClock,
  SandboxCodes,
  sandboxLogId,
  sandboxOpenidDigest,
  SandboxSessions,
  sandboxUnionDigest,
  type CodeRefusal,
} from '../lib/sandbox-platform-state';
import { isSandboxPhone } from '../wechat/wechat-phone-info';
import { FAKE_DOUYIN_ERRORS, type FakeDouyinEndpoint } from './douyin-errors';
import { encryptDouyinPhoneData, encryptDouyinPhoneNumberInfo } from './encrypt-douyin-phone-data';

/** A Douyin JSON answer (always HTTP 200 from the API itself). */
export type FakeDouyinBody = Record<string, unknown>;

export interface FakeDouyinApiOptions {
  /** The mini-program's appid (`tt` + 16 hex), also the client_key of client_token. */
  readonly appId: string;
  readonly appSecret: string;
  /** The app public key the developer uploaded (get_phonenumber_info encrypts to it). */
  readonly appPublicKeyPem: string;
  /** Lifetime of client tokens (Douyin: 7200). */
  readonly tokenTtlSeconds?: number;
  /** Lifetime of login and phone codes (Douyin: 5 minutes). */
  readonly codeTtlSeconds?: number;
  /** Clock in ms; `advanceClock` adds to it. */
  readonly now?: () => number;
}

/** Counters tests assert on. */
export interface FakeDouyinStats {
  /** client_token calls that handed out a token. */
  readonly tokenFetches: number;
  readonly calls: Readonly<Record<FakeDouyinEndpoint, number>>;
}

/** The getPhoneNumber event detail of the current flow (base library 3.51.0+): the `code` and the legacy data. */
export interface FakeDouyinPhoneEvent extends EncryptedOpenData {
  readonly errMsg: 'getPhoneNumber:ok';
  readonly code: string;
}

interface IssuedToken {
  readonly token: string;
  expiresAt: number;
  revoked: boolean;
}

// Douyin keeps the previous client_token alive five more minutes after a new
// one is issued, and only the latest two at all
// (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/server/interface-request-credential/non-user-authorization/get-client_token:
// 重复获取 client_token 后会使上次的 client_token 失效(但有 5 分钟的缓冲时间,连续多次获取 client_token 只会保留最新的两个 client_token)).
const PREVIOUS_TOKEN_GRACE_MS = 5 * 60 * 1000;

const EMPTY_SESSION = { session_key: '', openid: '', anonymous_openid: '', unionid: '' } as const;

/**
 * Plays Douyin's server side for one mini-program
 * (`developer.toutiao.com/api/apps/v2/jscode2session`,
 * `open.douyin.com/oauth/client_token/`,
 * `open.douyin.com/api/apps/v1/get_phonenumber_info/`): login, anonymous and
 * phone codes are single use and expire after five minutes, each login
 * rotates the user's session_key, client tokens expire (28001008) and a new
 * one leaves the previous alive five more minutes (then 28001003), phone
 * numbers come back RSA-encrypted to the app's public key. Any documented
 * err_no can be triggered by a magic code or `failNext`.
 *
 * Transport-free: {@link handleFakeDouyinRequest} puts it on HTTP.
 *
 * @example
 * ```ts
 * const api = new FakeDouyinApi({ appId: 'tt0123456789abcdef', appSecret: 'secret', appPublicKeyPem });
 * api.jscode2session({ appid: 'tt0123456789abcdef', secret: 'secret', code: api.mintLoginCode('alice'), anonymous_code: '' });
 * ```
 */
export class FakeDouyinApi {
  readonly appId: string;
  readonly #appSecret: string;
  readonly #appPublicKeyPem: string;
  readonly #clock: SandboxClock;
  #tokenTtlSeconds: number;
  readonly #loginCodes: SandboxCodes<string>;
  readonly #anonymousCodes: SandboxCodes<string>;
  readonly #phoneCodes: SandboxCodes<string>;
  readonly #sessions = new SandboxSessions(16);
  readonly #tokens: IssuedToken[] = [];
  readonly #failNext = new FailureQueues<FakeDouyinEndpoint, number>();
  #tokenFetches = 0;
  readonly #calls: Record<FakeDouyinEndpoint, number> = { jscode2session: 0, client_token: 0, get_phonenumber_info: 0 };

  constructor(options: FakeDouyinApiOptions) {
    this.appId = options.appId;
    this.#appSecret = options.appSecret;
    this.#appPublicKeyPem = options.appPublicKeyPem;
    this.#clock = new SandboxClock(options.now);
    this.#tokenTtlSeconds = options.tokenTtlSeconds ?? 7200;
    // tt.login's code: 有效期 5 分钟 (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/open-interface/log-in/tt-login);
    // the phone code: 每个code有效期为5分钟,且只能消费一次 (the new-phone-method page above).
    const ttl = options.codeTtlSeconds ?? 300;
    this.#loginCodes = new SandboxCodes(this.#clock, ttl);
    this.#anonymousCodes = new SandboxCodes(this.#clock, ttl);
    this.#phoneCodes = new SandboxCodes(this.#clock, ttl);
  }

  /** The fake's current time in ms. */
  now(): number {
    return this.#clock.now();
  }

  // ---- what the Douyin client does (tt.login, the getPhoneNumber button) ----

  /** What `tt.login` gives `user`'s mini-program as `code`; `appId` mints it for another app (this one then refuses it). */
  mintLoginCode(user: string, options: { appId?: string } = {}): string {
    return this.#loginCodes.mint('tt-login-', user, options.appId ?? this.appId);
  }

  /** What `tt.login` gives as `anonymousCode` on `device` (the same device, the same anonymous_openid). */
  mintAnonymousCode(device: string, options: { appId?: string } = {}): string {
    return this.#anonymousCodes.mint('tt-anon-', device, options.appId ?? this.appId);
  }

  /** The getPhoneNumber button's `code` for `phone` (`13811112222` or `1-2125550123`). */
  mintPhoneCode(phone: string, options: { appId?: string } = {}): string {
    if (!isSandboxPhone(phone)) throw new TypeError('phone must look like 13811112222 or 1-2125550123');
    return this.#phoneCodes.mint('tt-phone-', phone, options.appId ?? this.appId);
  }

  /**
   * The whole getPhoneNumber event detail: a fresh `code` and the legacy
   * `encryptedData`/`iv` encrypted with `user`'s CURRENT session_key.
   * Undefined before `user` ever logged in. `appId` puts another app's id in
   * the watermark.
   */
  phoneEvent(user: string, phone: string, options: { appId?: string } = {}): FakeDouyinPhoneEvent | undefined {
    const sessionKey = this.#sessions.current(user);
    if (sessionKey === undefined) return undefined;
    const legacy = encryptDouyinPhoneData({ phone, appId: options.appId ?? this.appId, sessionKey, timestamp: this.#clock.seconds() });
    return { errMsg: 'getPhoneNumber:ok', code: this.mintPhoneCode(phone), ...legacy };
  }

  // ---- the HTTP API ----

  /** POST developer.toutiao.com/api/apps/v2/jscode2session {appid, secret, code, anonymous_code} */
  jscode2session(fields: Readonly<Record<string, string | undefined>> | undefined): FakeDouyinBody {
    this.#calls.jscode2session += 1;
    const appid = fields?.['appid'] ?? '';
    const secret = fields?.['secret'] ?? '';
    if (appid === '' || secret === '') return this.#sessionError(40014);
    if (appid !== this.appId) return this.#sessionError(40015);
    if (secret !== this.#appSecret) return this.#sessionError(40017);
    const failure = this.#failNext.take('jscode2session');
    if (failure !== undefined) return this.#sessionError(failure);
    const code = fields?.['code'] ?? '';
    const anonymousCode = fields?.['anonymous_code'] ?? '';
    if (code === '' && anonymousCode === '') return this.#sessionError(40014);
    const magic = magicErrcode(code) ?? magicErrcode(anonymousCode);
    if (magic !== undefined) return this.#sessionError(magic);

    let user: string | undefined;
    if (code !== '') {
      const redeemed = this.#loginCodes.redeem(code, this.appId);
      if (!redeemed.ok) return this.#sessionError(40018);
      user = redeemed.payload;
    }
    let device: string | undefined;
    if (anonymousCode !== '') {
      const redeemed = this.#anonymousCodes.redeem(anonymousCode, this.appId);
      if (!redeemed.ok) return this.#sessionError(40019);
      device = redeemed.payload;
    }
    // A new login rotates the session_key (session_key 会随着login接口的调用被刷新, code-2-session page).
    return {
      err_no: 0,
      err_tips: 'success',
      log_id: sandboxLogId(this.now()),
      data: {
        session_key: user === undefined ? '' : this.#sessions.rotate(user),
        openid: user === undefined ? '' : this.#openidOf(user),
        anonymous_openid: device === undefined ? '' : this.#anonymousOpenidOf(device),
        unionid: user === undefined ? '' : unionidOf(user),
      },
    };
  }

  /** POST open.douyin.com/oauth/client_token/ {client_key, client_secret, grant_type: "client_credential"} */
  clientToken(fields: Readonly<Record<string, string | undefined>> | undefined): FakeDouyinBody {
    this.#calls.client_token += 1;
    const clientKey = fields?.['client_key'] ?? '';
    const clientSecret = fields?.['client_secret'] ?? '';
    if (clientKey === '' || clientSecret === '' || fields?.['grant_type'] !== 'client_credential') return this.#tokenError(10002);
    if (clientKey !== this.appId) return this.#tokenError(10003);
    if (clientSecret !== this.#appSecret) return this.#tokenError(10013);
    const failure = this.#failNext.take('client_token');
    if (failure !== undefined) return this.#tokenError(failure);

    const now = this.now();
    const previous = this.#tokens.at(-1);
    if (previous !== undefined) previous.expiresAt = Math.min(previous.expiresAt, now + PREVIOUS_TOKEN_GRACE_MS);
    for (const older of this.#tokens.slice(0, -1)) older.revoked = true;
    const token = `clt.${randomBytes(20).toString('hex')}${randomBytes(12).toString('base64url')}`;
    this.#tokens.push({ token, expiresAt: now + this.#tokenTtlSeconds * 1000, revoked: false });
    this.#tokenFetches += 1;
    return { data: { access_token: token, description: '', error_code: 0, expires_in: this.#tokenTtlSeconds }, message: 'success' };
  }

  /** POST open.douyin.com/api/apps/v1/get_phonenumber_info/ with header `access-token`, body {code} */
  getPhoneNumberInfo(accessToken: string | undefined, fields: Readonly<Record<string, string | undefined>> | undefined): FakeDouyinBody {
    this.#calls.get_phonenumber_info += 1;
    const issued = accessToken === undefined || accessToken === '' ? undefined : this.#tokens.find((token) => token.token === accessToken);
    if (issued === undefined || issued.revoked) return this.#phoneError(28001003);
    if (issued.expiresAt <= this.now()) return this.#phoneError(28001008);
    const failure = this.#failNext.take('get_phonenumber_info');
    if (failure !== undefined) return this.#phoneError(failure);
    const code = fields?.['code'] ?? '';
    if (code === '') return this.#phoneError(28001007);
    const magic = magicErrcode(code);
    if (magic !== undefined) return this.#phoneError(magic);
    const redeemed = this.#phoneCodes.redeem(code, this.appId);
    if (!redeemed.ok) return this.#phoneError(phoneRefusalErrNo(redeemed.refusal));
    const data = encryptDouyinPhoneNumberInfo({ phone: redeemed.payload, appId: this.appId, appPublicKeyPem: this.#appPublicKeyPem, timestamp: this.#clock.seconds() });
    return { err_no: 0, err_msg: '', log_id: sandboxLogId(this.now()), data };
  }

  // ---- controls for tests ----

  /** The next `times` calls to `endpoint` answer `errNo` (after the appid/secret/token checks). */
  failNext(endpoint: FakeDouyinEndpoint, errNo: number, times = 1): void {
    this.#failNext.push(endpoint, errNo, times);
  }

  /** Lifetime of client tokens issued from now on. */
  setTokenTtl(seconds: number): void {
    this.#tokenTtlSeconds = seconds;
  }

  /** Every token issued so far expires now: the next call with one answers 28001008. */
  expireTokens(): void {
    const now = this.now();
    for (const token of this.#tokens) token.expiresAt = Math.min(token.expiresAt, now);
  }

  /** Moves the fake's clock forward (codes and tokens age with it). */
  advanceClock(seconds: number): void {
    this.#clock.advance(seconds);
  }

  stats(): FakeDouyinStats {
    return { tokenFetches: this.#tokenFetches, calls: { ...this.#calls } };
  }

  /** The error body `endpoint` answers for `errNo` (the handler answers a wrong HTTP method with it). */
  errorBody(endpoint: FakeDouyinEndpoint, errNo: number): FakeDouyinBody {
    if (endpoint === 'jscode2session') return this.#sessionError(errNo);
    if (endpoint === 'client_token') return this.#tokenError(errNo);
    return this.#phoneError(errNo);
  }

  // ---- internals ----

  #sessionError(errNo: number): FakeDouyinBody {
    // The doc's error example keeps `data` with every field empty.
    return { err_no: errNo, err_tips: FAKE_DOUYIN_ERRORS.jscode2session[errNo] ?? 'sandbox error', log_id: sandboxLogId(this.now()), data: { ...EMPTY_SESSION } };
  }

  #tokenError(errorCode: number): FakeDouyinBody {
    // The doc's abnormal example: {"data": {"captcha": "", "desc_url": "", "description": "配置无效", "error_code": 10003}, "message": "error"}.
    return { data: { captcha: '', desc_url: '', description: FAKE_DOUYIN_ERRORS.client_token[errorCode] ?? 'sandbox error', error_code: errorCode }, message: 'error' };
  }

  #phoneError(errNo: number): FakeDouyinBody {
    return { err_no: errNo, err_msg: FAKE_DOUYIN_ERRORS.get_phonenumber_info[errNo] ?? 'sandbox error', log_id: sandboxLogId(this.now()), data: '' };
  }

  #openidOf(user: string): string {
    // Douyin openids look like `_000` followed by base64url-ish characters.
    return `_000${sandboxOpenidDigest(this.appId, user).toString('base64url').slice(0, 40)}`;
  }

  #anonymousOpenidOf(device: string): string {
    return `_000${sandboxOpenidDigest(this.appId, `anonymous:${device}`).toString('base64url').slice(0, 40)}`;
  }
}

/** A unionid shaped like Douyin's example (a UUID), stable per user. */
function unionidOf(user: string): string {
  const hex = sandboxUnionDigest(user).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function phoneRefusalErrNo(refusal: CodeRefusal): number {
  // Used or expired: 28005187; unknown, or minted for another app: the code is simply not valid here.
  return refusal === 'used' || refusal === 'expired' ? 28005187 : 28001007;
}
