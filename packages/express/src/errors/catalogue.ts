import { CORE_ERROR_CATALOGUE, CORE_ERROR_CODES, isCoreErrorCode, type CoreErrorCode } from '@phonekit/core';
import { ACCOUNTS_STORE_ERROR_CODES } from '../accounts/accounts-port';

/**
 * The HTTP layer's error catalogue, the trpc way:
 * - core (@phonekit/core) owns the codes it throws, with words about payloads and keys;
 * - this module adds the codes only the server raises (request shape,
 *   routing, rate limit, timeout, WeChat's server API and sessions, login
 *   sessions) and those of the accounts store it is given, the
 *   HTTP status of EVERY code, and hints that name the server's settings and
 *   routes where it knows a better fix than core's generic one.
 *
 * `HTTP_STATUS` is a `Record<ApiErrorCode, number>`: a code added on either
 * side without a status does not compile.
 */
export const EXPRESS_ERROR_CODES = [
  // request shape and routing
  'INVALID_JSON',
  'PAYLOAD_TOO_LARGE',
  'APP_ID_REQUIRED',
  'APP_NOT_CONFIGURED',
  'NOT_FOUND',
  'RATE_LIMITED',
  'REQUEST_TIMEOUT',
  'CONTENT_ENCODING_UNSUPPORTED',
  'HEADERS_TOO_LARGE',
  'HTTP_MALFORMED',
  'INTERNAL',
  // what the server depends on
  'REDIS_UNAVAILABLE',
  // Alipay: the login's configuration
  'ALIPAY_LOGIN_NOT_CONFIGURED',
  // WeChat: configuration, sessions, and what WeChat's server API answers
  'WECHAT_NOT_CONFIGURED',
  'WECHAT_SESSION_INVALID',
  'WECHAT_SYSTEM_BUSY',
  'WECHAT_ACCESS_TOKEN_INVALID',
  'WECHAT_APP_ID_INVALID',
  'WECHAT_APP_SECRET_INVALID',
  'WECHAT_CODE_INVALID',
  'WECHAT_CODE_USED',
  'WECHAT_RISKY_USER',
  'WECHAT_ACCESS_TOKEN_EXPIRED',
  'WECHAT_RATE_LIMITED',
  'WECHAT_SIGNATURE_INVALID',
  'WECHAT_QUOTA_EXCEEDED',
  'WECHAT_UPSTREAM_ERROR',
  // Douyin, Baidu, QQ and Kuaishou: configuration, sessions, and what their server APIs answer
  'DOUYIN_NOT_CONFIGURED',
  'DOUYIN_SESSION_INVALID',
  'DOUYIN_SYSTEM_BUSY',
  'DOUYIN_APP_ID_INVALID',
  'DOUYIN_APP_SECRET_INVALID',
  'DOUYIN_CODE_INVALID',
  'DOUYIN_RATE_LIMITED',
  'DOUYIN_UPSTREAM_ERROR',
  'DOUYIN_ACCESS_TOKEN_INVALID',
  'DOUYIN_PRIVATE_KEY_NOT_CONFIGURED',
  'BAIDU_NOT_CONFIGURED',
  'BAIDU_SESSION_INVALID',
  'BAIDU_SYSTEM_BUSY',
  'BAIDU_APP_KEY_INVALID',
  'BAIDU_APP_SECRET_INVALID',
  'BAIDU_CODE_INVALID',
  'BAIDU_UPSTREAM_ERROR',
  'QQ_NOT_CONFIGURED',
  'QQ_SESSION_INVALID',
  'QQ_SYSTEM_BUSY',
  'QQ_APP_ID_INVALID',
  'QQ_APP_SECRET_INVALID',
  'QQ_CODE_INVALID',
  'QQ_RATE_LIMITED',
  'QQ_UPSTREAM_ERROR',
  'KUAISHOU_NOT_CONFIGURED',
  'KUAISHOU_SESSION_INVALID',
  'KUAISHOU_SYSTEM_BUSY',
  'KUAISHOU_APP_SECRET_INVALID',
  'KUAISHOU_CODE_INVALID',
  'KUAISHOU_UPSTREAM_ERROR',
  // accounts: login sessions, and the server's accounts configuration
  'ACCOUNTS_NOT_CONFIGURED',
  'SESSION_INVALID',
  'LOGIN_REQUIRED',
  // accounts: what the accounts store (@phonekit/accounts) throws, answered
  // as it is (its PHONE_INVALID is core's code, answered with core's entry)
  ...ACCOUNTS_STORE_ERROR_CODES,
] as const;

export type ExpressErrorCode = (typeof EXPRESS_ERROR_CODES)[number];

/** Every code the server can answer: core's and its own. */
export type ApiErrorCode = CoreErrorCode | ExpressErrorCode;

/** Every code the server can answer, core's first (the order of the README's table). */
export const API_ERROR_CODES: readonly ApiErrorCode[] = [...CORE_ERROR_CODES, ...EXPRESS_ERROR_CODES];

/** The words of a code: what went wrong, whether to retry, and the fix. */
export interface ErrorText {
  readonly retryable: boolean;
  readonly message: string;
  readonly hint: string;
  readonly hintZh: string;
}

/** Everything the server answers for a code: its status and its words. */
export interface ApiErrorEntry extends ErrorText {
  readonly httpStatus: number;
}

const text = (message: string, hint: string, hintZh: string, retryable = false): ErrorText => ({ retryable, message, hint, hintZh });

