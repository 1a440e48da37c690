import type { Router } from 'express';
import { noStore } from '../middleware/api-headers';
import { tableRouter, type PhonekitRoute, type RouteTable } from './route-table';
import { toPhoneJson, type NormalisedPhone } from '@phonekit/core';
import type { ServerConfig } from '../config';
import { ApiError } from '../errors/api-error';
import { WechatAccessTokens } from '../services/wechat-access-tokens';
import { WechatApiClient } from '../services/wechat-api-client';
import { WechatPhoneService } from '../services/wechat-phone-service';
import { fetchWechatTransport, type WechatTransport } from '../services/wechat-transport';
import type { WechatStore } from '../store/wechat-store';
import type { PhonekitRouterOptions } from './alipay';
import { jsonObject, requestIdOf } from './json-body';
import { openAccountSession } from '../accounts/open-account-session';
import { DEFAULT_PRIVACY_POLICY_VERSION, assertAccountRoutesOptions } from '../accounts/account-routes-options';
import type { AccountsPort } from '../accounts/accounts-port';
import { sessionTokenOf } from '../accounts/bearer-token';
import { bindVerifiedPhone } from '../accounts/bind-verified-phone';
import { requestSessionUser } from '../accounts/logged-in-user';
import type { AccountUserJson, LoginJson } from '../contract';
import { sendJson } from './send-json';

export interface WechatRouterDeps extends PhonekitRouterOptions {
  readonly store: WechatStore;
  /** How the server reaches WeChat; default: HTTPS to config.wechat.apiBase. */
  readonly transport?: WechatTransport;
}

const CODE = /^[\x21-\x7e]{1,512}$/;

function codeOf(value: unknown): string | undefined {
  return typeof value === 'string' && CODE.test(value) ? value : undefined;
}

const NO_SESSION_KEY = 'This session holds no WeChat session_key (it was not opened by POST /api/wechat/login): log in with wx.login and POST /api/wechat/login, then retry.';

/**
 * POST /api/wechat/login and POST /api/wechat/phone-number. Answers the same
 * phone shape and error envelope as /api/alipay/phone-number.
 *
 * With `accounts`, login finds or creates the user `(wechat, appid, openid)`
 * (keeping unionid), opens an accounts session and keeps the session_key
 * encrypted as that session's secret; phone-number with the session token
 * binds the verified number to the user and records the consent.
 */
export function wechatRouter(config: Pick<ServerConfig, 'wechat'>, deps: WechatRouterDeps): Router {
  return tableRouter(wechatRoutes(config, deps), deps);
}

