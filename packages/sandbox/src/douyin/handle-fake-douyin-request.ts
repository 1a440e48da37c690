import {
  formFields,
  isIntegerErrcode,
  isJsonBody,
  isResponse,
  jsonFields,
  ok,
  sandboxMobile,
  type FakePlatformRequest,
  type FakePlatformResponse,
} from '../lib/fake-platform-http';
import { handleSandboxControls, otherAppOption } from '../lib/handle-sandbox-controls';
import { FAKE_DOUYIN_ENDPOINTS, type FakeDouyinEndpoint } from './douyin-errors';
import type { FakeDouyinApi } from './fake-douyin-api';

/** One HTTP request to the fake Douyin: FakeWechatRequest's shape plus lower-case `headers` (get_phonenumber_info reads `access-token`). */
export type FakeDouyinRequest = FakePlatformRequest;
export type FakeDouyinResponse = FakePlatformResponse;

/** The paths the fake serves, below one base (Douyin spreads them over developer.toutiao.com and open.douyin.com). */
export const FAKE_DOUYIN_PATHS: Readonly<Record<FakeDouyinEndpoint, string>> = {
  jscode2session: '/api/apps/v2/jscode2session',
  client_token: '/oauth/client_token/',
  get_phonenumber_info: '/api/apps/v1/get_phonenumber_info/',
};

function wrongMethod(api: FakeDouyinApi, endpoint: FakeDouyinEndpoint): FakeDouyinResponse {
  // Douyin documents no answer to a GET on these POST endpoints; the sandbox
  // says 405 with the endpoint's own parameter error, so a client sees both.
  const errNo = endpoint === 'jscode2session' ? 40014 : endpoint === 'client_token' ? 10002 : 28001007;
  return { status: 405, body: api.errorBody(endpoint, errNo) };
}

/**
 * Routes one request to the fake Douyin. Below the base URL it serves
 * Douyin's own paths (`POST /api/apps/v2/jscode2session` JSON,
 * `POST /oauth/client_token/` JSON or form, `POST
 * /api/apps/v1/get_phonenumber_info/` JSON with header `access-token`) and
 * the sandbox controls:
 *
 * - `GET /login-code?user=alice[&appId=tt…][&anonymous=1]`: what tt.login gives (`{code}`, plus `anonymousCode` with anonymous=1);
 * - `GET /phone-code?mobile=13811112222[&appId=tt…]`: a getPhoneNumber button `code`;
 * - `GET /phone-event?user=alice&mobile=...[&appId=tt…]`: the whole event detail
 *   `{errMsg, code, encryptedData, iv}`, encrypted with alice's current session_key;
 * - `GET /stats`, `GET /config` (`{appId}`);
 * - `POST /control {failNext?: {endpoint, errcode, times?}, tokenTtlSeconds?, expireTokens?, advanceSeconds?}`.
 *
 * @example
 * ```ts
 * const { status, body } = handleFakeDouyinRequest(api, { method: 'GET', path: '/login-code', query: { user: 'alice' }, body: '' });
 * ```
 */
export function handleFakeDouyinRequest(api: FakeDouyinApi, request: FakeDouyinRequest): FakeDouyinResponse {
  const { method, path, query } = request;
  switch (path) {
    case FAKE_DOUYIN_PATHS.jscode2session:
      // The v2 endpoint takes a JSON body (content-type 必填 "application/json", code-2-session page).
      return method === 'POST' ? ok(api.jscode2session(jsonFields(request.body))) : wrongMethod(api, 'jscode2session');
    case FAKE_DOUYIN_PATHS.client_token: {
      if (method !== 'POST') return wrongMethod(api, 'client_token');
      return ok(api.clientToken(isJsonBody(request) ? jsonFields(request.body) : formFields(request.body)));
    }
    case FAKE_DOUYIN_PATHS.get_phonenumber_info: {
      if (method !== 'POST') return wrongMethod(api, 'get_phonenumber_info');
      return ok(api.getPhoneNumberInfo(request.headers?.['access-token'], jsonFields(request.body)));
    }
    case '/phone-code': {
      const mobile = sandboxMobile(query);
      if (isResponse(mobile)) return mobile;
      const app = otherAppOption(query, 'appId');
      if (isResponse(app)) return app;
      return ok({ code: api.mintPhoneCode(mobile, app) });
    }
    default: {
      const control = handleSandboxControls(api, request, {
        platform: 'Douyin',
        appParam: 'appId',
        control: { endpoints: FAKE_DOUYIN_ENDPOINTS, isErrcode: isIntegerErrcode, errcodeHint: 'number' },
        loginCode: (user, app, controlQuery) => {
          const anonymous = controlQuery['anonymous'] === '1' ? { anonymousCode: api.mintAnonymousCode(user, app) } : {};
          return { code: api.mintLoginCode(user, app), ...anonymous };
        },
      });
      return control ?? { status: 404, body: { err_no: 404, err_tips: 'sandbox: no such Douyin path' } };
    }
  }
}