export const EXPRESS_ERROR_CATALOGUE: Readonly<Record<ExpressErrorCode, ErrorText>> = {
  INVALID_JSON: text(
    'The request body is not valid JSON.',
    'POST /api/alipay/phone-number: send the res.response string from my.getPhoneNumber unchanged, or {"response": "<that string>"}. POST /api/wechat/login and /api/wechat/phone-number: send a JSON object, {"code": "..."} or {"encryptedData": "...", "iv": "..."}.',
    'POST /api/alipay/phone-number：请原样发送 my.getPhoneNumber 返回的 res.response 字符串，或 {"response": "<该字符串>"}。POST /api/wechat/login 和 /api/wechat/phone-number：请发送 JSON 对象 {"code": "..."} 或 {"encryptedData": "...", "iv": "..."}。',
  ),
  PAYLOAD_TOO_LARGE: text(
    'The request body is larger than the server accepts.',
    'A res.response is a few hundred bytes; check that the client sends only res.response (the server reads at most BODY_LIMIT_BYTES, 64 KiB by default).',
    'res.response 只有几百字节；请确认客户端只发送了 res.response（服务端最多读取 BODY_LIMIT_BYTES，默认 64 KiB）。',
  ),
  APP_ID_REQUIRED: text(
    'Several Alipay apps are configured and the request does not say which one it is for.',
    'Send the mini-program appId in the X-Alipay-App-Id header or an "appId" field.',
    '服务端配置了多个支付宝应用：请在 X-Alipay-App-Id 请求头或 "appId" 字段中携带小程序 appId。',
  ),
  APP_NOT_CONFIGURED: text(
    'No Alipay app with this appId is configured on the server.',
    'Add the app (appId, Alipay public key, AES key) to the PHONEKIT_CONFIG file, or fix the appId the client sends.',
    '服务端没有配置该 appId：请在 PHONEKIT_CONFIG 配置文件中添加该应用（appId、支付宝公钥、AES 密钥），或更正客户端发送的 appId。',
  ),
  NOT_FOUND: text('No such route.', 'See the README for the HTTP API.', '请参阅 README 中的 HTTP 接口说明。'),
  RATE_LIMITED: text(
    'Too many requests from this client.',
    'Wait for the number of seconds in the Retry-After header, then try again (the server allows RATE_LIMIT_PER_MINUTE requests per client).',
    '请求过于频繁：请等待 Retry-After 头给出的秒数后重试（服务端按 RATE_LIMIT_PER_MINUTE 限制每个客户端的请求数）。',
    true,
  ),
  REQUEST_TIMEOUT: text(
    'The request (its headers or body) did not arrive in time.',
    'Send the whole request promptly; check the client network (the server waits REQUEST_TIMEOUT_MS, 10 s by default).',
    '请求（请求头或请求体）未能及时送达：请检查客户端网络（服务端等待 REQUEST_TIMEOUT_MS，默认 10 秒）。',
    true,
  ),
  CONTENT_ENCODING_UNSUPPORTED: text(
    'The request body is compressed with a Content-Encoding phonekit does not read.',
    'Send the body uncompressed (no Content-Encoding header), or compressed with gzip, deflate or br.',
    '请求体使用了服务端不支持的 Content-Encoding：请不压缩发送（不带 Content-Encoding 头），或使用 gzip、deflate、br 压缩。',
  ),
  HEADERS_TOO_LARGE: text(
    'The request headers are larger than the server accepts.',
    'Send fewer or shorter headers (cookies of other sites on the same domain are a common cause); node accepts 16 KiB of headers by default.',
    '请求头过大：请减少或缩短请求头（同域其他站点的 Cookie 是常见原因）；node 默认最多接受 16 KiB 的请求头。',
  ),
  HTTP_MALFORMED: text(
    'The request is not valid HTTP/1.1.',
    'Send a well-formed HTTP/1.1 request; if a proxy or load balancer is in front, check what it forwards (TLS must end there, not at phonekit).',
    '请求不是合法的 HTTP/1.1：请发送格式正确的 HTTP/1.1 请求；如前面有代理或负载均衡，请检查其转发内容（TLS 应在代理处终止，而非 phonekit）。',
  ),
  INTERNAL: text(
    'Something went wrong on the server.',
    'Try again; if it persists, check the server log for this request id.',
    '服务端内部错误：请重试；如持续出现，请按请求 ID 查看服务端日志。',
    true,
  ),
  REDIS_UNAVAILABLE: text(
    'Redis (REDIS_URL), where this server keeps WeChat sessions and the access token, did not answer: the connection was refused, dropped or timed out.',
    'Temporary while Redis restarts or fails over: retry after the seconds in Retry-After; the server reconnects by itself. If it lasts, check that the Redis behind REDIS_URL runs and accepts connections from this host (redis-cli -u "$REDIS_URL" ping); GET /readyz says "redis": "down" until it answers.',
    'Redis（REDIS_URL，服务端在其中保存微信会话和 access_token）无响应：连接被拒绝、中断或超时。Redis 重启或切换期间属于暂时现象：请按 Retry-After 给出的秒数后重试，服务端会自动重连。如持续出现，请检查 REDIS_URL 所指的 Redis 是否在运行并接受本机连接（redis-cli -u "$REDIS_URL" ping）；在其恢复前 GET /readyz 显示 "redis": "down"。',
    true,
  ),
  ALIPAY_LOGIN_NOT_CONFIGURED: text(
    'The Alipay login is not configured for this app on this server.',
    'Set ALIPAY_APP_PRIVATE_KEY (appPrivateKey in a PHONEKIT_CONFIG app) to the application private key (应用私钥) whose public half is uploaded under 接口加签方式, with ALIPAY_APP_ID and ALIPAY_PUBLIC_KEY; in certificate mode also ALIPAY_APP_CERT_PATH and ALIPAY_ROOT_CERT_PATH. Then restart. To try the login without keys, run the sandbox (`npx -y pnpm@10 start`, apps/dev).',
    '该应用未配置支付宝登录：请设置 ALIPAY_APP_PRIVATE_KEY（PHONEKIT_CONFIG 中为 appPrivateKey）为应用私钥（其应用公钥已上传到“接口加签方式”），并设置 ALIPAY_APP_ID 和 ALIPAY_PUBLIC_KEY；证书模式还需 ALIPAY_APP_CERT_PATH 和 ALIPAY_ROOT_CERT_PATH。然后重启服务端。无密钥试用请运行沙箱（`npx -y pnpm@10 start`，apps/dev）。',
  ),
  WECHAT_NOT_CONFIGURED: text(
    'WeChat is not configured on this server.',
    'Set WECHAT_APP_ID and WECHAT_APP_SECRET. To try WeChat without keys, run the sandbox (`npx -y pnpm@10 start`, apps/dev).',
    '服务端未配置微信：请设置 WECHAT_APP_ID 和 WECHAT_APP_SECRET。无密钥试用请运行沙箱（`npx -y pnpm@10 start`，apps/dev）。',
  ),
  WECHAT_SESSION_INVALID: text(
    'The session token is unknown or has expired.',
    'Call POST /api/wechat/login with a fresh wx.login code, then retry with the new token.',
    '会话无效或已过期：请用新的 wx.login code 调用 POST /api/wechat/login 后重试。',
  ),
  WECHAT_SYSTEM_BUSY: text('WeChat was busy (errcode -1).', 'Temporary: try again in a moment.', '微信系统繁忙（-1）：请稍后重试。', true),
  WECHAT_ACCESS_TOKEN_INVALID: text(
    'WeChat rejected the access token (errcode 40001).',
    'Check WECHAT_APP_SECRET; another service may be rotating the token with cgi-bin/token (use stable_token everywhere: WECHAT_TOKEN_ENDPOINT=stable).',
    'access_token 无效（40001）：请检查 WECHAT_APP_SECRET；可能有其他服务用 cgi-bin/token 刷新了令牌（建议统一使用 stable_token：WECHAT_TOKEN_ENDPOINT=stable）。',
    true,
  ),
  WECHAT_APP_ID_INVALID: text(
    'WeChat rejected the appid (errcode 40013).',
    'Check WECHAT_APP_ID: it is the mini-program AppID from 开发管理 > 开发设置.',
    'AppID 无效（40013）：请检查 WECHAT_APP_ID（小程序后台 开发管理 > 开发设置）。',
  ),
  WECHAT_APP_SECRET_INVALID: text(
    'WeChat rejected the AppSecret (errcode 40125).',
    'Check WECHAT_APP_SECRET: copy it again from 开发管理 > 开发设置 (resetting it there invalidates the old one everywhere).',
    'AppSecret 无效（40125）：请检查 WECHAT_APP_SECRET，从小程序后台 开发管理 > 开发设置 重新复制（在后台重置会使旧的 AppSecret 立即失效）。',
  ),
  WECHAT_CODE_INVALID: text(
    'WeChat rejected the code (errcode 40029): it is invalid or expired.',
    'Codes are valid for 5 minutes and only for the app that made them: send a fresh code from the client.',
    'code 无效（40029）：code 有效期 5 分钟且仅限本小程序，请客户端重新获取。',
  ),
  WECHAT_CODE_USED: text(
    'WeChat says this code was already used (errcode 40163).',
    'Each code works once: get a new one (wx.login or a new button tap) for every request; do not retry with the same code.',
    'code 已被使用（40163）：每个 code 只能用一次，请重新获取，不要用同一 code 重试。',
  ),
  WECHAT_RISKY_USER: text(
    'WeChat blocked this user as high-risk (errcode 40226).',
    'WeChat intercepts high-risk users; ask the user to type their number instead.',
    '高风险等级用户被微信拦截（40226）：请引导用户手动填写手机号。',
  ),
  WECHAT_ACCESS_TOKEN_EXPIRED: text(
    'The WeChat access token expired (errcode 42001).',
    'phonekit refreshes and retries once automatically; if this persists, check that the server clock is right.',
    'access_token 已过期（42001）：phonekit 会自动刷新并重试一次；若持续出现，请检查服务器时钟。',
    true,
  ),
  WECHAT_RATE_LIMITED: text(
    'WeChat rate-limited the API call (errcode 45011).',
    'Slow down: WeChat limits calls per user per minute; retry later.',
    '调用太频繁（45011）：请降低频率后重试。',
    true,
  ),
  WECHAT_SIGNATURE_INVALID: text(
    'WeChat rejected the signature (errcode 87009).',
    'The session_key used to sign no longer matches: log in again with wx.login and POST /api/wechat/login.',
    '签名无效（87009）：session_key 已变化，请重新 wx.login 并调用 POST /api/wechat/login。',
  ),
  WECHAT_QUOTA_EXCEEDED: text(
    'The phone-number quota of this mini-program is used up (errno 1400001).',
    'The getuserphonenumber feature is billed per call: buy more quota in the WeChat admin console (付费管理); retrying does not help until then.',
    '手机号快速验证组件次数已达上限（1400001）：请在小程序后台（付费管理）购买额度，在此之前重试无效。',
  ),
  WECHAT_UPSTREAM_ERROR: text(
    'WeChat answered with an error phonekit does not know.',
    'See upstream.code and upstream.msg in this response and the WeChat docs for that errcode.',
    '微信返回了未知错误：请查看本响应中的 upstream.code 和 upstream.msg，并参考微信文档。',
  ),
  DOUYIN_NOT_CONFIGURED: text(
    'Douyin is not configured on this server.',
    'Set DOUYIN_APP_ID and DOUYIN_APP_SECRET (and DOUYIN_APP_PRIVATE_KEY for the getPhoneNumber code flow). To try it without keys, run the sandbox (`npx -y pnpm@10 start`, apps/dev).',
    '服务端未配置抖音：请设置 DOUYIN_APP_ID 和 DOUYIN_APP_SECRET（code 换手机号还需 DOUYIN_APP_PRIVATE_KEY）。无密钥试用请运行沙箱（`npx -y pnpm@10 start`，apps/dev）。',
  ),
  DOUYIN_SESSION_INVALID: text(
    'The session token is unknown or has expired.',
    'Call POST /api/douyin/login with a fresh tt.login code, then retry with the new token.',
    '会话无效或已过期：请用新的 tt.login code 调用 POST /api/douyin/login 后重试。',
  ),
  DOUYIN_SYSTEM_BUSY: text(
    'Douyin was busy or could not be reached.',
    'Temporary: try again in a moment.',
    '抖音系统繁忙或无法连接：请稍后重试。', true,
  ),
  DOUYIN_APP_ID_INVALID: text(
    'Douyin rejected the app\'s AppID.',
    'Check DOUYIN_APP_ID: it is the mini-program\'s AppID from the Douyin developer console (控制台 > 小程序详情 > 开发 > 开发配置).',
    'AppID 无效：请检查 DOUYIN_APP_ID（抖音开放平台控制台 > 小程序详情 > 开发 > 开发配置）。',
  ),
  DOUYIN_APP_SECRET_INVALID: text(
    'Douyin rejected the app\'s secret.',
    'Check DOUYIN_APP_SECRET: copy it again from the Douyin developer console (控制台 > 小程序详情 > 开发 > 开发配置) (resetting it there invalidates the old one everywhere).',
    '密钥无效：请检查 DOUYIN_APP_SECRET，从抖音开放平台控制台 > 小程序详情 > 开发 > 开发配置重新复制（在后台重置会使旧密钥立即失效）。',
  ),
  DOUYIN_CODE_INVALID: text(
    'Douyin rejected the code: it is invalid, expired, already used or made for another app.',
    'Each code works once, for a few minutes, and only for the app that made it: get a new one for every request; do not retry with the same code.',
    '抖音拒绝了该 code：code 无效、已过期、已使用或属于其他小程序。每个 code 只能用一次，请重新获取，不要用同一 code 重试。',
  ),
  DOUYIN_RATE_LIMITED: text(
    'Douyin rate-limited the API call.',
    'Slow down and retry later.',
    '抖音接口调用太频繁：请降低频率后重试。', true,
  ),
  DOUYIN_UPSTREAM_ERROR: text(
    'Douyin answered with an error phonekit does not know, or an answer its documentation does not describe.',
    'See upstream.code and upstream.msg in this response and the Douyin docs for that code.',
    '抖音返回了未知错误：请查看本响应中的 upstream.code 和 upstream.msg，并参考抖音文档。',
  ),
  DOUYIN_ACCESS_TOKEN_INVALID: text(
    'Douyin refused the client_token (invalid or expired).',
    'phonekit fetches a new client_token and retries once automatically; if this persists, check DOUYIN_APP_SECRET and the server clock.',
    'client_token 无效或已过期：phonekit 会自动刷新并重试一次；若持续出现，请检查 DOUYIN_APP_SECRET 和服务器时钟。', true,
  ),
  DOUYIN_PRIVATE_KEY_NOT_CONFIGURED: text(
    'This server has no Douyin app private key, so it cannot open the phone data of the getPhoneNumber code flow.',
    'Set DOUYIN_APP_PRIVATE_KEY to the private key whose public key you uploaded in the Douyin console (开发 > 开发配置 > 密钥设置), or send the legacy {encryptedData, iv} with the session token.',
    '服务端未配置抖音应用私钥，无法解密 code 换取的手机号：请将 DOUYIN_APP_PRIVATE_KEY 设为与抖音控制台（开发 > 开发配置 > 密钥设置）上传的公钥配对的私钥，或改用 encryptedData/iv 旧流程。',
  ),
  BAIDU_NOT_CONFIGURED: text(
    'Baidu is not configured on this server.',
    'Set BAIDU_APP_KEY and BAIDU_APP_SECRET. To try it without keys, run the sandbox (`npx -y pnpm@10 start`, apps/dev).',
    '服务端未配置百度：请设置 BAIDU_APP_KEY 和 BAIDU_APP_SECRET。无密钥试用请运行沙箱（`npx -y pnpm@10 start`，apps/dev）。',
  ),
  BAIDU_SESSION_INVALID: text(
    'The session token is unknown or has expired.',
    'Call POST /api/baidu/login with a fresh swan.getLoginCode code, then retry with the new token.',
    '会话无效或已过期：请用新的 swan.getLoginCode code 调用 POST /api/baidu/login 后重试。',
  ),
  BAIDU_SYSTEM_BUSY: text(
    'Baidu was busy or could not be reached.',
    'Temporary: try again in a moment.',
    '百度系统繁忙或无法连接：请稍后重试。', true,
  ),
  BAIDU_APP_KEY_INVALID: text(
    'Baidu rejected the app\'s App Key.',
    'Check BAIDU_APP_KEY: it is the mini-program\'s App Key from the Baidu smart program console (设置 > 开发设置).',
    'App Key 无效：请检查 BAIDU_APP_KEY（百度智能小程序开发者平台 > 设置 > 开发设置）。',
  ),
  BAIDU_APP_SECRET_INVALID: text(
    'Baidu rejected the app\'s secret.',
    'Check BAIDU_APP_SECRET: copy it again from the Baidu smart program console (设置 > 开发设置) (resetting it there invalidates the old one everywhere).',
    '密钥无效：请检查 BAIDU_APP_SECRET，从百度智能小程序开发者平台 > 设置 > 开发设置重新复制（在后台重置会使旧密钥立即失效）。',
  ),
  BAIDU_CODE_INVALID: text(
    'Baidu rejected the code: it is invalid, expired, already used or made for another app.',
    'Each code works once, for a few minutes, and only for the app that made it: get a new one for every request; do not retry with the same code.',
    '百度拒绝了该 code：code 无效、已过期、已使用或属于其他小程序。每个 code 只能用一次，请重新获取，不要用同一 code 重试。',
  ),
  BAIDU_UPSTREAM_ERROR: text(
    'Baidu answered with an error phonekit does not know, or an answer its documentation does not describe.',
    'See upstream.code and upstream.msg in this response and the Baidu docs for that code.',
    '百度返回了未知错误：请查看本响应中的 upstream.code 和 upstream.msg，并参考百度文档。',
  ),
  QQ_NOT_CONFIGURED: text(
    'QQ is not configured on this server.',
    'Set QQ_APP_ID and QQ_APP_SECRET. To try it without keys, run the sandbox (`npx -y pnpm@10 start`, apps/dev).',
    '服务端未配置QQ：请设置 QQ_APP_ID 和 QQ_APP_SECRET。无密钥试用请运行沙箱（`npx -y pnpm@10 start`，apps/dev）。',
  ),
  QQ_SESSION_INVALID: text(
    'The session token is unknown or has expired.',
    'Call POST /api/qq/login with a fresh qq.login code, then retry with the new token.',
    '会话无效或已过期：请用新的 qq.login code 调用 POST /api/qq/login 后重试。',
  ),
  QQ_SYSTEM_BUSY: text(
    'QQ was busy or could not be reached.',
    'Temporary: try again in a moment.',
    'QQ系统繁忙或无法连接：请稍后重试。', true,
  ),
  QQ_APP_ID_INVALID: text(
    'QQ rejected the app\'s AppID.',
    'Check QQ_APP_ID: it is the mini-program\'s AppID from the QQ mini-program admin (设置 > 开发设置).',
    'AppID 无效：请检查 QQ_APP_ID（QQ 小程序管理后台 > 设置 > 开发设置）。',
  ),
  QQ_APP_SECRET_INVALID: text(
    'QQ rejected the app\'s secret.',
    'Check QQ_APP_SECRET: copy it again from the QQ mini-program admin (设置 > 开发设置) (resetting it there invalidates the old one everywhere).',
    '密钥无效：请检查 QQ_APP_SECRET，从QQ 小程序管理后台 > 设置 > 开发设置重新复制（在后台重置会使旧密钥立即失效）。',
  ),
  QQ_CODE_INVALID: text(
    'QQ rejected the code: it is invalid, expired, already used or made for another app.',
    'Each code works once, for a few minutes, and only for the app that made it: get a new one for every request; do not retry with the same code.',
    'QQ拒绝了该 code：code 无效、已过期、已使用或属于其他小程序。每个 code 只能用一次，请重新获取，不要用同一 code 重试。',
  ),
  QQ_RATE_LIMITED: text(
    'QQ rate-limited the API call.',
    'Slow down and retry later.',
    'QQ接口调用太频繁：请降低频率后重试。', true,
  ),
  QQ_UPSTREAM_ERROR: text(
    'QQ answered with an error phonekit does not know, or an answer its documentation does not describe.',
    'See upstream.code and upstream.msg in this response and the QQ docs for that code.',
    'QQ返回了未知错误：请查看本响应中的 upstream.code 和 upstream.msg，并参考QQ文档。',
  ),
  KUAISHOU_NOT_CONFIGURED: text(
    'Kuaishou is not configured on this server.',
    'Set KUAISHOU_APP_ID and KUAISHOU_APP_SECRET. To try it without keys, run the sandbox (`npx -y pnpm@10 start`, apps/dev).',
    '服务端未配置快手：请设置 KUAISHOU_APP_ID 和 KUAISHOU_APP_SECRET。无密钥试用请运行沙箱（`npx -y pnpm@10 start`，apps/dev）。',
  ),
  KUAISHOU_SESSION_INVALID: text(
    'The session token is unknown or has expired.',
    'Call POST /api/kuaishou/login with a fresh ks.login code, then retry with the new token.',
    '会话无效或已过期：请用新的 ks.login code 调用 POST /api/kuaishou/login 后重试。',
  ),
  KUAISHOU_SYSTEM_BUSY: text(
    'Kuaishou was busy or could not be reached.',
    'Temporary: try again in a moment.',
    '快手系统繁忙或无法连接：请稍后重试。', true,
  ),
  KUAISHOU_APP_SECRET_INVALID: text(
    'Kuaishou rejected the app\'s id and secret (they do not match).',
    'Check KUAISHOU_APP_ID and KUAISHOU_APP_SECRET: copy both again from the Kuaishou mini-program console (开发设置); resetting the secret there invalidates the old one everywhere.',
    'AppID 与密钥不匹配：请检查 KUAISHOU_APP_ID 和 KUAISHOU_APP_SECRET，从快手小程序开发者平台 > 开发设置重新复制（在后台重置密钥会使旧密钥立即失效）。',
  ),
  KUAISHOU_CODE_INVALID: text(
    'Kuaishou rejected the code: it is invalid, expired, already used or made for another app.',
    'Each code works once, for a few minutes, and only for the app that made it: get a new one for every request; do not retry with the same code.',
    '快手拒绝了该 code：code 无效、已过期、已使用或属于其他小程序。每个 code 只能用一次，请重新获取，不要用同一 code 重试。',
  ),
  KUAISHOU_UPSTREAM_ERROR: text(
    'Kuaishou answered with an error phonekit does not know, or an answer its documentation does not describe.',
    'See upstream.code and upstream.msg in this response and the Kuaishou docs for that code.',
    '快手返回了未知错误：请查看本响应中的 upstream.code 和 upstream.msg，并参考快手文档。',
  ),
  ACCOUNTS_NOT_CONFIGURED: text(
    'Accounts are not configured on this server.',
    'Set DATABASE_URL (postgres://...) for Postgres, or PHONEKIT_DATA_DIR for the embedded PGlite database, and PHONEKIT_DATA_KEY (`openssl rand -base64 32`), then restart. Without them the phone-number routes still answer, without binding the number to anyone.',
    '服务端未配置账号：请设置 DATABASE_URL（postgres://...，使用 Postgres）或 PHONEKIT_DATA_DIR（使用内嵌的 PGlite 数据库），以及 PHONEKIT_DATA_KEY（`openssl rand -base64 32`），然后重启。未配置时手机号接口照常可用，但不会把号码绑定到任何用户。',
  ),
  SESSION_INVALID: text(
    'The session token is unknown, has expired, or its session was ended.',
    'Log in again (POST /api/alipay/login with a fresh my.getAuthCode code, or POST /api/wechat/login with a fresh wx.login code) and send the new token as "Authorization: Bearer <sessionToken>". A token stops working when its session expires (SESSION_TTL_SECONDS) or the user is erased (DELETE /api/me).',
    '会话令牌无效、已过期或会话已结束：请重新登录（用新的 my.getAuthCode 授权码调用 POST /api/alipay/login，或用新的 wx.login code 调用 POST /api/wechat/login），并以 "Authorization: Bearer <sessionToken>" 发送新令牌。会话过期（SESSION_TTL_SECONDS）或用户注销（DELETE /api/me）后令牌即失效。',
  ),
  LOGIN_REQUIRED: text(
    'This server binds phone numbers to logged-in users, and the request carries no session token.',
    'Log in first (POST /api/alipay/login or POST /api/wechat/login) and send "Authorization: Bearer <sessionToken>" with the phone-number request. The server runs with REQUIRE_LOGIN=true; without it, requests without a token are answered statelessly.',
    '服务端要求先登录（REQUIRE_LOGIN=true），请求中没有会话令牌：请先登录（POST /api/alipay/login 或 POST /api/wechat/login），再在手机号请求中携带 "Authorization: Bearer <sessionToken>"。',
  ),
  INPUT_INVALID: text(
    'The accounts store refused a value the server passed it.',
    'A platform user id, app id or consent field is too long or holds control characters; check what the platform answered (the server log has the request id).',
    '账号存储拒绝了服务端传入的值：平台用户 id、appId 或授权记录字段过长或包含控制字符，请检查平台返回的数据（服务端日志中有请求 ID）。',
  ),
  USER_NOT_FOUND: text(
    'The user of this session no longer exists.',
    'The user was erased (DELETE /api/me) while the request ran: log in again (POST /api/wechat/login) to start a new account.',
    '该会话的用户已不存在（请求处理中用户被注销，DELETE /api/me）：请重新登录（POST /api/wechat/login）以创建新账号。',
  ),
  SESSION_NOT_FOUND: text(
    'The session ended while the request ran.',
    'Log in again (POST /api/wechat/login) and retry with the new token.',
    '会话在请求处理中已结束：请重新登录（POST /api/wechat/login）后用新令牌重试。',
  ),
  PHONE_ALREADY_BOUND: text(
    'This phone number is already bound to another user of this app.',
    'Ask the user to sign in with the account that holds this number, or erase that account first (DELETE /api/me with its token).',
    '该手机号已绑定到本应用的另一个用户：请让用户使用绑定该号码的账号登录，或先注销该账号（用其令牌调用 DELETE /api/me）。',
  ),
  DATA_KEY_MISSING: text(
    'PHONEKIT_DATA_KEY is not set: phone numbers and session keys cannot be stored without a data key.',
    'Generate one with `openssl rand -base64 32`, set PHONEKIT_DATA_KEY to it (or to "id:base64" entries, newest last) and restart. Keep it out of the repository and back it up: rows cannot be read without it.',
    '未设置 PHONEKIT_DATA_KEY：没有数据密钥就无法加密存储手机号和 session_key。请用 `openssl rand -base64 32` 生成并设置 PHONEKIT_DATA_KEY（或 "id:base64" 列表，最新的放最后）后重启。不要提交到仓库，并妥善备份：丢失后数据无法解密。',
  ),
  DATA_KEY_INVALID: text(
    'PHONEKIT_DATA_KEY is not a valid key or keyring.',
    'Set PHONEKIT_DATA_KEY to the base64 of exactly 32 random bytes, or to comma-separated "id:base64" entries (ids of letters, digits, "-" or "_", each once), the newest last.',
    'PHONEKIT_DATA_KEY 格式不对：应为 32 字节随机数的 base64，或以逗号分隔的 "id:base64" 列表（id 由字母、数字、"-"、"_" 组成且不重复），最新的放最后。',
  ),
  BLIND_INDEX_KEY_INVALID: text(
    'PHONEKIT_BLIND_INDEX_KEY is not a valid key.',
    'Set PHONEKIT_BLIND_INDEX_KEY to the base64 of exactly 32 random bytes (optionally "id:base64"), or leave it unset to derive the blind-index key from PHONEKIT_DATA_KEY.',
    'PHONEKIT_BLIND_INDEX_KEY 格式不对：应为 32 字节随机数的 base64（可写成 "id:base64"），或不设置，由 PHONEKIT_DATA_KEY 派生。',
  ),
  DATA_KEY_UNKNOWN: text(
    'A stored row is encrypted under a key id that is not in PHONEKIT_DATA_KEY.',
    'Put the old key back into PHONEKIT_DATA_KEY (as "id:base64", before the newest), restart, and finish the key rotation before removing it.',
    '有数据行使用的密钥 id 不在 PHONEKIT_DATA_KEY 中：请把旧密钥以 "id:base64" 加回 PHONEKIT_DATA_KEY（放在最新密钥之前）并重启，完成密钥轮换后再删除。',
  ),
  FIELD_DECRYPTION_FAILED: text(
    'An encrypted field did not decrypt: it was altered, moved from another row, or written under a different key with the same id.',
    'Restore the row from a backup; check that no two keys in PHONEKIT_DATA_KEY were ever given the same id.',
    '加密字段解密失败：数据被篡改、被从别的行挪来，或用同一 id 的另一把密钥写入。请从备份恢复该行，并确认 PHONEKIT_DATA_KEY 中不同密钥从未使用相同 id。',
  ),
  DATABASE_OPTIONS_INVALID: text(
    'The accounts database settings are invalid.',
    'Set either DATABASE_URL (postgres:// or postgresql://) or PHONEKIT_DATA_DIR (a folder for the embedded PGlite database).',
    '账号数据库配置无效：请设置 DATABASE_URL（postgres:// 或 postgresql://）或 PHONEKIT_DATA_DIR（内嵌 PGlite 数据库的目录）之一。',
  ),
  DATABASE_UNAVAILABLE: text(
    'The accounts database (Postgres, DATABASE_URL) did not answer: the connection was refused, dropped or timed out.',
    'Temporary while Postgres restarts or fails over: retry after the seconds in Retry-After; the server reconnects by itself. If it lasts, check that the Postgres behind DATABASE_URL runs and accepts connections from this host (pg_isready), and its max_connections; GET /readyz says "database": "down" until it answers.',
    '账号数据库（Postgres，DATABASE_URL）无响应：连接被拒绝、中断或超时。Postgres 重启或切换期间属于暂时现象：请按 Retry-After 给出的秒数后重试，服务端会自动重连。如持续出现，请检查 DATABASE_URL 所指的 Postgres 是否在运行并接受本机连接（pg_isready），以及其 max_connections；在其恢复前 GET /readyz 显示 "database": "down"。',
    true,
  ),
  MIGRATION_FAILED: text(
    'A database migration failed; the database was left at the last migration that succeeded.',
    'Read the server log; fix the database behind DATABASE_URL (permissions, a conflicting object in the "phonekit" schema) and restart.',
    '数据库迁移失败，数据库停留在最后一次成功的迁移：请查看服务端日志，修复 DATABASE_URL 所指数据库（权限、"phonekit" schema 中的冲突对象）后重启。',
  ),
};

