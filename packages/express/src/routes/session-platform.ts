import { createHash, randomBytes } from 'node:crypto';
import { noStore } from '../middleware/api-headers';
import type { Request, Router } from 'express';
import { tableRouter, type PhonekitRoute, type RouteTable } from './route-table';
import { toPhoneJson, type NormalisedPhone } from '@phonekit/core';
import { ApiError } from '../errors/api-error';
import type { ExpressErrorCode } from '../errors/catalogue';
import type { PhonekitRouterOptions } from './alipay';
import { jsonObject, requestIdOf } from './json-body';
import { openAccountSession } from '../accounts/open-account-session';
import { DEFAULT_PRIVACY_POLICY_VERSION, assertAccountRoutesOptions } from '../accounts/account-routes-options';
import type { AccountSessionSecretKind, AccountSessionUser } from '../accounts/accounts-port';
import { sessionTokenOf } from '../accounts/bearer-token';
import { bindVerifiedPhone } from '../accounts/bind-verified-phone';
import { requestSessionUser } from '../accounts/logged-in-user';
import type { LoginJson } from '../contract';
import type { WechatStore } from '../store/wechat-store';
import { baiduApi } from '../platforms/baidu-api';
import { douyinApi } from '../platforms/douyin-api';
import { kuaishouApi } from '../platforms/kuaishou-api';
import { qqApi } from '../platforms/qq-api';
import { fetchPlatformTransport, type PlatformTransport } from '../platforms/platform-transport';
import type { SessionPlatformApi } from '../platforms/session-platform-api';
import { SESSION_PLATFORM_FACTS, type SessionPlatform, type SessionPlatformConfig } from '../platforms/session-platforms';
import { sendJson } from './send-json';

export interface SessionPlatformRouterDeps extends PhonekitRouterOptions {
  /** Where sessions (without accounts) and Douyin's client_token are kept: the server's WeChat store, namespaced per platform. */
  readonly store: WechatStore;
  /** How the server reaches the platform; default: HTTPS to its configured API bases. */
  readonly transport?: PlatformTransport;
}

const CODE = /^[\x21-\x7e]{1,512}$/;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

function codeOf(value: unknown): string | undefined {
  return typeof value === 'string' && CODE.test(value) ? value : undefined;
}

const NOT_CONFIGURED: Readonly<Record<SessionPlatform, ExpressErrorCode>> = {
  douyin: 'DOUYIN_NOT_CONFIGURED',
  baidu: 'BAIDU_NOT_CONFIGURED',
  qq: 'QQ_NOT_CONFIGURED',
  kuaishou: 'KUAISHOU_NOT_CONFIGURED',
};
const SESSION_INVALID: Readonly<Record<SessionPlatform, ExpressErrorCode>> = {
  douyin: 'DOUYIN_SESSION_INVALID',
  baidu: 'BAIDU_SESSION_INVALID',
  qq: 'QQ_SESSION_INVALID',
  kuaishou: 'KUAISHOU_SESSION_INVALID',
};

/** The platform's server side, from its configuration. */
export function sessionPlatformApi(config: SessionPlatformConfig, transport: PlatformTransport, store: WechatStore): SessionPlatformApi {
  switch (config.platform) {
    case 'douyin':
      return douyinApi(config, transport, store);
    case 'baidu':
      return baiduApi(config, transport);
    case 'qq':
      return qqApi(config, transport);
    case 'kuaishou':
      return kuaishouApi(config, transport);
  }
}

/**
 * POST /api/<platform>/login and POST /api/<platform>/phone-number for
 * Douyin, Baidu, QQ and Kuaishou, with the request conventions, answer
 * shape, error envelope and account binding of /api/wechat:
 *
 * - login `{code}` (tt.login, swan.getLoginCode, qq.login, ks.login) ->
 *   code2session -> `{sessionToken, expiresIn, user}`; the session_key stays
 *   on the server (with accounts: encrypted as the session's secret;
 *   without: in the store, behind a digest of the token);
 * - phone-number `{encryptedData, iv}` with the session token (every
 *   platform's legacy flow), or `{code}` (Douyin's current flow) -> the
 *   phone; with accounts and a session token, bound to the user.
 */
export function sessionPlatformRouter(config: SessionPlatformConfig, deps: SessionPlatformRouterDeps): Router {
  return tableRouter(sessionPlatformRoutes(config, deps), deps);
}

