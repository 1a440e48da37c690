import { Router } from 'express';
import { FakeWechatApi, handleFakeWechatRequest } from '@phonekit/sandbox';
import type { WechatConfig } from '../config';
import { bodyText } from './alipay';

/**
 * /sandbox/wechat: in sandbox mode the server plays api.weixin.qq.com for its
 * own generated appid (WeChat's paths below this prefix, plus the controls:
 * login-code, phone-code, phone-event, stats, control; see
 * handleFakeWechatRequest). Not mounted otherwise.
 */
export function sandboxWechatRouter(wechat: Pick<WechatConfig, 'appId' | 'appSecret'>, api = new FakeWechatApi({ appId: wechat.appId, appSecret: wechat.appSecret })): Router {
  const router = Router();
  router.use((req, res) => {
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.query)) {
      const first: unknown = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') query[key] = first;
    }
    const { status, body } = handleFakeWechatRequest(api, { method: req.method, path: req.path, query, body: bodyText(req) });
    res.status(status).json(body);
  });
  return router;
}
