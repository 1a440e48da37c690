import type { Request, RequestHandler, Response, Router } from 'express';
import { noStore } from '../middleware/api-headers';
import type { Logger } from 'pino';
import {
  PhonekitError,
  inspectAlipayPhoneResponse,
  inspectParsedAlipayPhoneResponse,
  parseAlipayPhoneResponse,
  toPhoneJson,
  type NormalisedPhone,
  type ParsedAlipayPhoneResponse,
} from '@phonekit/core';
import type { AlipayAppConfig, ServerConfig } from '../config';
import { openAccountSession } from '../accounts/open-account-session';
import { fetchAlipayGatewayTransport, type AlipayGatewayTransport } from '../services/alipay-gateway-transport';
import { AlipayLoginService, isLoginApp } from '../services/alipay-login-service';
import { ApiError } from '../errors/api-error';
import { UNAUTHENTICATED_FAILURE } from '../middleware/request-log';
import { resolveAlipayApp } from '../services/alipay-apps';
import { DEFAULT_PRIVACY_POLICY_VERSION, assertAccountRoutesOptions, type AccountRoutesOptions } from '../accounts/account-routes-options';
import type { AccountsPort } from '../accounts/accounts-port';
import { sessionTokenOf } from '../accounts/bearer-token';
import { bindVerifiedPhone } from '../accounts/bind-verified-phone';
import { assertSessionFor, loggedInUser } from '../accounts/logged-in-user';

import { bodyText, jsonObject, requestIdOf, textBody } from './json-body';
import { tableRouter, type RouteTable } from './route-table';
import { sendJson } from './send-json';

export { bodyText, textBody };

/** The appId a request names: the X-Alipay-App-Id header, else the "appId" field of its JSON body. */
function requestedAppId(req: Request, bodyAppId: string | undefined): string | undefined {
  const header = req.get('x-alipay-app-id');
  if (header !== undefined && header.trim() !== '') return header.trim();
  return bodyAppId;
}

/** The request's Content-Type, fit to quote: its media type alone, or what it is instead. */
function contentTypeOf(req: Request): string {
  const header = req.get('content-type');
  if (header === undefined || header.trim() === '') return 'no Content-Type header';
  const mediaType = (header.split(';')[0] ?? '').trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,64}$/.test(mediaType) ? `Content-Type: ${mediaType}` : 'a Content-Type that is not a media type';
}

function assertJsonWhenDeclared(req: Request, text: string): void {
  if (!req.is('application/json')) return;
  try {
    JSON.parse(text);
  } catch {
    throw new ApiError('INVALID_JSON');
  }
}

export interface PhonekitRouterOptions extends AccountRoutesOptions {
  /** Where unexpected errors are logged (default: pino at info to stdout). */
  readonly logger?: Logger;
  /** Largest body read (default 64 KiB); ignored when the app already read the body. */
  readonly bodyLimitBytes?: number;
}

export interface AlipayRouterOptions extends PhonekitRouterOptions {
  /** How the login reaches Alipay's OpenAPI gateway; default: HTTPS to each app's gateway URL. */
  readonly gatewayTransport?: AlipayGatewayTransport;
  /** How long a login session lives (SESSION_TTL_SECONDS; default one day). */
  readonly sessionTtlSeconds?: number;
}

const AUTH_CODE = /^[\x21-\x7e]{1,512}$/;
const LOGIN_BODY = '{"authCode": "<the authCode from my.getAuthCode>"}';

/**
 * In sandbox mode (the development app without keys) the server plays Alipay
 * with keys it generated, so a payload that does not verify or decrypt is
 * almost always a real one, from an Alipay client running with the app's real
 * keys (the Alipay IDE with `sandbox: false`): say so, instead of pointing at
 * an ALIPAY_PUBLIC_KEY nobody set.
 */
