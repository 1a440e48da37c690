import { queryAndFormFields, ok, type FakePlatformRequest, type FakePlatformResponse } from '../lib/fake-platform-http';
import { handleSandboxControls } from '../lib/handle-sandbox-controls';
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
  if (request.path === FAKE_BAIDU_PATH) {
    const fields = queryAndFormFields(request);
    return fields === undefined ? { status: 405, body: api.errorBody('invalid_request') } : ok(api.jscode2sessionkey(fields));
  }
  const control = handleSandboxControls(api, request, {
    platform: 'Baidu',
    appParam: 'appKey',
    control: { endpoints: FAKE_BAIDU_ENDPOINTS, isErrcode: isFakeBaiduError, errcodeHint: 'an OAuth error such as "invalid_grant"' },
  });
  return control ?? { status: 404, body: { error: 'invalid_request', error_description: 'sandbox: no such Baidu path' } };
}
