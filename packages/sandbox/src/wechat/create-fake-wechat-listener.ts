import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { FakeWechatApi } from './fake-wechat-api';
import { handleFakeWechatRequest } from './handle-fake-wechat-request';

const MAX_BODY_BYTES = 64 * 1024;

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
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.wechat');
      const query: Record<string, string> = {};
      for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
      const { status, body } = handleFakeWechatRequest(api, {
        method: req.method ?? 'GET',
        path: url.pathname,
        query,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  };
}
