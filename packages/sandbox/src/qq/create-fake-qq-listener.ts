import type { RequestListener } from 'node:http';
import { createFakePlatformListener } from '../lib/create-fake-platform-listener';
import type { FakeQqApi } from './fake-qq-api';
import { handleFakeQqRequest } from './handle-fake-qq-request';

/**
 * A bare node:http listener serving the fake QQ at its root (a stand-alone `api.q.qq.com`).
 *
 * @example
 * ```ts
 * const server = createServer(createFakeQqListener(api)).listen(0, '127.0.0.1');
 * ```
 */
export function createFakeQqListener(api: FakeQqApi): RequestListener {
  return createFakePlatformListener('http://fake.qq', (request) => handleFakeQqRequest(api, request));
}
