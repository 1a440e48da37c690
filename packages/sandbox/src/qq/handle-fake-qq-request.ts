import { isIntegerErrcode, ok, type FakePlatformRequest, type FakePlatformResponse } from '../lib/fake-platform-http';
import { handleSandboxControls } from '../lib/handle-sandbox-controls';
import type { FakeQqApi } from './fake-qq-api';
import { FAKE_QQ_ENDPOINTS } from './qq-errors';

export type FakeQqRequest = FakePlatformRequest;
export type FakeQqResponse = FakePlatformResponse;

export const FAKE_QQ_PATH = '/sns/jscode2session';

/**
 * Routes one request to the fake QQ: `GET /sns/jscode2session` and the sandbox controls:
 *
 * - `GET /login-code?user=alice[&appId=…]`: what qq.login gives;
 * - `GET /phone-event?user=alice&mobile=...[&appId=…]`: `{errMsg, encryptedData, iv}` with alice's current session_key;
 * - `GET /stats`, `GET /config` (`{appId}`);
 * - `POST /control {failNext?: {endpoint: "jscode2session", errcode, times?}, advanceSeconds?}`.
 *
 * @example
 * ```ts
 * const { status, body } = handleFakeQqRequest(api, { method: 'GET', path: '/login-code', query: { user: 'alice' }, body: '' });
 * ```
 */
export function handleFakeQqRequest(api: FakeQqApi, request: FakeQqRequest): FakeQqResponse {
  if (request.path === FAKE_QQ_PATH) {
    // A POST answers as WeChat's does (HTTP 200, errcode 43001): QQ copies WeChat's API.
    return ok(request.method === 'GET' ? api.jscode2session(request.query) : api.errorBody(43001));
  }
  const control = handleSandboxControls(api, request, {
    platform: 'QQ',
    appParam: 'appId',
    control: { endpoints: FAKE_QQ_ENDPOINTS, isErrcode: isIntegerErrcode, errcodeHint: 'number' },
  });
  return control ?? { status: 404, body: { errcode: 404, errmsg: 'sandbox: no such QQ path' } };
}
