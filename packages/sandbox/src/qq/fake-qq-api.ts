import { SandboxLoginFake, type SandboxAppOptions, type SandboxLoginFakeStats, type SandboxPhoneEvent } from '../lib/sandbox-login-fake';
import { magicErrcode, sandboxOpenidDigest, sandboxUnionDigest } from '../lib/sandbox-platform-state';
import { encryptQqPhoneData } from './encrypt-qq-phone-data';
import { FAKE_QQ_ENDPOINTS, FAKE_QQ_ERRORS, type FakeQqEndpoint } from './qq-errors';

/** A QQ JSON answer (always HTTP 200). */
export type FakeQqBody = Record<string, unknown>;

/** `appId`: the mini-program's appid (10 digits); `codeTtlSeconds`: 5 minutes, as WeChat's (QQ names none). */
export type FakeQqApiOptions = SandboxAppOptions;
export type FakeQqStats = SandboxLoginFakeStats<FakeQqEndpoint>;
export type FakeQqPhoneEvent = SandboxPhoneEvent;

/**
 * Plays QQ's `api.q.qq.com/sns/jscode2session` for one mini-program: login
 * codes are single use and expire after five minutes (40029), each login
 * rotates the user's session_key, the phone data is WeChat's AES-128-CBC.
 * Any errcode can be triggered by a magic code or `failNext`.
 *
 * @example
 * ```ts
 * const api = new FakeQqApi({ appId: '1109876543', appSecret });
 * api.jscode2session({ appid: '1109876543', secret: appSecret, js_code: api.mintLoginCode('alice'), grant_type: 'authorization_code' });
 * ```
 */
export class FakeQqApi extends SandboxLoginFake<FakeQqEndpoint, number> {
  readonly appId: string;
  readonly #appSecret: string;

  constructor(options: FakeQqApiOptions) {
    super({ endpoints: FAKE_QQ_ENDPOINTS, codeTtlSeconds: options.codeTtlSeconds ?? 300, sessionKeyBytes: 16, now: options.now });
    this.appId = options.appId;
    this.#appSecret = options.appSecret;
  }

  /** What `qq.login` gives `user`'s mini-program; `appId` mints it for another mini-program (this one refuses it: 40029). */
  mintLoginCode(user: string, options: { appId?: string } = {}): string {
    return this.loginCodes.mint('qq-', user, options.appId ?? this.appId);
  }

  /** The getPhoneNumber event detail, encrypted with `user`'s CURRENT session_key; undefined before the first login. */
  phoneEvent(user: string, phone: string, options: { appId?: string } = {}): FakeQqPhoneEvent | undefined {
    const sessionKey = this.sessions.current(user);
    if (sessionKey === undefined) return undefined;
    return { errMsg: 'getPhoneNumber:ok', ...encryptQqPhoneData({ phone, appId: options.appId ?? this.appId, sessionKey, timestamp: this.clock.seconds() }) };
  }

  /** GET api.q.qq.com/sns/jscode2session?appid&secret&js_code&grant_type=authorization_code */
  jscode2session(query: Readonly<Record<string, string | undefined>>): FakeQqBody {
    this.called('jscode2session');
    const appid = query['appid'] ?? '';
    const secret = query['secret'] ?? '';
    if (appid === '') return this.errorBody(41002);
    if (appid !== this.appId) return this.errorBody(40013);
    if (secret === '') return this.errorBody(41004);
    if (secret !== this.#appSecret) return this.errorBody(40125);
    if (query['grant_type'] !== 'authorization_code') return this.errorBody(40002);
    const failure = this.queuedFailure('jscode2session');
    if (failure !== undefined) return this.errorBody(failure);
    const code = query['js_code'] ?? '';
    if (code === '') return this.errorBody(41008);
    const magic = magicErrcode(code);
    if (magic !== undefined) return this.errorBody(magic);
    const redeemed = this.loginCodes.redeem(code, this.appId);
    // QQ names one errcode for a bad code: 40029 code 无效 (used, expired, unknown or another app's).
    if (!redeemed.ok) return this.errorBody(40029);
    const user = redeemed.payload;
    return { errcode: 0, errmsg: '', openid: this.#openidOf(user), session_key: this.sessions.rotate(user), uin: '', unionid: unionidOf(user) };
  }

  /**
   * QQ's error answer: every field present, the unused ones empty, as QQ
   * answered in https://cloud.tencent.com/developer/ask/223988
   * (`{"errcode":-1009,"errmsg":"","openid":"","session_key":"","uin":"","unionid":""}`).
   */
  errorBody(errcode: number): FakeQqBody {
    return { errcode, errmsg: FAKE_QQ_ERRORS[errcode] ?? 'sandbox error', openid: '', session_key: '', uin: '', unionid: '' };
  }

  #openidOf(user: string): string {
    // QQ openids are 32 upper-case hex digits.
    return sandboxOpenidDigest(this.appId, user).toString('hex').slice(0, 32).toUpperCase();
  }
}

function unionidOf(user: string): string {
  return `UID_${sandboxUnionDigest(user).toString('hex').slice(0, 32).toUpperCase()}`;
}
