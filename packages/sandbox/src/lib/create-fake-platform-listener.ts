import type { RequestListener } from 'node:http';
import { fakeHttpListener } from './fake-http-listener';
import type { FakePlatformRequest, FakePlatformResponse } from './fake-platform-http';

/**
 * A bare node:http listener for a fake platform's framework-free handler: the
 * JSON answer at the status the handler chose, the request headers passed on
 * in lower case.
 *
 * @example
 * ```ts
 * const server = createServer(createFakePlatformListener('http://fake.douyin', (request) => handleFakeDouyinRequest(api, request)));
 * ```
 */
export function createFakePlatformListener(base: string, handle: (request: FakePlatformRequest) => FakePlatformResponse): RequestListener {
  return fakeHttpListener(base, (request) => {
    const { status, body } = handle(request);
    return { status, contentType: 'application/json; charset=utf-8', text: JSON.stringify(body) };
  });
}
