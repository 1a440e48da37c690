import type { Router } from 'express';
import type { FakeWechatRequest, FakeWechatResponse } from '@phonekit/sandbox';
import { sandboxPlatformRouter } from './fake-platforms';

/** Calls the fake WeChat: in this process, or in the cluster primary that holds it for every worker. */
export type FakeWechatCall = (request: FakeWechatRequest) => Promise<FakeWechatResponse>;

/**
 * /sandbox/wechat: the fake WeChat's controls (login-code, phone-code,
 * phone-event, stats, control; see handleFakeWechatRequest) and, for
 * inspection with curl, WeChat's own paths. The server itself reaches the
 * fake in process (wechatTransport), never through these routes.
 */
export function sandboxWechatRouter(callFake: FakeWechatCall): Router {
  return sandboxPlatformRouter(callFake);
}
