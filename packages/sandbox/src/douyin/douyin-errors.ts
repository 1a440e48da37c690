/** The Douyin endpoints the fake plays; `failNext` and the call counters name them. */
export const FAKE_DOUYIN_ENDPOINTS = ['jscode2session', 'client_token', 'get_phonenumber_info'] as const;
export type FakeDouyinEndpoint = (typeof FAKE_DOUYIN_ENDPOINTS)[number];

/** @returns whether `value` names one of the fake Douyin's endpoints. */
export function isFakeDouyinEndpoint(value: unknown): value is FakeDouyinEndpoint {
  return typeof value === 'string' && (FAKE_DOUYIN_ENDPOINTS as readonly string[]).includes(value);
}

/**
 * The error codes Douyin documents for each endpoint, with the message it
 * sends (`err_tips` for jscode2session, `data.description` for client_token,
 * `err_msg` for get_phonenumber_info). A code `sandbox-errcode-<n>` (login or
 * phone) makes the fake answer n; `failNext` queues any of them.
 */
export const FAKE_DOUYIN_ERRORS: Readonly<Record<FakeDouyinEndpoint, Readonly<Record<number, string>>>> = {
  // https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/server/basic-abilities/log-in/code-2-session
  // (错误号: -1 系统错误, 40014 未传必要参数, 40015 appid 错误, 40017 secret 错误, 40018 code 错误,
  // 40019 acode 错误; the err_tips "bad appid"/"bad secret" are the doc's own examples, "bad code" is
  // what Douyin answered in https://developer.open-douyin.com/forum/synthesize/post/5dc65214f5dbe415dc1540b5,
  // "bad params" is ByteDance's open-platform name for 40014; "bad anonymous_code" is this fake's wording).
  jscode2session: {
    [-1]: 'system error',
    40014: 'bad params',
    40015: 'bad appid',
    40017: 'bad secret',
    40018: 'bad code',
    40019: 'bad anonymous_code',
  },
  // https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/server/interface-request-credential/non-user-authorization/get-client_token
  // (10002 参数错误, 10003 client_key 不存在 — its example answer says "配置无效" —, 10013 client_key 或者
  // client_secret 报错); 10020 is the rate limit of
  // https://developer.open-douyin.com/docs/resource/zh-CN/local-life/develop/preparation/client_token
  client_token: {
    10002: '参数错误',
    10003: '配置无效',
    10013: 'client_key 或者 client_secret 报错',
    10020: '请求频率过高',
  },
  // The open.douyin.com status codes, https://developer.open-douyin.com/docs/resource/zh-cn/dop/develop/openapi/status-code
  // (28001003 access_token无效 as listed by the open.douyin.com app APIs, e.g.
  // https://developer.open-douyin.com/docs/resource/zh-CN/thirdparty/API/smallprogram/auth-app-manage/login/code2session-v2).
  // 28005187 (code expired or used) is not in any page found; it is what the kode/mini-app SDK says Douyin answers.
  get_phonenumber_info: {
    28001003: 'access_token无效',
    28001005: '系统内部错误,请重试',
    28001007: '参数不合法',
    28001008: 'access_token过期,请刷新或重新授权',
    28003018: '请求频率过高',
    28005187: 'code 已过期',
  },
};