/** wechatRouter's routes, for createApp to mount on the app itself (see mountTable). */
export function wechatRoutes(config: Pick<ServerConfig, 'wechat'>, deps: WechatRouterDeps): RouteTable {
  assertAccountRoutesOptions(deps);
  const routes: PhonekitRoute[] = [];
  const { wechat } = config;
  const { accounts } = deps;
  const requireLogin = deps.requireLogin === true;
  const policyVersion = deps.privacyPolicyVersion ?? DEFAULT_PRIVACY_POLICY_VERSION;
  if (wechat.mode === 'off') {
    return {
      everyRequest: () => {
        throw new ApiError('WECHAT_NOT_CONFIGURED');
      },
    };
  }

  const client = new WechatApiClient({
    appId: wechat.appId,
    appSecret: wechat.appSecret,
    tokenEndpoint: wechat.tokenEndpoint,
    transport: deps.transport ?? fetchWechatTransport(wechat.apiBase),
  });
  const tokens = new WechatAccessTokens(client, deps.store);
  const service = new WechatPhoneService({ config: wechat, client, tokens, store: deps.store });

  /** With accounts: the user of this openid, a new session, and the session_key kept encrypted as its secret. */
  async function accountLogin(store: AccountsPort, code: string): Promise<{ answer: LoginJson; userId: string }> {
    const login = await service.exchangeLoginCode(code);
    return openAccountSession(
      store,
      { platform: 'wechat', appId: wechat.appId, platformUserId: login.openid, unionId: login.unionid },
      { ttlSeconds: wechat.sessionTtlSeconds, secret: { kind: 'wechat_session_key', value: login.sessionKey } },
    );
  }

  /** POST /api/wechat/login {code}: the wx.login code -> {sessionToken, expiresIn, user}. */
  routes.push({ method: 'post', path: '/login', handler: async (req, res) => {
    const body = jsonObject(req, '{"code": "<the code from wx.login>"}');
    const code = codeOf(body['code']);
    if (code === undefined) throw new ApiError('PAYLOAD_MALFORMED', { message: 'Send {"code": "<the code from wx.login>"}.' });
    noStore(res);
    if (accounts === undefined) {
      const result = await service.login(code);
      res.locals['outcome'] = { flow: 'login' };
      sendJson(res, { ...result, user: null } satisfies LoginJson);
      return;
    }
    const { answer, userId } = await accountLogin(accounts, code);
    res.locals['outcome'] = { flow: 'login', userId };
    sendJson(res, answer);
  } });

  /**
   * POST /api/wechat/phone-number: {code} from the getPhoneNumber event
   * (current flow), or {encryptedData, iv} with the session token (legacy flow).
   */
  routes.push({ method: 'post', path: '/phone-number', handler: async (req, res) => {
    const expected = '{"code": "<event.detail.code>"} or {"encryptedData": "...", "iv": "..."} with "Authorization: Bearer <sessionToken>"';
    const body = jsonObject(req, expected);
    const code = codeOf(body['code']);
    const legacy = typeof body['encryptedData'] === 'string' && typeof body['iv'] === 'string' ? { encryptedData: body['encryptedData'], iv: body['iv'] } : undefined;
    if (code === undefined && legacy === undefined) throw new ApiError('PAYLOAD_MALFORMED', { message: `Send ${expected}.` });
    noStore(res);
    // The session first: a refused token is answered before any code is spent.
    const found = await requestSessionUser(req, body, { accounts, requireLogin, platform: 'wechat', appId: wechat.appId });
    let phone: NormalisedPhone;
    if (code !== undefined) {
      phone = await service.phoneFromCode(code, found?.user.platformUserId);
      res.locals['outcome'] = { flow: 'code', phone: phone.masked };
    } else if (legacy !== undefined && accounts !== undefined) {
      if (found === undefined) {
        throw new ApiError('WECHAT_SESSION_INVALID', {
          message: 'No session token: send "Authorization: Bearer <sessionToken>" (or a "sessionToken" field) from POST /api/wechat/login.',
        });
      }
      const sessionKey = await accounts.sessionSecretOf(found.session.id, 'wechat_session_key');
      if (sessionKey === null) throw new ApiError('WECHAT_SESSION_INVALID', { message: NO_SESSION_KEY });
      phone = service.phoneFromSessionKey({ ...legacy, sessionKey });
      res.locals['outcome'] = { flow: 'legacy', phone: phone.masked };
    } else if (legacy !== undefined) {
      phone = await service.phoneFromEncryptedData({ ...legacy, sessionToken: sessionTokenOf(req, body) });
      res.locals['outcome'] = { flow: 'legacy', phone: phone.masked };
    } else {
      throw new ApiError('PAYLOAD_MALFORMED', { message: `Send ${expected}.` });
    }
    if (accounts === undefined || found === undefined) {
      sendJson(res, toPhoneJson(phone));
      return;
    }
    const user: AccountUserJson = await bindVerifiedPhone({ accounts, found, phone, policyVersion, requestId: requestIdOf(res.locals) });
    res.locals['outcome'] = { ...(res.locals['outcome'] as object), userId: found.user.id };
    sendJson(res, { ...toPhoneJson(phone), user });
  } });

  return { routes };
}