export const SANDBOX_MODE_FAILURES: Readonly<Partial<Record<string, { message: string; hint: string; hintZh: string }>>> = {
  SIGNATURE_INVALID: {
    message:
      'The signature does not verify with the sandbox\'s Alipay public key: this server is in sandbox mode, playing Alipay with keys it generated itself, so only payloads from its sandbox routes (GET /sandbox/alipay/phone-response, the simulator, the mini-program with sandbox: true) verify.',
    hint: 'A payload from a real Alipay client (the Alipay IDE or a phone with sandbox: false) is signed with your app\'s real keys: start the server with them, ALIPAY_APP_ID, ALIPAY_PUBLIC_KEY (the Alipay public key, 支付宝公钥) and ALIPAY_AES_KEY (README "Switch to real keys"). To stay in the sandbox, set sandbox: true in the mini-program.',
    hintZh:
      '验签失败：服务端处于沙箱模式，用它自己生成的密钥扮演支付宝，只有沙箱路由（GET /sandbox/alipay/phone-response、模拟器、sandbox: true 的小程序）生成的报文能通过验签。真实支付宝客户端（sandbox: false 的支付宝 IDE 或手机）的报文使用应用的真实密钥签名：请用真实密钥启动服务端，设置 ALIPAY_APP_ID、ALIPAY_PUBLIC_KEY（支付宝公钥）和 ALIPAY_AES_KEY（见 README“切换到真实密钥”）。如要继续使用沙箱，请在小程序中设置 sandbox: true。',
  },
  DECRYPTION_FAILED: {
    message:
      'The response does not decrypt with the sandbox\'s AES key: this server is in sandbox mode, playing Alipay with keys it generated itself, so only payloads from its sandbox routes (GET /sandbox/alipay/phone-response, the simulator, the mini-program with sandbox: true) decrypt.',
    hint: 'A payload from a real Alipay client (the Alipay IDE or a phone with sandbox: false) is encrypted with your app\'s real AES key: start the server with ALIPAY_APP_ID, ALIPAY_PUBLIC_KEY (the Alipay public key, 支付宝公钥) and ALIPAY_AES_KEY (the key under 接口内容加密方式) (README "Switch to real keys"). To stay in the sandbox, set sandbox: true in the mini-program.',
    hintZh:
      '解密失败：服务端处于沙箱模式，用它自己生成的密钥扮演支付宝，只有沙箱路由（GET /sandbox/alipay/phone-response、模拟器、sandbox: true 的小程序）生成的报文能被解密。真实支付宝客户端（sandbox: false 的支付宝 IDE 或手机）的报文使用应用真实的 AES 密钥加密：请设置 ALIPAY_APP_ID、ALIPAY_PUBLIC_KEY（支付宝公钥）和 ALIPAY_AES_KEY（“接口内容加密方式”中的密钥）后启动服务端（见 README“切换到真实密钥”）。如要继续使用沙箱，请在小程序中设置 sandbox: true。',
  },
};

/**
 * POST /login and POST /phone-number for Alipay: mount them at /api/alipay
 * in any Express 5 app. The router reads its own body and answers its own
 * errors in phonekit's envelope, so it needs nothing else from the app.
 *
 * POST /login {authCode} exchanges the code from
 * `my.getAuthCode({scopes: 'auth_base'})` at Alipay's gateway
 * (alipay.system.oauth.token) for the user's user_id or open_id, finds or
 * creates the user `(alipay, appId, that id)` and opens a session: it needs
 * the app's login keys (ALIPAY_APP_PRIVATE_KEY) and `accounts`. Alipay's
 * access and refresh tokens are not kept: `auth_base` grants nothing they
 * would be needed for, and a secret not stored cannot leak.
 *
 * @example
 * ```ts
 * const app = express();
 * app.use('/api/alipay', alipayRouter({ alipayApps: defineAlipayApps([{ publicKey, aesKey }]) }));
 * ```
 */
export function alipayRouter(config: AlipayRoutesConfig, options: AlipayRouterOptions = {}): Router {
  return tableRouter(alipayRoutes(config, options), options);
}

type AlipayRoutesConfig = Pick<ServerConfig, 'alipayApps'> & { readonly mode?: ServerConfig['mode'] };

