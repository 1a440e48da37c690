import {
  applyControl,
  badRequest,
  isIntegerErrcode,
  isResponse,
  ok,
  otherAppId,
  sandboxMobile,
  sandboxUser,
  type FakePlatformRequest,
  type FakePlatformResponse,
} from '../lib/fake-platform-http';
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
  const { method, path, query } = request;
  switch (path) {
    case FAKE_QQ_PATH:
      // A POST answers as WeChat's does (HTTP 200, errcode 43001): QQ copies WeChat's API.
      return ok(method === 'GET' ? api.jscode2session(query) : api.errorBody(43001));
    case '/login-code': {
      const user = sandboxUser(query);
      if (isResponse(user)) return user;
      const appId = otherAppId(query, 'appId');
      if (isResponse(appId)) return appId;
      return ok({ code: api.mintLoginCode(user, appId === undefined ? {} : { appId }) });
    }
    case '/phone-event': {
      const user = sandboxUser(query);
      if (isResponse(user)) return user;
      const mobile = sandboxMobile(query);
      if (isResponse(mobile)) return mobile;
      const appId = otherAppId(query, 'appId');
      if (isResponse(appId)) return appId;
      const event = api.phoneEvent(user, mobile, appId === undefined ? {} : { appId });
      if (event === undefined) return badRequest(`${user} has not logged in: QQ has no session_key to encrypt with. Exchange a /login-code first.`);
      return ok({ ...event });
    }
    case '/stats':
      return ok({ ...api.stats() });
    case '/config':
      return ok({ appId: api.appId });
    case '/control':
      return applyControl(api, method, request.body, { endpoints: FAKE_QQ_ENDPOINTS, isErrcode: isIntegerErrcode, errcodeHint: 'number' });
    default:
      return { status: 404, body: { errcode: 404, errmsg: 'sandbox: no such QQ path' } };
  }
}
