import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { FakeAlipayGateway } from './fake-alipay-gateway';
import { handleFakeAlipayRequest } from './handle-fake-alipay-request';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * A bare node:http listener serving the fake gateway at its root, for a
 * stand-alone fake `openapi.alipay.com` (point the gateway URL at
 * `http://127.0.0.1:<port>/gateway.do`).
 *
 * @example
 * ```ts
 * const server = createServer(createFakeAlipayListener(gateway)).listen(0, '127.0.0.1');
 * ```
 */
export function createFakeAlipayListener(gateway: FakeAlipayGateway): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.alipay');
      const query: Record<string, string> = {};
      for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
      const contentType = req.headers['content-type'];
      const { status, contentType: answerType, text } = handleFakeAlipayRequest(gateway, {
        method: req.method ?? 'GET',
        path: url.pathname,
        query,
        body: Buffer.concat(chunks).toString('utf8'),
        ...(contentType === undefined ? {} : { contentType }),
      });
      res.writeHead(status, { 'content-type': answerType, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  };
}
