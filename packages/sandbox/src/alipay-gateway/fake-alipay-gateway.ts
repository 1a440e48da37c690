import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { GATEWAY_ERRORS, NO_KEY_FOR_SIGN_TYPE, invalidSignatureBody, isKnownGatewaySubCode, type GatewayErrorBody } from './gateway-errors';
import { openApiSignContent } from './openapi-sign-content';
import { sandboxAlipayUser, type SandboxAlipayUser } from './sandbox-alipay-user';

/** The one OpenAPI method the fake gateway plays: the login's code exchange. */
export const FAKE_ALIPAY_OAUTH_METHOD = 'alipay.system.oauth.token';
const RESPONSE_KEY = 'alipay_system_oauth_token_response';
const ERROR_KEY = 'error_response';

/** Which user identifiers the app gets: new apps only open_id (the default), older ones user_id. */
export type FakeAlipayUserIdentity = 'open_id' | 'user_id' | 'both';
export type FakeAlipaySignType = 'RSA2' | 'RSA';

export interface FakeAlipayGatewayOptions {
  readonly appId: string;
  /** The application public key (应用公钥) uploaded to the console: verifies request signatures. */
  readonly appPublicKeyPem: string;
  /** Alipay's private key for this app: signs the answers (its public half is the 支付宝公钥). */
  readonly alipayPrivateKeyPem: string;
  /** The app's 接口加签方式: requests must use it and answers are signed with it. RSA2 when absent. */
  readonly signType?: FakeAlipaySignType;
  readonly userIdentity?: FakeAlipayUserIdentity;
  /**
   * Certificate mode (公钥证书): requests must carry these app_cert_sn and
   * alipay_root_cert_sn, and signed answers carry alipay_cert_sn.
   */
  readonly certificate?: { readonly appCertSn: string; readonly alipayRootCertSn: string; readonly alipayCertSn: string };
  /** Lifetime of auth codes: five minutes, like Alipay's my.getAuthCode codes. */
  readonly authCodeTtlSeconds?: number;
  /** expires_in of access tokens (1296000, 15 days, when absent). */
  readonly accessTokenTtlSeconds?: number;
  /** re_expires_in of refresh tokens (2592000, 30 days, when absent). */
  readonly refreshTokenTtlSeconds?: number;
  /**
   * How far the request `timestamp` may be from the fake's clock. Alipay
   * documents no window; the fake is strict (15 minutes) so that a clock or
   * a time-zone slip (UTC sent as Beijing time) shows in tests. Infinity
   * accepts any well-formed timestamp.
   */
  readonly timestampToleranceSeconds?: number;
  /** HMAC key of the user ids; the same seed and name always give the same ids. */
  readonly userSeed?: string;
  /** Clock in ms; `advanceClock` adds to it. */
  readonly now?: () => number;
}

/** One request to gateway.do, transport-free: common parameters in the query, the rest in a form body (or all in either). */
export interface FakeAlipayGatewayRequest {
  readonly method: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The raw body ('' when none): application/x-www-form-urlencoded. */
  readonly body: string;
  readonly contentType?: string;
}

/** What the gateway answers: always HTTP 200, the text exactly as signed. */
export interface FakeAlipayGatewayAnswer {
  readonly status: number;
  readonly contentType: string;
  /** `{"alipay_system_oauth_token_response":{...},"sign":"..."}` or `{"error_response":{...},"sign":"..."}`. */
  readonly text: string;
}

/** An error to answer on demand. Known sub_codes fill in code, msg and sub_msg. */
export interface FakeAlipayFailure {
  readonly subCode: string;
  readonly code?: string;
  readonly msg?: string;
  readonly subMsg?: string;
}

export interface FakeAlipayGatewayStats {
  readonly calls: number;
  readonly tokensIssued: number;
  /** Error answers by sub_code. */
  readonly errors: Readonly<Record<string, number>>;
}

interface Issued {
  readonly userName: string;
  readonly issuedAt: number;
  used: boolean;
}

const USER_NAME = /^[\w.@-]{1,64}$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;
const DIGEST: Readonly<Record<FakeAlipaySignType, 'sha256' | 'sha1'>> = { RSA2: 'sha256', RSA: 'sha1' };

const two = (n: number): string => String(n).padStart(2, '0');

function beijingTime(ms: number): string {
  const t = new Date(ms + BEIJING_OFFSET_MS);
  return `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`;
}