/** The hints of a core code, as the server words them. */
export interface ServerHint {
  readonly hint: string;
  readonly hintZh: string;
}

/**
 * Where the server knows the setting or route that fixes a core failure,
 * its hint replaces core's generic one (which speaks only of keys and payloads).
 */
export const SERVER_HINTS: Readonly<Partial<Record<CoreErrorCode, ServerHint>>> = {
  PAYLOAD_MALFORMED: {
    hint: 'POST /api/alipay/phone-number takes the JSON text of res.response, {"response": "...", "sign": "...", "sign_type": "RSA2", ...}, or the button event detail {encryptedData, sign}: send res.response itself, not res, and do not re-encode it. The WeChat routes take the JSON object the message names.',
    hintZh: 'POST /api/alipay/phone-number 需要 res.response 的 JSON 文本：{"response": "...", "sign": "...", "sign_type": "RSA2", ...}，或按钮事件的 {encryptedData, sign}；请发送 res.response 本身（不是 res），且不要再次编码。微信接口需要错误信息中所示的 JSON 对象。',
  },
  SIGNATURE_MISSING: {
    hint: 'Set the "接口加签方式" (interface signing method) in the Alipay console (开发设置) and upload your application public key; Alipay only adds "sign" when it is set, together with the AES key and the application gateway. For local development only, ALIPAY_ALLOW_UNSIGNED=true (allowUnsigned in a PHONEKIT_CONFIG app) accepts unsigned payloads.',
    hintZh: '报文没有 sign：请在开放平台控制台 > 开发设置中设置“接口加签方式”（并同时配置接口内容加密方式和应用网关），支付宝才会返回 sign。仅限本地开发时可设置 ALIPAY_ALLOW_UNSIGNED=true（PHONEKIT_CONFIG 中为 allowUnsigned）接受未签名报文。',
  },
  SIGNATURE_INVALID: {
    hint: 'Check ALIPAY_PUBLIC_KEY (publicKey in a PHONEKIT_CONFIG app) is the Alipay public key (支付宝公钥) of this app, not your application public key, and that res.response reached the server byte for byte (a "+" turned into a space means something url-decoded it).',
    hintZh: '验签失败：请确认 ALIPAY_PUBLIC_KEY（PHONEKIT_CONFIG 中为 publicKey）是该应用的“支付宝公钥”（不是应用公钥），并确认 res.response 原样到达服务端（“+”变成空格说明被 URL 解码过）。',
  },
  SIGN_TYPE_MISMATCH: {
    hint: 'Set ALIPAY_SIGN_TYPE (signType in a PHONEKIT_CONFIG app) to the signing method chosen in the Alipay console (RSA2 recommended); phonekit never lets the payload pick a weaker algorithm.',
    hintZh: '报文的 sign_type 与服务端配置不一致：请将 ALIPAY_SIGN_TYPE（PHONEKIT_CONFIG 中为 signType）设为开放平台中选择的签名方式（推荐 RSA2）；phonekit 不允许报文自行选择更弱的算法。',
  },
  DECRYPTION_FAILED: {
    hint: 'Check ALIPAY_AES_KEY (aesKey in a PHONEKIT_CONFIG app) is the AES key set under "接口内容加密方式" for this app (base64, as the console shows it). If you changed it recently, the client may still hold payloads encrypted with the old key.',
    hintZh: '解密失败：请确认 ALIPAY_AES_KEY（PHONEKIT_CONFIG 中为 aesKey）是该应用“接口内容加密方式”中的 AES 密钥（控制台显示的 base64 原文）。如刚更换过密钥，客户端可能仍持有旧密钥加密的报文。',
  },
  ALIPAY_MISSING_ENCRYPT_KEY: {
    hint: 'In the Alipay console (开发设置) set "接口内容加密方式" (AES key), "接口加签方式" (public key) and the application gateway (应用网关), then put the same AES key in ALIPAY_AES_KEY (aesKey in a PHONEKIT_CONFIG app).',
    hintZh: '缺少加密配置（40001）：请在开放平台控制台 > 开发设置中设置“接口内容加密方式”（AES 密钥）、“接口加签方式”（公钥）和“应用网关”，并将同一 AES 密钥配置到 ALIPAY_AES_KEY（PHONEKIT_CONFIG 中为 aesKey）。',
  },
  ALIPAY_INVALID_ENCRYPT: {
    hint: 'Reset the AES key under "接口内容加密方式" in the Alipay console as the docs describe, then update ALIPAY_AES_KEY (aesKey in a PHONEKIT_CONFIG app) and restart the server.',
    hintZh: '加密异常（40002）：请按文档在开放平台控制台重新设置“接口内容加密方式”的 AES 密钥，并同步更新 ALIPAY_AES_KEY（PHONEKIT_CONFIG 中为 aesKey）后重启服务端。',
  },
  PUBLIC_KEY_MISSING: {
    hint: 'Set ALIPAY_PUBLIC_KEY (publicKey in a PHONEKIT_CONFIG app) to the Alipay public key (支付宝公钥) and restart the server: ALIPAY_ALLOW_UNSIGNED only lets payloads without a sign through, it never skips checking one that has it.',
    hintZh: '服务端未配置支付宝公钥，无法验签：请设置 ALIPAY_PUBLIC_KEY（PHONEKIT_CONFIG 中为 publicKey）为“支付宝公钥”并重启服务端；ALIPAY_ALLOW_UNSIGNED 只放行不带 sign 的报文，不会跳过已有签名的校验。',
  },
  AES_KEY_MISSING: {
    hint: 'Set ALIPAY_AES_KEY (aesKey in a PHONEKIT_CONFIG app) to the AES key under "接口内容加密方式" in the Alipay console, and restart the server.',
    hintZh: '服务端未配置 AES 密钥，无法解密：请将 ALIPAY_AES_KEY（PHONEKIT_CONFIG 中为 aesKey）设为开放平台“接口内容加密方式”中的 AES 密钥，并重启服务端。',
  },
  APP_PRIVATE_KEY_INVALID: {
    hint: "Set ALIPAY_APP_PRIVATE_KEY (appPrivateKey in a PHONEKIT_CONFIG app) to the application private key (应用私钥) the Alipay key tool made for this app: bare base64 (PKCS#8 or PKCS#1), a PEM, or @path to a file holding one.",
    hintZh: '应用私钥无法读取：请将 ALIPAY_APP_PRIVATE_KEY（PHONEKIT_CONFIG 中为 appPrivateKey）设为“支付宝开放平台密钥工具”为该应用生成的应用私钥（base64 原文 PKCS#8 或 PKCS#1、PEM，或 @文件路径）。',
  },
  ALIPAY_REQUEST_SIGNATURE_INVALID: {
    hint: "Alipay could not verify the login request's signature: ALIPAY_APP_PRIVATE_KEY (appPrivateKey) must be the private half of the application public key uploaded under 接口加签方式 for ALIPAY_APP_ID, and ALIPAY_SIGN_TYPE must match the console (RSA2). In certificate mode, ALIPAY_APP_CERT_PATH and ALIPAY_ROOT_CERT_PATH must be the files the console issued. upstream.subMsg shows the string Alipay verified.",
    hintZh: '支付宝无法验证登录请求的签名：ALIPAY_APP_PRIVATE_KEY（appPrivateKey）须与 ALIPAY_APP_ID 在“接口加签方式”中上传的应用公钥配对，ALIPAY_SIGN_TYPE 须与控制台一致（RSA2）。证书模式下 ALIPAY_APP_CERT_PATH 和 ALIPAY_ROOT_CERT_PATH 须为控制台签发的文件。upstream.subMsg 中有支付宝生成的验签字符串。',
  },
  ALIPAY_GATEWAY_SIGNATURE_INVALID: {
    hint: "The gateway's answer did not verify with ALIPAY_PUBLIC_KEY (publicKey in a PHONEKIT_CONFIG app): it must be this app's Alipay public key (支付宝公钥; in certificate mode alipayCertPublicKey_RSA2.crt), and ALIPAY_GATEWAY_URL must be Alipay's gateway (a sandbox app's keys only verify the sandbox gateway's answers), with no proxy rewriting the answer.",
    hintZh: '网关响应未能用 ALIPAY_PUBLIC_KEY（PHONEKIT_CONFIG 中为 publicKey）验签：该值须为本应用的“支付宝公钥”（证书模式下为 alipayCertPublicKey_RSA2.crt），ALIPAY_GATEWAY_URL 须为支付宝网关（沙箱应用的密钥只能验证沙箱网关的响应），且中间没有代理改写响应。',
  },
  ALIPAY_APP_ID_INVALID: {
    hint: 'Alipay does not know ALIPAY_APP_ID at ALIPAY_GATEWAY_URL, or the auth code was obtained by another app: an online (已上线) app uses the production gateway (the default), an Alipay sandbox app https://openapi-sandbox.dl.alipaydev.com/gateway.do; the mini-program must run as that same appId.',
    hintZh: '支付宝在 ALIPAY_GATEWAY_URL 上不认识 ALIPAY_APP_ID，或授权码来自其他应用：已上线应用使用正式网关（默认），支付宝沙箱应用使用 https://openapi-sandbox.dl.alipaydev.com/gateway.do；小程序须以同一 appId 运行。',
  },
  WECHAT_SESSION_KEY_INVALID: {
    hint: 'The session_key held for this session is unusable: log in again with a fresh wx.login code (POST /api/wechat/login).',
    hintZh: '该会话保存的 session_key 不可用：请用新的 wx.login code 重新登录（POST /api/wechat/login）。',
  },
  WECHAT_IV_INVALID: {
    hint: 'Send the iv from the getPhoneNumber event unchanged: POST /api/wechat/phone-number {"encryptedData": "...", "iv": "..."}.',
    hintZh: 'iv 无效：请原样发送 getPhoneNumber 事件中的 iv：POST /api/wechat/phone-number {"encryptedData": "...", "iv": "..."}。',
  },
  WECHAT_DECRYPTION_FAILED: {
    hint: "The session_key is probably stale: wx.login after the button was shown rotates it. Call wx.checkSession / wx.login (and POST /api/wechat/login) before the user taps, and don't call wx.login inside the getPhoneNumber callback.",
    hintZh: '解密失败：session_key 可能已过期——在按钮展示后调用 wx.login 会刷新 session_key。请在用户点击前完成 wx.checkSession / wx.login（并调用 POST /api/wechat/login），不要在 getPhoneNumber 回调中调用 wx.login。',
  },
  WECHAT_WATERMARK_MISMATCH: {
    hint: 'The data was produced for another mini-program: check WECHAT_APP_ID and the app the client runs as.',
    hintZh: '水印 appid 与本应用不一致：数据属于其他小程序，请检查 WECHAT_APP_ID 和客户端所属小程序。',
  },
};

