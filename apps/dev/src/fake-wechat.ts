import { callPrimary, type RpcHandlers, type WechatTransport } from '@phonekit/express';
import { FakeWechatApi, handleFakeWechatRequest, type FakeWechatRequest, type FakeWechatResponse, type SandboxIdentity } from '@phonekit/sandbox';
import type { FakeWechatCall } from './sandbox-wechat-router';

const METHOD = 'fakeWechat.request';

/** The sandbox's fake WeChat, for its identity's appid and AppSecret. */
export function createFakeWechat(identity: SandboxIdentity): FakeWechatApi {
  return new FakeWechatApi({ appId: identity.wechat.appId, appSecret: identity.wechat.appSecret });
}

/** Calls `api` directly, in this process. */
export function inProcessFakeWechat(api: FakeWechatApi): FakeWechatCall {
  return (request) => Promise.resolve(handleFakeWechatRequest(api, request));
}

/** In the cluster primary: serves its fake WeChat to the workers, so codes issued by one worker are known to all. */
export function fakeWechatHandlers(api: FakeWechatApi): RpcHandlers {
  return { [METHOD]: (request: FakeWechatRequest) => handleFakeWechatRequest(api, request) };
}

/** In a cluster worker: the primary's fake WeChat. */
export const primaryFakeWechat: FakeWechatCall = (request) => callPrimary<FakeWechatResponse>(METHOD, request);

/** The WeChat client's transport onto the fake: same requests as over HTTPS, answered in process. */
export function fakeWechatTransport(callFake: FakeWechatCall): WechatTransport {
  return async (request) => {
    const { status, body } = await callFake({ method: request.method, path: request.path, query: request.query, body: request.body ?? '' });
    return { status, body };
  };
}