/** `yyyy-MM-dd HH:mm:ss` read as Beijing time, or undefined when it is not one (2024-02-30 included). */
function parseBeijingTime(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if (y === undefined || mo === undefined || d === undefined || h === undefined || mi === undefined || s === undefined) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - BEIJING_OFFSET_MS;
  return beijingTime(ms) === text ? ms : undefined;
}

/**
 * Plays Alipay's OpenAPI gateway (openapi.alipay.com/gateway.do) for one
 * app, for the login: `mintAuthCode` is what my.getAuthCode gives the
 * mini-program (single use, five minutes), and `handleGatewayRequest`
 * answers alipay.system.oauth.token as the gateway does: it checks the
 * common parameters and the request signature with the APP public key (the
 * sign string rebuilt from what arrived), then exchanges the code for
 * deterministic user ids and fresh tokens, and signs its answer with
 * Alipay's private key over the exact text of the response object. Errors
 * are the gateway's: isv.code-invalid for a wrong, used or expired code,
 * isv.invalid-signature (its sub_msg naming the string it verified),
 * isv.invalid-app-id (unsigned: the gateway has no key for an unknown app),
 * and any other on demand with `failNext`.
 *
 * Transport-free: {@link handleFakeAlipayRequest} puts it on HTTP.
 *
 * @example
 * ```ts
 * const gateway = new FakeAlipayGateway({ appId, appPublicKeyPem, alipayPrivateKeyPem });
 * const authCode = gateway.mintAuthCode('alice');
 * const { text } = gateway.handleGatewayRequest({ method: 'POST', query: {}, body: new URLSearchParams(signedParams).toString() });
 * ```
 */
export class FakeAlipayGateway {
  readonly appId: string;
  readonly signType: FakeAlipaySignType;
  readonly userIdentity: FakeAlipayUserIdentity;
  readonly certificateMode: boolean;
  readonly #appPublicKey: KeyObject;
  readonly #alipayPrivateKey: KeyObject;
  readonly #certificate: FakeAlipayGatewayOptions['certificate'];
  readonly #authCodeTtlMs: number;
  readonly #accessTokenTtl: number;
  readonly #refreshTokenTtl: number;
  readonly #toleranceMs: number;
  readonly #seed: string | undefined;
  readonly #clock: () => number;
  #offsetMs = 0;
  readonly #authCodes = new Map<string, Issued>();
  readonly #refreshTokens = new Map<string, Issued>();
  readonly #failNext: FakeAlipayFailure[] = [];
  #calls = 0;
  #tokensIssued = 0;
  readonly #errors: Record<string, number> = {};

  constructor(options: FakeAlipayGatewayOptions) {
    if (!/^\d{1,32}$/.test(options.appId)) throw new TypeError('appId must be digits, like 2021009999000001.');
    this.appId = options.appId;
    this.signType = options.signType ?? 'RSA2';
    this.userIdentity = options.userIdentity ?? 'open_id';
    this.#certificate = options.certificate;
    this.certificateMode = options.certificate !== undefined;
    this.#appPublicKey = createPublicKey(options.appPublicKeyPem);
    this.#alipayPrivateKey = createPrivateKey(options.alipayPrivateKeyPem);
    this.#authCodeTtlMs = (options.authCodeTtlSeconds ?? 300) * 1000;
    this.#accessTokenTtl = options.accessTokenTtlSeconds ?? 1296000;
    this.#refreshTokenTtl = options.refreshTokenTtlSeconds ?? 2592000;
    this.#toleranceMs = (options.timestampToleranceSeconds ?? 900) * 1000;
    this.#seed = options.userSeed;
    this.#clock = options.now ?? Date.now;
  }

  /**
   * The fake gateway of a sandbox identity's Alipay app: its appId, its
   * application public key, and Alipay's private key.
   *
   * @example
   * ```ts
   * const gateway = FakeAlipayGateway.forSandboxApp(generateSandboxIdentity().alipay);
   * ```
   */
  static forSandboxApp(
    app: { readonly appId: string; readonly privateKeyPem: string; readonly appPublicKeyPem: string },
    options: Omit<FakeAlipayGatewayOptions, 'appId' | 'appPublicKeyPem' | 'alipayPrivateKeyPem'> = {},
  ): FakeAlipayGateway {
    return new FakeAlipayGateway({ ...options, appId: app.appId, appPublicKeyPem: app.appPublicKeyPem, alipayPrivateKeyPem: app.privateKeyPem });
  }

