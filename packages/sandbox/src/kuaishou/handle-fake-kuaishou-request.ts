import { queryAndFormFields, ok, type FakePlatformRequest, type FakePlatformResponse } from '../lib/fake-platform-http';
import { handleSandboxControls } from '../lib/handle-sandbox-controls';
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
  if (request.path === FAKE_KUAISHOU_PATH) {
    const fields = queryAndFormFields(request);
    return fields === undefined ? { status: 405, body: api.errorBody(100200100) } : ok(api.code2session(fields));
  }
  const control = handleSandboxControls(api, request, {
    platform: 'Kuaishou',
    appParam: 'appId',
    control: { endpoints: FAKE_KUAISHOU_ENDPOINTS, isErrcode: isKuaishouErrorResult, errcodeHint: 'a number other than 1' },
    phoneEvent: (user, mobile, app, query) => api.phoneEvent(user, mobile, { ...app, watermark: query['watermark'] === '1' }),
  });
  return control ?? { status: 404, body: { result: 404, error_msg: 'sandbox: no such Kuaishou path' } };
}
