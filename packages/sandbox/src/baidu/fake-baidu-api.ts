import { SandboxLoginFake, type SandboxLoginFakeStats, type SandboxPhoneEvent } from '../lib/sandbox-login-fake';
import { sandboxOpenidDigest } from '../lib/sandbox-platform-state';
import { FAKE_BAIDU_ENDPOINTS, FAKE_BAIDU_ERRORS, type FakeBaiduEndpoint } from './baidu-errors';
import { encryptBaiduPhoneData } from './encrypt-baidu-data';

/** A Baidu JSON answer. */
export type FakeBaiduBody = Record<string, unknown>;

export interface FakeBaiduApiOptions {
  /** The smart program's App Key (the `client_id`). */
  readonly appKey: string;
  /** The App Secret (the `sk`). */
  readonly appSecret: string;
  /** Lifetime of login codes (Baidu: ten minutes). */
  readonly codeTtlSeconds?: number;
  readonly now?: () => number;
}

export type FakeBaiduStats = SandboxLoginFakeStats<FakeBaiduEndpoint>;
export type FakeBaiduPhoneEvent = SandboxPhoneEvent;

/** `sandbox-errcode-<error>`: a login code that makes the fake answer that OAuth error. */
const MAGIC_ERROR = /^sandbox-errcode-([a-z_]{1,40})$/;

/**
 * Plays Baidu's `spapi.baidu.com/oauth/jscode2sessionkey` for one smart
 * program: login codes are single use and expire after ten minutes, each
 * login rotates the user's 24-byte session_key, and the getPhoneNumber data
 * is AES-192-CBC in Baidu's framing. Any OAuth error can be triggered by a
 * magic code or `failNext`.
 *
 * @example
 * ```ts
 * const api = new FakeBaiduApi({ appKey, appSecret });
 * api.jscode2sessionkey({ code: api.mintLoginCode('alice'), client_id: appKey, sk: appSecret });
 * ```
 */
export class FakeBaiduApi extends SandboxLoginFake<FakeBaiduEndpoint, string> {
  readonly appKey: string;
  readonly #appSecret: string;

  constructor(options: FakeBaiduApiOptions) {
    // swan.login's code: 用户登录凭证（有效期十分钟） (swan-docs source/_posts/develop/api/open/log_swan-login.md);
    // session_key: AESKey = Base64_Decode(session_key), AESKey 是24字节 (log_userdata.md).
    super({ endpoints: FAKE_BAIDU_ENDPOINTS, codeTtlSeconds: options.codeTtlSeconds ?? 600, sessionKeyBytes: 24, now: options.now });
    this.appKey = options.appKey;
    this.#appSecret = options.appSecret;
  }

  /** What `swan.login` gives `user`'s smart program; `appKey` mints it for another smart program (this one refuses it). */
  mintLoginCode(user: string, options: { appKey?: string } = {}): string {
    return this.loginCodes.mint('swan-', user, options.appKey ?? this.appKey);
  }

  /** The getPhoneNumber event detail, encrypted with `user`'s CURRENT session_key; undefined before the first login. `appKey` puts another App Key in the data. */
  phoneEvent(user: string, phone: string, options: { appKey?: string } = {}): FakeBaiduPhoneEvent | undefined {
    const sessionKey = this.sessions.current(user);
    if (sessionKey === undefined) return undefined;
    return { errMsg: 'getPhoneNumber:ok', ...encryptBaiduPhoneData({ phone, appKey: options.appKey ?? this.appKey, sessionKey }) };
  }

  /** POST spapi.baidu.com/oauth/jscode2sessionkey {code, client_id, sk} (form) */
  jscode2sessionkey(fields: Readonly<Record<string, string | undefined>>): FakeBaiduBody {
    this.called('jscode2sessionkey');
    const code = fields['code'] ?? '';
    const clientId = fields['client_id'] ?? '';
    const sk = fields['sk'] ?? '';
    if (code === '' || clientId === '' || sk === '') return this.errorBody('invalid_request');
    // “client_id”、“client_secret”参数无效 are both invalid_client in Baidu's OAuth error list.
    if (clientId !== this.appKey || sk !== this.#appSecret) return this.errorBody('invalid_client');
    const failure = this.queuedFailure('jscode2sessionkey');
    if (failure !== undefined) return this.errorBody(failure);
    const magic = MAGIC_ERROR.exec(code);
    if (magic !== null) return this.errorBody(magic[1] ?? 'invalid_request');
    const redeemed = this.loginCodes.redeem(code, this.appKey);
    // Authorization Code无效(一个授权码只能使用一次): invalid_grant, for an expired, used, unknown or other app's code.
    if (!redeemed.ok) return this.errorBody('invalid_grant');
    return { openid: this.#openidOf(redeemed.payload), session_key: this.sessions.rotate(redeemed.payload) };
  }

  /** Baidu's error answer for `error`. */
  errorBody(error: string): FakeBaiduBody {
    return { error, error_description: FAKE_BAIDU_ERRORS[error] ?? 'sandbox error' };
  }

  #openidOf(user: string): string {
    // 用户身份标识，由 appid 和 uid 生成 (log_Session-Key.md); 26 characters like Baidu's.
    return sandboxOpenidDigest(this.appKey, user).toString('base64url').slice(0, 26);
  }
}
