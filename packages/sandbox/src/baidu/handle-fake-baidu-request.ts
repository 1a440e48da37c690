import {
  applyControl,
  badRequest,
  formFields,
  isResponse,
  ok,
  otherAppId,
  sandboxMobile,
  sandboxUser,
  type FakePlatformRequest,
  type FakePlatformResponse,
} from '../lib/fake-platform-http';
import { FAKE_BAIDU_ENDPOINTS, isFakeBaiduError } from './baidu-errors';
import type { FakeBaiduApi } from './fake-baidu-api';

export type FakeBaiduRequest = FakePlatformRequest;
export type FakeBaiduResponse = FakePlatformResponse;

export const FAKE_BAIDU_PATH = '/oauth/jscode2sessionkey';

/**
 * Routes one request to the fake Baidu: `POST /oauth/jscode2sessionkey`
 * (form-urlencoded, as Baidu's sample in log_Session-Key.md sends it;
 * parameters in the query, and a GET, are taken too: Baidu documents no
 * refusal of either and many servers call it so, e.g. the `curl -d` of the
 * same page, or WordPress mini-program plugins with wp_remote_get) and the
 * sandbox controls:
 *
 * - `GET /login-code?user=alice[&appKey=…]`: what swan.login (swan.getLoginCode) gives;
 * - `GET /phone-event?user=alice&mobile=...[&appKey=…]`: `{errMsg, encryptedData, iv}` with alice's current session_key;
 * - `GET /stats`, `GET /config` (`{appKey}`);
 * - `POST /control {failNext?: {endpoint: "jscode2sessionkey", errcode: "invalid_grant", times?}, advanceSeconds?}`.
 *
 * @example
 * ```ts
 * const { status, body } = handleFakeBaiduRequest(api, { method: 'GET', path: '/login-code', query: { user: 'alice' }, body: '' });
 * ```
 */
export function handleFakeBaiduRequest(api: FakeBaiduApi, request: FakeBaiduRequest): FakeBaiduResponse {
  const { method, path, query } = request;
  switch (path) {
    case FAKE_BAIDU_PATH: {
      if (method !== 'POST' && method !== 'GET') return { status: 405, body: api.errorBody('invalid_request') };
      const fields: Record<string, string | undefined> = { ...query, ...(method === 'POST' ? formFields(request.body) : {}) };
      return ok(api.jscode2sessionkey(fields));
    }
    case '/login-code': {
      const user = sandboxUser(query);
      if (isResponse(user)) return user;
      const appKey = otherAppId(query, 'appKey');
      if (isResponse(appKey)) return appKey;
      return ok({ code: api.mintLoginCode(user, appKey === undefined ? {} : { appKey }) });
    }
    case '/phone-event': {
      const user = sandboxUser(query);
      if (isResponse(user)) return user;
      const mobile = sandboxMobile(query);
      if (isResponse(mobile)) return mobile;
      const appKey = otherAppId(query, 'appKey');
      if (isResponse(appKey)) return appKey;
      const event = api.phoneEvent(user, mobile, appKey === undefined ? {} : { appKey });
      if (event === undefined) return badRequest(`${user} has not logged in: Baidu has no session_key to encrypt with. Exchange a /login-code first.`);
      return ok({ ...event });
    }
    case '/stats':
      return ok({ ...api.stats() });
    case '/config':
      return ok({ appKey: api.appKey });
    case '/control':
      return applyControl(api, method, request.body, { endpoints: FAKE_BAIDU_ENDPOINTS, isErrcode: isFakeBaiduError, errcodeHint: 'an OAuth error such as "invalid_grant"' });
    default:
      return { status: 404, body: { error: 'invalid_request', error_description: 'sandbox: no such Baidu path' } };
  }
}
