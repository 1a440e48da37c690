import { Router } from 'express';
import { bodyText } from '@phonekit/express';
import type { FakeWechatRequest, FakeWechatResponse } from '@phonekit/sandbox';

/** Calls the fake WeChat: in this process, or in the cluster primary that holds it for every worker. */
export type FakeWechatCall = (request: FakeWechatRequest) => Promise<FakeWechatResponse>;

/**
 * /sandbox/wechat: the fake WeChat's controls (login-code, phone-code,
 * phone-event, stats, control; see handleFakeWechatRequest) and, for
 * inspection with curl, WeChat's own paths. The server itself reaches the
 * fake in process (wechatTransport), never through these routes.
 */
export function sandboxWechatRouter(callFake: FakeWechatCall): Router {
  const router = Router();
  router.use(async (req, res) => {
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.query)) {
      const first: unknown = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') query[key] = first;
    }
    const { status, body } = await callFake({ method: req.method, path: req.path, query, body: bodyText(req) });
    res.status(status).json(body);
  });
  return router;
}
