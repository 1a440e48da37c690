import type { RequestListener } from 'node:http';
import { createFakePlatformListener } from '../lib/create-fake-platform-listener';
import type { FakeDouyinApi } from './fake-douyin-api';
import { handleFakeDouyinRequest } from './handle-fake-douyin-request';

/**
 * A bare node:http listener serving the fake Douyin at its root (one base for
 * developer.toutiao.com and open.douyin.com).
 *
 * @example
 * ```ts
 * const server = createServer(createFakeDouyinListener(api)).listen(0, '127.0.0.1');
 * ```
 */
export function createFakeDouyinListener(api: FakeDouyinApi): RequestListener {
  return createFakePlatformListener('http://fake.douyin', (request) => handleFakeDouyinRequest(api, request));
}