/** sessionPlatformRouter's routes, for createApp to mount on the app itself (see mountTable). */
export function sessionPlatformRoutes(config: SessionPlatformConfig, deps: SessionPlatformRouterDeps): RouteTable {
  assertAccountRoutesOptions(deps);
  const routes: PhonekitRoute[] = [];
  const { platform } = config;
  const facts = SESSION_PLATFORM_FACTS[platform];
  const { accounts } = deps;
  const requireLogin = deps.requireLogin === true;
  const policyVersion = deps.privacyPolicyVersion ?? DEFAULT_PRIVACY_POLICY_VERSION;
  if (config.mode === 'off') {
    return {
      everyRequest: () => {
        throw new ApiError(NOT_CONFIGURED[platform]);
      },
    };
  }
  const api = sessionPlatformApi(config, deps.transport ?? fetchPlatformTransport({ api: config.apiBase, login: config.loginApiBase }), deps.store);
  const secretKind = `${platform}_session_key` as AccountSessionSecretKind;
  const route = `/api/${platform}`;
  const loginBody = `{"code": "<the code from ${facts.loginCall}>"}`;
  const noToken = (): ApiError =>
    new ApiError(SESSION_INVALID[platform], {
      message: `No session token: send "Authorization: Bearer <sessionToken>" (or a "sessionToken" field) from POST ${route}/login.`,
    });
  /** Without accounts, the store keeps sessions by a digest of the token, under this platform's name. */
  const sessionIdOf = (token: string): string => `${platform}:${createHash('sha256').update(token).digest('base64url')}`;

  routes.push({ method: 'post', path: '/login', handler: async (req, res) => {
    const body = jsonObject(req, loginBody);
    const code = codeOf(body['code']);
    if (code === undefined) throw new ApiError('PAYLOAD_MALFORMED', { message: `Send ${loginBody}.` });
    noStore(res);
    const login = await api.code2session(code);
    if (accounts === undefined) {
      const sessionToken = randomBytes(32).toString('base64url');
      await deps.store.saveSession(
        sessionIdOf(sessionToken),
        { openid: login.openid, sessionKey: login.sessionKey, ...(login.unionid === undefined ? {} : { unionid: login.unionid }), createdAt: Date.now() },
        config.sessionTtlSeconds,
      );
      res.locals['outcome'] = { flow: 'login' };
      sendJson(res, { sessionToken, expiresIn: config.sessionTtlSeconds, user: null } satisfies LoginJson);
      return;
    }
    const { answer, userId } = await openAccountSession(
      accounts,
      { platform, appId: config.appId, platformUserId: login.openid, unionId: login.unionid },
      { ttlSeconds: config.sessionTtlSeconds, secret: { kind: secretKind, value: login.sessionKey } },
    );
    res.locals['outcome'] = { flow: 'login', userId };
    sendJson(res, answer);
  } });

  /** The session_key of the caller's login: from the accounts session, or from the store. */
  async function sessionKeyOf(req: Request, body: Record<string, unknown>, found: AccountSessionUser | undefined): Promise<string> {
    if (accounts !== undefined) {
      if (found === undefined) throw noToken();
      const sessionKey = await accounts.sessionSecretOf(found.session.id, secretKind);
      if (sessionKey === null) {
        throw new ApiError(SESSION_INVALID[platform], {
          message: `This session holds no ${facts.label} session_key (it was not opened by POST ${route}/login): log in with ${facts.loginCall} and POST ${route}/login, then retry.`,
        });
      }
      return sessionKey;
    }
    const token = sessionTokenOf(req, body);
    if (token === undefined || token === '') throw noToken();
    const session = TOKEN_SHAPE.test(token) ? await deps.store.loadSession(sessionIdOf(token)) : undefined;
    if (session === undefined) throw new ApiError(SESSION_INVALID[platform]);
    return session.sessionKey;
  }

  routes.push({ method: 'post', path: '/phone-number', handler: async (req, res) => {
    const expected =
      api.phoneFromCode === undefined
        ? '{"encryptedData": "...", "iv": "..."} with "Authorization: Bearer <sessionToken>"'
        : '{"code": "<event.detail.code>"} or {"encryptedData": "...", "iv": "..."} with "Authorization: Bearer <sessionToken>"';
    const body = jsonObject(req, expected);
    const code = api.phoneFromCode === undefined ? undefined : codeOf(body['code']);
    const legacy = typeof body['encryptedData'] === 'string' && typeof body['iv'] === 'string' ? { encryptedData: body['encryptedData'], iv: body['iv'] } : undefined;
    if (code === undefined && legacy === undefined) throw new ApiError('PAYLOAD_MALFORMED', { message: `Send ${expected}.` });
    noStore(res);
    // The session first: a refused token is answered before any code is spent.
    const found = await requestSessionUser(req, body, { accounts, requireLogin, platform: platform, appId: config.appId });
    let phone: NormalisedPhone;
    if (code !== undefined && api.phoneFromCode !== undefined) {
      phone = await api.phoneFromCode(code);
      res.locals['outcome'] = { flow: 'code', phone: phone.masked };
    } else if (legacy !== undefined) {
      const sessionKey = await sessionKeyOf(req, body, found);
      phone = api.phoneFromSessionKey({ ...legacy, sessionKey });
      res.locals['outcome'] = { flow: 'legacy', phone: phone.masked };
    } else {
      throw new ApiError('PAYLOAD_MALFORMED', { message: `Send ${expected}.` });
    }
    if (accounts === undefined || found === undefined) {
      sendJson(res, toPhoneJson(phone));
      return;
    }
    const user = await bindVerifiedPhone({ accounts, found, phone, policyVersion, requestId: requestIdOf(res.locals) });
    res.locals['outcome'] = { ...(res.locals['outcome'] as object), userId: found.user.id };
    sendJson(res, { ...toPhoneJson(phone), user });
  } });

  return { routes };
}
