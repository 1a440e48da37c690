import type { RequestListener } from 'node:http';
import { createFakePlatformListener } from '../lib/create-fake-platform-listener';
import type { FakeKuaishouApi } from './fake-kuaishou-api';
import { handleFakeKuaishouRequest } from './handle-fake-kuaishou-request';

/**
 * A bare node:http listener serving the fake Kuaishou at its root (a stand-alone `open.kuaishou.com`).
 *
 * @example
 * ```ts
 * const server = createServer(createFakeKuaishouListener(api)).listen(0, '127.0.0.1');
 * ```
 */
export function createFakeKuaishouListener(api: FakeKuaishouApi): RequestListener {
  return createFakePlatformListener('http://fake.kuaishou', (request) => handleFakeKuaishouRequest(api, request));
}