/** alipayRouter's routes, for createApp to mount on the app itself (see mountTable). */
export function alipayRoutes(config: AlipayRoutesConfig, options: AlipayRouterOptions = {}): RouteTable {
  assertAccountRoutesOptions(options);
  const { accounts } = options;
  const policyVersion = options.privacyPolicyVersion ?? DEFAULT_PRIVACY_POLICY_VERSION;
  const loginService = new AlipayLoginService({ transport: options.gatewayTransport ?? fetchAlipayGatewayTransport() });
  const sessionTtlSeconds = options.sessionTtlSeconds ?? 86_400;

  /** POST /api/alipay/login {authCode, appId?}: the my.getAuthCode code -> {sessionToken, expiresIn, user}. */
  const login: RequestHandler = async (req, res) => {
    const body = jsonObject(req, LOGIN_BODY);
    const authCode = body['authCode'];
    if (typeof authCode !== 'string' || !AUTH_CODE.test(authCode)) throw new ApiError('PAYLOAD_MALFORMED', { message: `Send ${LOGIN_BODY}.` });
    noStore(res);
    const app = resolveAlipayApp(config.alipayApps, requestedAppId(req, typeof body['appId'] === 'string' ? body['appId'] : undefined));
    if (!isLoginApp(app)) throw new ApiError('ALIPAY_LOGIN_NOT_CONFIGURED');
    if (accounts === undefined) throw new ApiError('ACCOUNTS_NOT_CONFIGURED', { message: 'POST /api/alipay/login opens a user session, and this server keeps no accounts.' });
    const token = await loginService.exchangeAuthCode(app, authCode);
    const { answer, userId } = await openAccountSession(
      accounts,
      { platform: 'alipay', appId: app.appId, platformUserId: token.subject.id, unionId: token.unionId ?? null },
      { ttlSeconds: sessionTtlSeconds },
    );
    res.locals['outcome'] = { flow: 'login', appId: app.appId, userId, subject: token.subject.kind };
    sendJson(res, answer);
  };

  /** With a session token (and accounts): the verified number is bound to that Alipay user of this app. */
  async function bindToUser(store: AccountsPort, token: string, req: Request, res: Response): Promise<void> {
    // The session first: a refused token is answered before anything is decrypted.
    const found = await loggedInUser(store, token);
    const { app, phone } = openPhone(req, res);
    assertSessionFor(found, 'alipay', app.appId);
    const user = await bindVerifiedPhone({ accounts: store, found, phone, policyVersion, requestId: requestIdOf(res.locals) });
    res.locals['outcome'] = { appId: app.appId, phone: phone.masked, userId: found.user.id };
    sendJson(res, { ...toPhoneJson(phone), user });
  }

  /**
   * POST /api/alipay/phone-number: the res.response string exactly as
   * my.request sent it (any content type), a JSON wrapper
   * {"response": "<that string>"}, or the event variant {encryptedData, sign}.
   * With `Authorization: Bearer <sessionToken>` (and accounts) the number is
   * bound to the logged-in user.
   */
  const phoneNumber: RequestHandler = (req, res) => {
    noStore(res);
    if (accounts !== undefined) {
      const token = sessionTokenOf(req, {}, { strict: true });
      if (token !== undefined) return bindToUser(accounts, token, req, res);
      if (options.requireLogin === true) throw new ApiError('LOGIN_REQUIRED');
    }
    const { app, phone } = openPhone(req, res);
    res.locals['outcome'] = { appId: app.appId, phone: phone.masked };
    sendJson(res, toPhoneJson(phone));
  };

  /** Reads, verifies and decrypts the payload; answers the app it was for and the phone. */
  function openPhone(req: Request, res: Response): { app: AlipayAppConfig; phone: NormalisedPhone } {
    const text = bodyText(req);
    if (text.trim() === '') throw new ApiError('PAYLOAD_MALFORMED', { message: 'The request body is empty: send res.response from my.getPhoneNumber.' });
    // Parsed once, here: it names the app and is what gets verified. Text that
    // parsed is valid JSON, so the INVALID_JSON check only matters when it did not.
    let parsed: ParsedAlipayPhoneResponse | undefined;
    try {
      parsed = parseAlipayPhoneResponse(text);
    } catch (err) {
      // Two client mistakes are named before the app is looked up: the appId
      // they would name is inside the payload they mangled.
      if (err instanceof PhonekitError && err.code === 'PAYLOAD_FORM_ENCODED') {
        throw new ApiError('PAYLOAD_FORM_ENCODED', { message: `${err.message} This request came with ${contentTypeOf(req)}.`, cause: err });
      }
      if (err instanceof PhonekitError && err.code === 'PAYLOAD_RESPONSE_PARSED') throw err;
      assertJsonWhenDeclared(req, text);
    }
    const app = resolveAlipayApp(config.alipayApps, requestedAppId(req, parsed?.appId));
    // An unparsable payload goes in as text, so the answer names what is wrong with it.
    const report = parsed === undefined ? inspectAlipayPhoneResponse(text, app, { diagnose: false }) : inspectParsedAlipayPhoneResponse(parsed, app, { diagnose: false });
    if (report.error !== undefined) {
      // An upstream error without a valid signature (Alipay's unsigned 40001,
      // or anything with allowUnsigned) is the sender's word, which anyone can
      // send at will: it is answered as it is, its text capped by core, but
      // its 5xx is no alarm in the log (warn, see request-log), and the log
      // line never carries its text.
      if (report.error.upstream !== undefined && report.signature !== 'valid') {
        res.locals[UNAUTHENTICATED_FAILURE] = true;
        res.locals['outcome'] = { appId: app.appId, upstreamSigned: false };
      }
      const sandboxWords = config.mode === 'sandbox' ? SANDBOX_MODE_FAILURES[report.error.code] : undefined;
      if (sandboxWords !== undefined) throw new ApiError(report.error.code, { ...sandboxWords, cause: report.error });
      throw report.error;
    }
    return { app, phone: report.phone };
  }

  // The phone route first: the most frequent request walks the fewest routes.
  return {
    routes: [
      { method: 'post', path: '/phone-number', handler: phoneNumber },
      { method: 'post', path: '/login', handler: login },
    ],
  };
}
