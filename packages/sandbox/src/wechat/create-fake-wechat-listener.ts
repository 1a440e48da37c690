import type { RequestListener } from 'node:http';
import { fakeHttpListener } from '../lib/fake-http-listener';
import type { FakeWechatApi } from './fake-wechat-api';
import { handleFakeWechatRequest } from './handle-fake-wechat-request';

/**
 * A bare node:http listener serving the fake WeChat API at its root, for a
 * stand-alone fake `api.weixin.qq.com` (several servers pointing
 * WECHAT_API_BASE at one fake).
 *
 * @example
 * ```ts
 * const server = createServer(createFakeWechatListener(api)).listen(0, '127.0.0.1');
 * ```
 */
export function createFakeWechatListener(api: FakeWechatApi): RequestListener {
  return fakeHttpListener('http://fake.wechat', (request) => {
    const { status, body } = handleFakeWechatRequest(api, request);
    return { status, contentType: 'application/json; charset=utf-8', text: JSON.stringify(body) };
  });
}
