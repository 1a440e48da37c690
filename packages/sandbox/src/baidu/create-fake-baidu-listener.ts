import type { RequestListener } from 'node:http';
import { createFakePlatformListener } from '../lib/create-fake-platform-listener';
import type { FakeBaiduApi } from './fake-baidu-api';
import { handleFakeBaiduRequest } from './handle-fake-baidu-request';

/**
 * A bare node:http listener serving the fake Baidu at its root (a stand-alone `spapi.baidu.com`).
 *
 * @example
 * ```ts
 * const server = createServer(createFakeBaiduListener(api)).listen(0, '127.0.0.1');
 * ```
 */
export function createFakeBaiduListener(api: FakeBaiduApi): RequestListener {
  return createFakePlatformListener('http://fake.baidu', (request) => handleFakeBaiduRequest(api, request));
}