/** The HTTP status of every code, core's and the server's. */
export const HTTP_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  // core: the payload, Alipay's answer, keys, WeChat legacy data
  PAYLOAD_MALFORMED: 400,
  PAYLOAD_FORM_ENCODED: 400,
  PAYLOAD_RESPONSE_PARSED: 400,
  SIGNATURE_MISSING: 422,
  SIGNATURE_INVALID: 422,
  SIGN_TYPE_UNSUPPORTED: 400,
  SIGN_TYPE_MISMATCH: 422,
  DECRYPTION_FAILED: 422,
  NOT_ENCRYPTED: 422,
  NO_PHONE_BOUND: 422,
  PHONE_INVALID: 422,
  ALIPAY_BUSY: 503,
  ALIPAY_MISSING_SIGN_TYPE: 502,
  ALIPAY_MISSING_ENCRYPT_KEY: 502,
  ALIPAY_INVALID_ENCRYPT: 502,
  ALIPAY_DECRYPTION_ERROR: 502,
  ALIPAY_NOT_AUTHORISED: 403,
  ALIPAY_INSUFFICIENT_PERMISSIONS: 502,
  ALIPAY_UPSTREAM_ERROR: 502,
  // The server refuses at start an app with neither a public key nor allowUnsigned, so only a
  // signed payload sent to an allowUnsigned app without one gets here: the client chose that,
  // and a client never gets a 500.
  PUBLIC_KEY_MISSING: 422,
  AES_KEY_MISSING: 500,
  AES_KEY_INVALID: 500,
  PUBLIC_KEY_INVALID: 500,
  WECHAT_SESSION_KEY_INVALID: 400,
  WECHAT_IV_INVALID: 400,
  WECHAT_ENCRYPTED_DATA_INVALID: 400,
  WECHAT_DECRYPTION_FAILED: 422,
  WECHAT_WATERMARK_MISMATCH: 422,
  WECHAT_DATA_EXPIRED: 422,
  // core: QQ, Douyin (legacy), Kuaishou and Baidu session_key data, as WeChat's
  QQ_SESSION_KEY_INVALID: 400,
  QQ_IV_INVALID: 400,
  QQ_ENCRYPTED_DATA_INVALID: 400,
  QQ_DECRYPTION_FAILED: 422,
  QQ_WATERMARK_MISMATCH: 422,
  QQ_DATA_EXPIRED: 422,
  DOUYIN_SESSION_KEY_INVALID: 400,
  DOUYIN_IV_INVALID: 400,
  DOUYIN_ENCRYPTED_DATA_INVALID: 400,
  DOUYIN_DECRYPTION_FAILED: 422,
  DOUYIN_WATERMARK_MISMATCH: 422,
  DOUYIN_DATA_EXPIRED: 422,
  KUAISHOU_SESSION_KEY_INVALID: 400,
  KUAISHOU_IV_INVALID: 400,
  KUAISHOU_ENCRYPTED_DATA_INVALID: 400,
  KUAISHOU_DECRYPTION_FAILED: 422,
  BAIDU_SESSION_KEY_INVALID: 400,
  BAIDU_IV_INVALID: 400,
  BAIDU_ENCRYPTED_DATA_INVALID: 400,
  BAIDU_DECRYPTION_FAILED: 422,
  BAIDU_APP_KEY_MISMATCH: 422,
  // core: Douyin's current flow. The private key is the server's (500, like APP_PRIVATE_KEY_INVALID);
  // the data comes from Douyin's get_phonenumber_info answer, not from the client, so what is wrong
  // with it, or with decrypting it, is an upstream answer the server cannot use (502).
  DOUYIN_PRIVATE_KEY_INVALID: 500,
  DOUYIN_PHONE_DATA_INVALID: 502,
  DOUYIN_PHONE_DECRYPTION_FAILED: 502,
  // core: the Alipay OpenAPI gateway (login, certificate mode)
  APP_PRIVATE_KEY_INVALID: 500,
  ALIPAY_CERTIFICATE_INVALID: 500,
  ALIPAY_GATEWAY_RESPONSE_MALFORMED: 502,
  ALIPAY_GATEWAY_SIGNATURE_MISSING: 502,
  ALIPAY_GATEWAY_SIGNATURE_INVALID: 502,
  ALIPAY_GATEWAY_BUSY: 503,
  ALIPAY_AUTH_CODE_INVALID: 400,
  ALIPAY_REFRESH_TOKEN_INVALID: 401,
  ALIPAY_APP_ID_INVALID: 502,
  ALIPAY_REQUEST_SIGNATURE_INVALID: 502,
  ALIPAY_GATEWAY_ERROR: 502,
  // the server's own
  INVALID_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  APP_ID_REQUIRED: 400,
  APP_NOT_CONFIGURED: 400,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  REQUEST_TIMEOUT: 408,
  CONTENT_ENCODING_UNSUPPORTED: 415,
  HEADERS_TOO_LARGE: 431,
  HTTP_MALFORMED: 400,
  INTERNAL: 500,
  REDIS_UNAVAILABLE: 503,
  ALIPAY_LOGIN_NOT_CONFIGURED: 503,
  WECHAT_NOT_CONFIGURED: 503,
  WECHAT_SESSION_INVALID: 401,
  WECHAT_SYSTEM_BUSY: 503,
  WECHAT_ACCESS_TOKEN_INVALID: 502,
  WECHAT_APP_ID_INVALID: 502,
  WECHAT_APP_SECRET_INVALID: 502,
  WECHAT_CODE_INVALID: 400,
  WECHAT_CODE_USED: 400,
  WECHAT_RISKY_USER: 403,
  WECHAT_ACCESS_TOKEN_EXPIRED: 502,
  WECHAT_RATE_LIMITED: 429,
  WECHAT_SIGNATURE_INVALID: 400,
  WECHAT_QUOTA_EXCEEDED: 429,
  WECHAT_UPSTREAM_ERROR: 502,
  DOUYIN_NOT_CONFIGURED: 503,
  DOUYIN_SESSION_INVALID: 401,
  DOUYIN_SYSTEM_BUSY: 503,
  DOUYIN_APP_ID_INVALID: 502,
  DOUYIN_APP_SECRET_INVALID: 502,
  DOUYIN_CODE_INVALID: 400,
  DOUYIN_RATE_LIMITED: 429,
  DOUYIN_UPSTREAM_ERROR: 502,
  DOUYIN_ACCESS_TOKEN_INVALID: 502,
  DOUYIN_PRIVATE_KEY_NOT_CONFIGURED: 503,
  BAIDU_NOT_CONFIGURED: 503,
  BAIDU_SESSION_INVALID: 401,
  BAIDU_SYSTEM_BUSY: 503,
  BAIDU_APP_KEY_INVALID: 502,
  BAIDU_APP_SECRET_INVALID: 502,
  BAIDU_CODE_INVALID: 400,
  BAIDU_UPSTREAM_ERROR: 502,
  QQ_NOT_CONFIGURED: 503,
  QQ_SESSION_INVALID: 401,
  QQ_SYSTEM_BUSY: 503,
  QQ_APP_ID_INVALID: 502,
  QQ_APP_SECRET_INVALID: 502,
  QQ_CODE_INVALID: 400,
  QQ_RATE_LIMITED: 429,
  QQ_UPSTREAM_ERROR: 502,
  KUAISHOU_NOT_CONFIGURED: 503,
  KUAISHOU_SESSION_INVALID: 401,
  KUAISHOU_SYSTEM_BUSY: 503,
  KUAISHOU_APP_SECRET_INVALID: 502,
  KUAISHOU_CODE_INVALID: 400,
  KUAISHOU_UPSTREAM_ERROR: 502,
  // accounts
  ACCOUNTS_NOT_CONFIGURED: 503,
  SESSION_INVALID: 401,
  LOGIN_REQUIRED: 401,
  // accounts: the store's codes, with the statuses @phonekit/accounts gives them
  INPUT_INVALID: 400,
  USER_NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  PHONE_ALREADY_BOUND: 409,
  DATA_KEY_MISSING: 500,
  DATA_KEY_INVALID: 500,
  BLIND_INDEX_KEY_INVALID: 500,
  DATA_KEY_UNKNOWN: 500,
  FIELD_DECRYPTION_FAILED: 500,
  DATABASE_OPTIONS_INVALID: 500,
  MIGRATION_FAILED: 500,
  DATABASE_UNAVAILABLE: 503,
};

/**
 * What the server answers for a code: its status, core's message and
 * `retryable` (or the server's own), and the server's hint where it has one.
 *
 * @example
 * ```ts
 * apiErrorEntry('ALIPAY_BUSY'); // { httpStatus: 503, retryable: true, message: 'Alipay was busy ...', ... }
 * ```
 */
export function apiErrorEntry(code: ApiErrorCode): ApiErrorEntry {
  const words: ErrorText = isCoreErrorCode(code) ? { ...CORE_ERROR_CATALOGUE[code], ...SERVER_HINTS[code] } : EXPRESS_ERROR_CATALOGUE[code];
  return { httpStatus: HTTP_STATUS[code], ...words };
}

/** @returns whether `value` is a code the server can answer. */
export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}
