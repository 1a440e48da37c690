import { Router, type Request } from 'express';
import { isRecord, toPhoneJson, type NormalisedPhone } from '@phonekit/core';
import type { ServerConfig } from '../config';
import { ApiError } from '../errors/api-error';
import { WechatAccessTokens } from '../services/wechat-access-tokens';
import { WechatApiClient } from '../services/wechat-api-client';
import { WechatPhoneService } from '../services/wechat-phone-service';
import { fetchWechatTransport, type WechatTransport } from '../services/wechat-transport';
import type { WechatStore } from '../store/wechat-store';
import { bodyText, textBody, type PhonekitRouterOptions } from './alipay';
import { errorHandler } from '../middleware/errors';
import { createLogger } from '../logger';

export interface WechatRouterDeps extends PhonekitRouterOptions {
  readonly store: WechatStore;
  /** How the server reaches WeChat; default: HTTPS to config.wechat.apiBase. */
  readonly transport?: WechatTransport;
}

const CODE = /^[\x21-\x7e]{1,512}$/;

/** The body as a JSON object; the body arrives as text under any content type. */
function jsonObject(req: Request, expected: string): Record<string, unknown> {
  const text = bodyText(req);
  if (text.trim() === '') throw new ApiError('PAYLOAD_MALFORMED', { message: `The request body is empty: send ${expected}.` });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('INVALID_JSON', { message: `The request body is not valid JSON: send ${expected}.` });
  }
  if (!isRecord(value)) throw new ApiError('PAYLOAD_MALFORMED', { message: `The request body is not a JSON object: send ${expected}.` });
  return value;
}

function codeOf(value: unknown): string | undefined {
  return typeof value === 'string' && CODE.test(value) ? value : undefined;
}

/** The session token: `Authorization: Bearer <token>`, else a "sessionToken" field. */
function sessionTokenOf(req: Request, body: Record<string, unknown>): string | undefined {
  const header = req.get('authorization');
  const bearer = header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (bearer !== undefined) return bearer;
  return typeof body['sessionToken'] === 'string' ? body['sessionToken'] : undefined;
}

/**
 * POST /api/wechat/login and POST /api/wechat/phone-number. Answers the same
 * phone shape and error envelope as /api/alipay/phone-number.
 */
export function wechatRouter(config: Pick<ServerConfig, 'wechat'>, deps: WechatRouterDeps): Router {
  const router = Router();
  const { wechat } = config;
  const onError = errorHandler(deps.logger ?? createLogger('info'));
  if (wechat.mode === 'off') {
    router.use(() => {
      throw new ApiError('WECHAT_NOT_CONFIGURED');
    });
    router.use(onError);
    return router;
  }
  router.use(textBody(deps.bodyLimitBytes ?? 64 * 1024));

  const client = new WechatApiClient({
    appId: wechat.appId,
    appSecret: wechat.appSecret,
    tokenEndpoint: wechat.tokenEndpoint,
    transport: deps.transport ?? fetchWechatTransport(wechat.apiBase),
  });
  const tokens = new WechatAccessTokens(client, deps.store);
  const service = new WechatPhoneService({ config: wechat, client, tokens, store: deps.store });

  /** POST /api/wechat/login {code}: the wx.login code -> {sessionToken, expiresIn}. */
  router.post('/login', async (req, res) => {
    const body = jsonObject(req, '{"code": "<the code from wx.login>"}');
    const code = codeOf(body['code']);
    if (code === undefined) throw new ApiError('PAYLOAD_MALFORMED', { message: 'Send {"code": "<the code from wx.login>"}.' });
    const result = await service.login(code);
    res.locals['outcome'] = { flow: 'login' };
    res.json(result);
  });

  /**
   * POST /api/wechat/phone-number: {code} from the getPhoneNumber event
   * (current flow), or {encryptedData, iv} with the session token (legacy flow).
   */
  router.post('/phone-number', async (req, res) => {
    const expected = '{"code": "<event.detail.code>"} or {"encryptedData": "...", "iv": "..."} with "Authorization: Bearer <sessionToken>"';
    const body = jsonObject(req, expected);
    const code = codeOf(body['code']);
    let phone: NormalisedPhone;
    if (code !== undefined) {
      phone = await service.phoneFromCode(code);
      res.locals['outcome'] = { flow: 'code', phone: phone.masked };
    } else if (typeof body['encryptedData'] === 'string' && typeof body['iv'] === 'string') {
      phone = await service.phoneFromEncryptedData({ encryptedData: body['encryptedData'], iv: body['iv'], sessionToken: sessionTokenOf(req, body) });
      res.locals['outcome'] = { flow: 'legacy', phone: phone.masked };
    } else {
      throw new ApiError('PAYLOAD_MALFORMED', { message: `Send ${expected}.` });
    }
    res.json(toPhoneJson(phone));
  });

  router.use(onError);
  return router;
}
