import { SandboxLoginFake, type SandboxAppOptions, type SandboxLoginFakeStats, type SandboxPhoneEvent } from '../lib/sandbox-login-fake';
import { magicErrcode, sandboxOpenidDigest } from '../lib/sandbox-platform-state';
import { encryptKuaishouPhoneData } from './encrypt-kuaishou-phone-data';
import { FAKE_KUAISHOU_ENDPOINTS, FAKE_KUAISHOU_ERRORS, type FakeKuaishouEndpoint } from './kuaishou-errors';

/** A Kuaishou JSON answer (always HTTP 200). */
export type FakeKuaishouBody = Record<string, unknown>;

/** `appId`: the mini-program's app_id (`ks` + 18 digits); `codeTtlSeconds`: 5 minutes. */
export type FakeKuaishouApiOptions = SandboxAppOptions;
export type FakeKuaishouStats = SandboxLoginFakeStats<FakeKuaishouEndpoint>;
export type FakeKuaishouPhoneEvent = SandboxPhoneEvent;

/**
 * Plays Kuaishou's `open.kuaishou.com/oauth2/mp/code2session` for one
 * mini-program: login codes are single use and expire after five minutes,
 * each login rotates the user's session_key (ks.login 接口会导致 session_key 被刷新,
 * https://open.kuaishou.com/miniGameDocs/gameDev/open-function/login.html), the
 * phone data is AES-128-CBC. Any `result` can be triggered by a magic code or `failNext`.
 *
 * @example
 * ```ts
 * const api = new FakeKuaishouApi({ appId: 'ks123456789012345678', appSecret });
 * api.code2session({ app_id: 'ks123456789012345678', app_secret: appSecret, js_code: api.mintLoginCode('alice') });
 * ```
 */
export class FakeKuaishouApi extends SandboxLoginFake<FakeKuaishouEndpoint, number> {
  readonly appId: string;
  readonly #appSecret: string;

  constructor(options: FakeKuaishouApiOptions) {
    // Kuaishou's mini-game login guide: code 临时登录凭证 … 5分钟 (https://game-docs.kwai.com/minigame/guide/open-function/login.html).
    super({ endpoints: FAKE_KUAISHOU_ENDPOINTS, codeTtlSeconds: options.codeTtlSeconds ?? 300, sessionKeyBytes: 16, now: options.now });
    this.appId = options.appId;
    this.#appSecret = options.appSecret;
  }

  /** What `ks.login` gives `user`'s mini-program; `appId` mints it for another mini-program (this one refuses it). */
  mintLoginCode(user: string, options: { appId?: string } = {}): string {
    return this.loginCodes.mint('ks-', user, options.appId ?? this.appId);
  }

  /**
   * The getPhoneNumber event detail, encrypted with `user`'s CURRENT
   * session_key; undefined before the first login. `watermark` adds
   * WeChat's watermark (with `appId`, or this app's id).
   */
  phoneEvent(user: string, phone: string, options: { appId?: string; watermark?: boolean } = {}): FakeKuaishouPhoneEvent | undefined {
    const sessionKey = this.sessions.current(user);
    if (sessionKey === undefined) return undefined;
    const watermark = options.watermark === true || options.appId !== undefined ? { appId: options.appId ?? this.appId, timestamp: this.clock.seconds() } : undefined;
    return { errMsg: 'getPhoneNumber:ok', ...encryptKuaishouPhoneData({ phone, sessionKey, ...(watermark === undefined ? {} : { watermark }) }) };
  }

  /** POST open.kuaishou.com/oauth2/mp/code2session {app_id, app_secret, js_code} (form) */
  code2session(fields: Readonly<Record<string, string | undefined>>): FakeKuaishouBody {
    this.called('code2session');
    const appId = fields['app_id'] ?? '';
    const appSecret = fields['app_secret'] ?? '';
    const code = fields['js_code'] ?? '';
    if (appId === '' || appSecret === '' || code === '') return this.errorBody(100200100);
    if (appId !== this.appId || appSecret !== this.#appSecret) return this.errorBody(100200101);
    const failure = this.queuedFailure('code2session');
    if (failure !== undefined) return this.errorBody(failure);
    const magic = magicErrcode(code);
    if (magic !== undefined) return this.errorBody(magic);
    const redeemed = this.loginCodes.redeem(code, this.appId);
    if (!redeemed.ok) return this.errorBody(100200100);
    return { result: 1, session_key: this.sessions.rotate(redeemed.payload), open_id: this.#openidOf(redeemed.payload) };
  }

  /** Kuaishou's error answer: `{result, error_msg}` (result ≠ 1). */
  errorBody(result: number): FakeKuaishouBody {
    return { result, error_msg: FAKE_KUAISHOU_ERRORS[result] ?? 'sandbox error' };
  }

  #openidOf(user: string): string {
    return sandboxOpenidDigest(this.appId, user).toString('hex').slice(0, 32);
  }
}