  /** The fake's current time in ms (its clock plus any `advanceClock`). */
  now(): number {
    return this.#clock() + this.#offsetMs;
  }

  // ---- what the Alipay client does (my.getAuthCode) ----

  /** What `my.getAuthCode({ scopes: 'auth_base' })` gives `userName`'s mini-program: a fresh code, single use, five minutes. */
  mintAuthCode(userName: string): string {
    if (!USER_NAME.test(userName)) throw new TypeError('userName must be 1-64 letters, digits, or . @ _ -');
    const code = randomBytes(16).toString('hex');
    this.#authCodes.set(code, { userName, issuedAt: this.now(), used: false });
    return code;
  }

  /** The ids `userName` has for this app: the same across restarts. */
  userOf(userName: string): SandboxAlipayUser {
    return sandboxAlipayUser(this.appId, userName, this.#seed);
  }

  // ---- the HTTP API (gateway.do) ----

  /** One gateway.do request: the parameters from the query, then a form body (the first value of a name wins, as a servlet's getParameter). */
  handleGatewayRequest(request: FakeAlipayGatewayRequest): FakeAlipayGatewayAnswer {
    this.#calls += 1;
    const params: Record<string, string> = {};
    const add = (name: string, value: string): void => {
      if (!Object.hasOwn(params, name)) params[name] = value;
    };
    for (const [name, value] of Object.entries(request.query)) if (typeof value === 'string') add(name, value);
    const form = request.contentType === undefined || request.contentType.toLowerCase().includes('application/x-www-form-urlencoded');
    if (form && request.body !== '') for (const [name, value] of new URLSearchParams(request.body)) add(name, value);
    return this.#answerFor(params);
  }

  // ---- controls for tests ----

  /** The next `times` authenticated requests answer this error (after the app and signature checks). */
  failNext(failure: FakeAlipayFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.#failNext.push(failure);
  }

  /** Moves the fake's clock forward: auth codes expire after five minutes of it. */
  advanceClock(seconds: number): void {
    this.#offsetMs += seconds * 1000;
  }

  stats(): FakeAlipayGatewayStats {
    return { calls: this.#calls, tokensIssued: this.#tokensIssued, errors: { ...this.#errors } };
  }

  // ---- internals ----

  #answerFor(params: Readonly<Record<string, string>>): FakeAlipayGatewayAnswer {
    const method = params['method'];
    if (method === undefined || method === '') return this.#error(GATEWAY_ERRORS['isv.missing-method'], false);
    if (method !== FAKE_ALIPAY_OAUTH_METHOD) return this.#error(GATEWAY_ERRORS['isv.invalid-method'], false);
    const appId = params['app_id'];
    if (appId === undefined || appId === '') return this.#error(GATEWAY_ERRORS['isv.missing-app-id'], false);
    // Alipay has no key to sign with for an app it does not know: this answer is unsigned.
    if (appId !== this.appId) return this.#error(GATEWAY_ERRORS['isv.invalid-app-id'], false);
    const problem = this.#checkCommon(params);
    if (problem !== undefined) return this.#error(problem, true);
    const failure = this.#failNext.shift();
    if (failure !== undefined) return this.#error(this.#failureBody(failure), true);
    return this.#exchange(params);
  }

  /** The common parameters and the request signature, in the order the gateway reports them. */
  #checkCommon(params: Readonly<Record<string, string>>): GatewayErrorBody | undefined {
    const signType = params['sign_type'];
    if (signType === undefined || signType === '') return GATEWAY_ERRORS['isv.missing-signature-type'];
    if (signType !== 'RSA2' && signType !== 'RSA') return GATEWAY_ERRORS['isv.invalid-signature-type'];
    const signature = params['sign'];
    if (signature === undefined || signature === '') return GATEWAY_ERRORS['isv.missing-signature'];
    const timestamp = params['timestamp'];
    if (timestamp === undefined || timestamp === '') return GATEWAY_ERRORS['isv.missing-timestamp'];
    const at = parseBeijingTime(timestamp);
    if (at === undefined || Math.abs(at - this.now()) > this.#toleranceMs) return GATEWAY_ERRORS['isv.invalid-timestamp'];
    if (params['version'] === undefined || params['version'] === '') return GATEWAY_ERRORS['isv.missing-version'];
    // The app has a key for one sign type only (and, in certificate mode, only for its certificates).
    if (signType !== this.signType) return NO_KEY_FOR_SIGN_TYPE;
    if (this.#certificate !== undefined) {
      if (params['app_cert_sn'] !== this.#certificate.appCertSn || params['alipay_root_cert_sn'] !== this.#certificate.alipayRootCertSn) return NO_KEY_FOR_SIGN_TYPE;
    }
    const content = openApiSignContent(params);
    const valid = (() => {
      try {
        return verify(DIGEST[signType], Buffer.from(content, 'utf8'), this.#appPublicKey, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    })();
    return valid ? undefined : invalidSignatureBody(content);
  }

  #failureBody(failure: FakeAlipayFailure): GatewayErrorBody {
    const known = isKnownGatewaySubCode(failure.subCode) ? GATEWAY_ERRORS[failure.subCode] : { code: '40004', msg: 'Business Failed', sub_code: failure.subCode, sub_msg: 'sandbox' };
    return { code: failure.code ?? known.code, msg: failure.msg ?? known.msg, sub_code: failure.subCode, sub_msg: failure.subMsg ?? known.sub_msg };
  }

  #exchange(params: Readonly<Record<string, string>>): FakeAlipayGatewayAnswer {
    const grantType = params['grant_type'];
    let issued: Issued | undefined;
    if (grantType === 'authorization_code') {
      issued = this.#take(this.#authCodes, params['code'], this.#authCodeTtlMs);
      if (issued === undefined) return this.#error(GATEWAY_ERRORS['isv.code-invalid'], true);
    } else if (grantType === 'refresh_token') {
      const token = this.#refreshTokens.get(params['refresh_token'] ?? '');
      if (token !== undefined && !token.used && this.now() - token.issuedAt > this.#refreshTokenTtl * 1000) {
        return this.#error(GATEWAY_ERRORS['isv.refresh-token-time-out'], true);
      }
      issued = this.#take(this.#refreshTokens, params['refresh_token'], this.#refreshTokenTtl * 1000);
      if (issued === undefined) return this.#error(GATEWAY_ERRORS['isv.refresh-token-invalid'], true);
    } else {
      return this.#error(GATEWAY_ERRORS['isv.grant-type-invalid'], true);
    }
    const user = this.userOf(issued.userName);
    const refreshToken = `authbseB${randomBytes(16).toString('hex')}`;
    this.#refreshTokens.set(refreshToken, { userName: issued.userName, issuedAt: this.now(), used: false });
    this.#tokensIssued += 1;
    // Keys in alphabetical order, seconds as numbers: as the gateway writes them.
    const body: Record<string, string | number> = {
      access_token: `authbseB${randomBytes(16).toString('hex')}`,
      auth_start: beijingTime(this.now()),
      expires_in: this.#accessTokenTtl,
      ...(this.userIdentity === 'user_id' ? {} : { open_id: user.openId }),
      re_expires_in: this.#refreshTokenTtl,
      refresh_token: refreshToken,
      ...(this.userIdentity === 'open_id' ? {} : { user_id: user.userId }),
    };
    return this.#answer(RESPONSE_KEY, body, true);
  }

  /** A single-use code or token still within its lifetime, now used; undefined otherwise. */
  #take(issuedMap: Map<string, Issued>, value: string | undefined, ttlMs: number): Issued | undefined {
    const issued = value === undefined ? undefined : issuedMap.get(value);
    if (issued === undefined || issued.used || this.now() - issued.issuedAt > ttlMs) return undefined;
    issued.used = true;
    return issued;
  }

  #error(body: GatewayErrorBody, signed: boolean): FakeAlipayGatewayAnswer {
    this.#errors[body.sub_code] = (this.#errors[body.sub_code] ?? 0) + 1;
    return this.#answer(ERROR_KEY, body, signed);
  }

  /** `{"<key>":<content>[,"alipay_cert_sn":"..."],"sign":"..."}`: the sign covers exactly the content text written. */
  #answer(key: string, body: object, signed: boolean): FakeAlipayGatewayAnswer {
    const content = JSON.stringify(body);
    const members = [`${JSON.stringify(key)}:${content}`];
    if (signed) {
      if (this.#certificate !== undefined) members.push(`"alipay_cert_sn":${JSON.stringify(this.#certificate.alipayCertSn)}`);
      members.push(`"sign":${JSON.stringify(sign(DIGEST[this.signType], Buffer.from(content, 'utf8'), this.#alipayPrivateKey).toString('base64'))}`);
    }
    return { status: 200, contentType: 'application/json;charset=utf-8', text: `{${members.join(',')}}` };
  }
}
