import type { RequestListener } from 'node:http';
import { fakeHttpListener } from '../lib/fake-http-listener';
import type { FakeAlipayGateway } from './fake-alipay-gateway';
import { handleFakeAlipayRequest } from './handle-fake-alipay-request';

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
  return fakeHttpListener('http://fake.alipay', (request) => handleFakeAlipayRequest(gateway, request));
}
