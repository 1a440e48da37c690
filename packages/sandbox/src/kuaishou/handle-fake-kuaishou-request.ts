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
import type { FakeKuaishouApi } from './fake-kuaishou-api';
import { FAKE_KUAISHOU_ENDPOINTS, isKuaishouErrorResult } from './kuaishou-errors';

export type FakeKuaishouRequest = FakePlatformRequest;
export type FakeKuaishouResponse = FakePlatformResponse;

export const FAKE_KUAISHOU_PATH = '/oauth2/mp/code2session';

/**
 * Routes one request to the fake Kuaishou: `POST /oauth2/mp/code2session`
 * (form; parameters in the query are read too: Kuaishou's own examples send
 * them there, https://mp.kuaishou.com/docs/develop/server/getAccessToken.html, and so do
 * several SDKs, some with GET) and the sandbox controls:
 *
 * - `GET /login-code?user=alice[&appId=ks…]`: what ks.login gives;
 * - `GET /phone-event?user=alice&mobile=...[&appId=ks…][&watermark=1]`: `{errMsg, encryptedData, iv}` with alice's current session_key;
 * - `GET /stats`, `GET /config` (`{appId}`);
 * - `POST /control {failNext?: {endpoint: "code2session", errcode, times?}, advanceSeconds?}`.
 *
 * @example
 * ```ts
 * const { status, body } = handleFakeKuaishouRequest(api, { method: 'GET', path: '/login-code', query: { user: 'alice' }, body: '' });
 * ```
 */
export function handleFakeKuaishouRequest(api: FakeKuaishouApi, request: FakeKuaishouRequest): FakeKuaishouResponse {
  const { method, path, query } = request;
  switch (path) {
    case FAKE_KUAISHOU_PATH: {
      if (method !== 'POST' && method !== 'GET') return { status: 405, body: api.errorBody(100200100) };
      const fields: Record<string, string | undefined> = { ...query, ...(method === 'POST' ? formFields(request.body) : {}) };
      return ok(api.code2session(fields));
    }
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
      const event = api.phoneEvent(user, mobile, { ...(appId === undefined ? {} : { appId }), watermark: query['watermark'] === '1' });
      if (event === undefined) return badRequest(`${user} has not logged in: Kuaishou has no session_key to encrypt with. Exchange a /login-code first.`);
      return ok({ ...event });
    }
    case '/stats':
      return ok({ ...api.stats() });
    case '/config':
      return ok({ appId: api.appId });
    case '/control':
      return applyControl(api, method, request.body, { endpoints: FAKE_KUAISHOU_ENDPOINTS, isErrcode: isKuaishouErrorResult, errcodeHint: 'a number other than 1' });
    default:
      return { status: 404, body: { result: 404, error_msg: 'sandbox: no such Kuaishou path' } };
  }
}
