/**
 * The error catalogue: every failure phonekit reports, with its HTTP status,
 * a one-line message and the fix in English and Chinese.
 *
 * `PHONEKIT_ERROR_CODES` is the closed set; `ERROR_CATALOGUE` is a
 * `Record<PhonekitErrorCode, ...>`, so adding a code without its status and
 * hints does not compile.
 */
export const PHONEKIT_ERROR_CODES = [
  // request shape
  'INVALID_JSON',
  'PAYLOAD_MALFORMED',
  'PAYLOAD_TOO_LARGE',
  'APP_ID_REQUIRED',
  'APP_NOT_CONFIGURED',
  'NOT_FOUND',
  'RATE_LIMITED',
  'REQUEST_TIMEOUT',
  'INTERNAL',
  // Alipay signature and encryption
  'SIGNATURE_MISSING',
  'SIGNATURE_INVALID',
  'SIGN_TYPE_UNSUPPORTED',
  'SIGN_TYPE_MISMATCH',
  'DECRYPTION_FAILED',
  'NOT_ENCRYPTED',
  // Alipay business results
  'NO_PHONE_BOUND',
  'PHONE_INVALID',
  'ALIPAY_BUSY',
  'ALIPAY_MISSING_SIGN_TYPE',
  'ALIPAY_MISSING_ENCRYPT_KEY',
  'ALIPAY_INVALID_ENCRYPT',
  'ALIPAY_NOT_AUTHORISED',
  'ALIPAY_INSUFFICIENT_PERMISSIONS',
  'ALIPAY_UPSTREAM_ERROR',
  // configuration
  'CONFIG_INVALID',
  'AES_KEY_INVALID',
  'PUBLIC_KEY_INVALID',
  // WeChat
  'WECHAT_NOT_CONFIGURED',
  'WECHAT_SESSION_KEY_INVALID',
  'WECHAT_IV_INVALID',
  'WECHAT_DECRYPTION_FAILED',
  'WECHAT_WATERMARK_MISMATCH',
  'WECHAT_DATA_EXPIRED',
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
] as const;

export type PhonekitErrorCode = (typeof PHONEKIT_ERROR_CODES)[number];

export interface CatalogueEntry {
  /** HTTP status the server answers with. */
  readonly httpStatus: number;
  /** Whether the same request may succeed if simply retried later. */
  readonly retryable: boolean;
  /** What went wrong, in one sentence. Never contains secrets or phone numbers. */
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
  /** 怎么处理（中文）. */
  readonly hintZh: string;
}

const entry = (
  httpStatus: number,
  message: string,
  hint: string,
  hintZh: string,
  retryable = false,
): CatalogueEntry => ({ httpStatus, retryable, message, hint, hintZh });

export const ERROR_CATALOGUE: Readonly<Record<PhonekitErrorCode, CatalogueEntry>> = {
  INVALID_JSON: entry(
    400,
    'The request body is not valid JSON.',
    'Alipay: send the res.response string from my.getPhoneNumber unchanged, or {"response": "<that string>"}. WeChat: send a JSON object, {"code": "..."} or {"encryptedData": "...", "iv": "..."}.',
    '支付宝：请原样发送 my.getPhoneNumber 返回的 res.response 字符串，或 {"response": "<该字符串>"}。微信：请发送 JSON 对象 {"code": "..."} 或 {"encryptedData": "...", "iv": "..."}。',
  ),
  PAYLOAD_MALFORMED: entry(
    400,
    'The payload is not a my.getPhoneNumber response.',
    'Expected the JSON text of res.response: {"response": "...", "sign": "...", "sign_type": "RSA2", ...}, or the button event detail {encryptedData, sign}. Send res.response itself, not res, and do not re-encode it.',
    '需要 res.response 的 JSON 文本：{"response": "...", "sign": "...", "sign_type": "RSA2", ...}，或按钮事件的 {encryptedData, sign}。请发送 res.response 本身（不是 res），且不要再次编码。',
  ),
  PAYLOAD_TOO_LARGE: entry(
    413,
    'The request body is larger than the server accepts.',
    'A res.response is a few hundred bytes; check that the client sends only res.response.',
    'res.response 只有几百字节；请确认客户端只发送了 res.response。',
  ),
  APP_ID_REQUIRED: entry(
    400,
    'Several Alipay apps are configured and the request does not say which one it is for.',
    'Send the mini-program appId in the X-Alipay-App-Id header or an "appId" field.',
    '服务端配置了多个支付宝应用：请在 X-Alipay-App-Id 请求头或 "appId" 字段中携带小程序 appId。',
  ),
  APP_NOT_CONFIGURED: entry(
    400,
    'No Alipay app with this appId is configured on the server.',
    'Add the app (appId, Alipay public key, AES key) to the PHONEKIT_CONFIG file, or fix the appId the client sends.',
    '服务端没有配置该 appId：请在 PHONEKIT_CONFIG 配置文件中添加该应用（appId、支付宝公钥、AES 密钥），或更正客户端发送的 appId。',
  ),
  NOT_FOUND: entry(404, 'No such route.', 'See the README for the HTTP API.', '请参阅 README 中的 HTTP 接口说明。'),
  RATE_LIMITED: entry(
    429,
    'Too many requests from this client.',
    'Wait for the number of seconds in the Retry-After header, then try again.',
    '请求过于频繁：请等待 Retry-After 头给出的秒数后重试。',
    true,
  ),
  REQUEST_TIMEOUT: entry(
    408,
    'The request body did not arrive in time.',
    'Send the whole body promptly; check the client network.',
    '请求体未能及时送达：请检查客户端网络。',
    true,
  ),
  INTERNAL: entry(
    500,
    'Something went wrong on the server.',
    'Try again; if it persists, check the server log for this request id.',
    '服务端内部错误：请重试；如持续出现，请按请求 ID 查看服务端日志。',
    true,
  ),
  SIGNATURE_MISSING: entry(
    422,
    'The payload has no sign, and unsigned payloads are refused.',
    'Set the "接口加签方式" (interface signing method) in the Alipay console (开发设置) and upload your application public key; Alipay only adds "sign" when it is set, together with the AES key and the application gateway. For local development only, ALIPAY_ALLOW_UNSIGNED=true accepts unsigned payloads.',
    '报文没有 sign：请在开放平台控制台 > 开发设置中设置“接口加签方式”（并同时配置接口内容加密方式和应用网关），支付宝才会返回 sign。仅限本地开发时可设置 ALIPAY_ALLOW_UNSIGNED=true 接受未签名报文。',
  ),
  SIGNATURE_INVALID: entry(
    422,
    'The signature does not match the payload.',
    'Check ALIPAY_PUBLIC_KEY is the Alipay public key (支付宝公钥) of this app, not your application public key, and that res.response reached the server byte for byte (a "+" turned into a space means something url-decoded it).',
    '验签失败：请确认 ALIPAY_PUBLIC_KEY 是该应用的“支付宝公钥”（不是应用公钥），并确认 res.response 原样到达服务端（“+”变成空格说明被 URL 解码过）。',
  ),
  SIGN_TYPE_UNSUPPORTED: entry(
    400,
    'The payload names a sign_type phonekit does not know.',
    'Alipay uses RSA2 (SHA256withRSA) or the legacy RSA (SHA1withRSA).',
    '不支持的 sign_type：支付宝使用 RSA2（SHA256withRSA）或旧版 RSA（SHA1withRSA）。',
  ),
  SIGN_TYPE_MISMATCH: entry(
    422,
    "The payload's sign_type differs from the one configured for this app.",
    'Set ALIPAY_SIGN_TYPE to the signing method chosen in the Alipay console (RSA2 recommended); phonekit never lets the payload pick a weaker algorithm.',
    '报文的 sign_type 与服务端配置不一致：请将 ALIPAY_SIGN_TYPE 设为开放平台中选择的签名方式（推荐 RSA2）；phonekit 不允许报文自行选择更弱的算法。',
  ),
  DECRYPTION_FAILED: entry(
    422,
    'The payload could not be decrypted.',
    'Check ALIPAY_AES_KEY is the AES key set under "接口内容加密方式" for this app (base64, as the console shows it). If you changed it recently, the client may still hold payloads encrypted with the old key.',
    '解密失败：请确认 ALIPAY_AES_KEY 是该应用“接口内容加密方式”中的 AES 密钥（控制台显示的 base64 原文）。如刚更换过密钥，客户端可能仍持有旧密钥加密的报文。',
  ),
  NOT_ENCRYPTED: entry(
    422,
    'The payload carries a phone number without encryption.',
    'Alipay always encrypts phone numbers: set "接口内容加密方式" (AES) in the console. An unencrypted phone number is refused.',
    '手机号未加密：支付宝总是加密手机号，请在控制台设置“接口内容加密方式”（AES）。未加密的手机号会被拒绝。',
  ),
  NO_PHONE_BOUND: entry(
    422,
    'This Alipay account has no phone number bound to it.',
    'Ask the user to type their number instead; they can bind one in Alipay (我的 > 设置 > 账号与安全).',
    '该支付宝账号未绑定手机号：请引导用户手动填写，或在支付宝“我的 > 设置 > 账号与安全”中绑定手机号。',
  ),
  PHONE_INVALID: entry(
    422,
    'The decrypted mobile is not a phone number phonekit can read.',
    'This should not happen with real Alipay payloads; run `phonekit alipay inspect` on it and file an issue.',
    '解密得到的 mobile 无法识别为手机号：请用 `phonekit alipay inspect` 检查该报文并反馈问题。',
  ),
  ALIPAY_BUSY: entry(
    503,
    'Alipay was busy and returned no phone number (20000 aop.unknow-error).',
    'Temporary: call my.getPhoneNumber again (a retry button is enough).',
    '支付宝系统繁忙（20000）：属于临时错误，请重新调用 my.getPhoneNumber。',
    true,
  ),
  ALIPAY_MISSING_SIGN_TYPE: entry(
    502,
    'Alipay says the app has no default signature type (40001 isv.missing-default-signature-type).',
    'In the Alipay console, save the signing keys again (开发设置 > 接口加签方式) and set the application gateway (应用网关). Service providers calling for a merchant must pass protocols.isvAppId to my.getPhoneNumber.',
    '应用未设置默认签名类型（40001）：请在开放平台控制台重新保存“接口加签方式”的密钥并设置“应用网关”。服务商代商家调用时需在 my.getPhoneNumber 传入 protocols.isvAppId。',
  ),
  ALIPAY_MISSING_ENCRYPT_KEY: entry(
    502,
    'Alipay says the app has no encryption configured (40001 isv.missing-encrypt-key).',
    'In the Alipay console (开发设置) set "接口内容加密方式" (AES key), "接口加签方式" (public key) and the application gateway (应用网关), then put the same AES key in ALIPAY_AES_KEY.',
    '缺少加密配置（40001）：请在开放平台控制台 > 开发设置中设置“接口内容加密方式”（AES 密钥）、“接口加签方式”（公钥）和“应用网关”，并将同一 AES 密钥配置到 ALIPAY_AES_KEY。',
  ),
  ALIPAY_INVALID_ENCRYPT: entry(
    502,
    'Alipay could not encrypt with the configured AES key (40002 isv.invalid-encrypt).',
    'Reset the AES key under "接口内容加密方式" in the Alipay console as the docs describe, then update ALIPAY_AES_KEY.',
    '加密异常（40002）：请按文档在开放平台控制台重新设置“接口内容加密方式”的 AES 密钥，并同步更新 ALIPAY_AES_KEY。',
  ),
  ALIPAY_NOT_AUTHORISED: entry(
    403,
    'The user has not authorised this app to read their phone number (40003 isv.invalid-auth-relations).',
    'Call my.getPhoneNumber only from the onGetAuthorize callback of <button open-type="getAuthorize" scope="phoneNumber">, after the user taps it and agrees; the consent may also have been revoked.',
    '无效的授权关系（40003）：只能在 <button open-type="getAuthorize" scope="phoneNumber"> 的 onGetAuthorize 回调中（用户点击并同意后）调用 my.getPhoneNumber；用户也可能已解除授权。',
  ),
  ALIPAY_INSUFFICIENT_PERMISSIONS: entry(
    502,
    'Alipay says the app lacks the permission to read phone numbers (40006 isv.insufficient-isv-permissions).',
    'In the Alipay console add the "获取会员手机号" product to the app and complete the user-information application (用户信息申请, with the main account); check the main industry (主营行业) if the button is grey.',
    'ISV 权限不足（40006）：请在开放平台控制台为应用添加“获取会员手机号”产品，并用主账号完成“用户信息申请”；若按钮置灰，请检查小程序主营行业。',
  ),
  ALIPAY_UPSTREAM_ERROR: entry(
    502,
    'Alipay answered with an error phonekit does not know.',
    'See upstream.code and upstream.subCode in this response and the my.getPhoneNumber FAQ.',
    '支付宝返回了未知错误：请查看本响应中的 upstream.code、upstream.subCode，并参考 my.getPhoneNumber 常见问题。',
  ),
  CONFIG_INVALID: entry(
    500,
    'The server configuration is invalid.',
    'Fix the variable named in the message and restart.',
    '服务端配置无效：请按提示修改对应变量后重启。',
  ),
  AES_KEY_INVALID: entry(
    500,
    'The AES key is not a base64 AES key of 16, 24 or 32 bytes.',
    'Copy the AES key shown under "接口内容加密方式" in the Alipay console (base64, 24 characters for the usual 128-bit key).',
    'AES 密钥无效：请复制开放平台“接口内容加密方式”中显示的 AES 密钥（base64，常见 128 位密钥为 24 个字符）。',
  ),
  PUBLIC_KEY_INVALID: entry(
    500,
    'The Alipay public key could not be read.',
    'Use the "支付宝公钥" from the Alipay console (接口加签方式 > 查看): bare base64, a PEM, or in certificate mode alipayCertPublicKey_RSA2.crt.',
    '支付宝公钥无法读取：请使用开放平台“接口加签方式”中的“支付宝公钥”（base64 原文或 PEM），证书模式下使用 alipayCertPublicKey_RSA2.crt。',
  ),
  WECHAT_NOT_CONFIGURED: entry(
    503,
    'WeChat is not configured on this server.',
    'Set WECHAT_APP_ID and WECHAT_APP_SECRET (or run without them in sandbox mode).',
    '服务端未配置微信：请设置 WECHAT_APP_ID 和 WECHAT_APP_SECRET（或在沙箱模式下运行）。',
  ),
  WECHAT_SESSION_KEY_INVALID: entry(
    400,
    'The session_key is not base64 of 16 bytes.',
    'Use the session_key exactly as jscode2session returned it (24 base64 characters).',
    'session_key 无效：请使用 jscode2session 返回的原始 session_key（24 个 base64 字符）。',
  ),
  WECHAT_IV_INVALID: entry(
    400,
    'The iv is not base64 of 16 bytes.',
    'Send the iv from the getPhoneNumber event unchanged.',
    'iv 无效：请原样发送 getPhoneNumber 事件中的 iv。',
  ),
  WECHAT_DECRYPTION_FAILED: entry(
    422,
    'The encryptedData could not be decrypted with this session_key and iv.',
    "The session_key is probably stale: wx.login after the button was shown rotates it. Call wx.checkSession / wx.login before the user taps, and don't call wx.login inside the getPhoneNumber callback.",
    '解密失败：session_key 可能已过期——在按钮展示后调用 wx.login 会刷新 session_key。请在用户点击前完成 wx.checkSession / wx.login，不要在 getPhoneNumber 回调中调用 wx.login。',
  ),
  WECHAT_WATERMARK_MISMATCH: entry(
    422,
    "The decrypted data's watermark.appid is not this app's appid.",
    'The data was produced for another mini-program: check WECHAT_APP_ID and the app the client runs as.',
    '水印 appid 与本应用不一致：数据属于其他小程序，请检查 WECHAT_APP_ID 和客户端所属小程序。',
  ),
  WECHAT_DATA_EXPIRED: entry(
    422,
    "The decrypted data's watermark.timestamp is older than the allowed age.",
    'Ask the user to tap the button again; data is only accepted shortly after it was produced.',
    '数据已过期（watermark.timestamp 太旧）：请让用户重新点击按钮。',
  ),
  WECHAT_SESSION_INVALID: entry(
    401,
    'The session token is unknown or has expired.',
    'Call POST /api/wechat/login with a fresh wx.login code, then retry with the new token.',
    '会话无效或已过期：请用新的 wx.login code 调用 POST /api/wechat/login 后重试。',
  ),
  WECHAT_SYSTEM_BUSY: entry(
    503,
    'WeChat was busy (errcode -1).',
    'Temporary: try again in a moment.',
    '微信系统繁忙（-1）：请稍后重试。',
    true,
  ),
  WECHAT_ACCESS_TOKEN_INVALID: entry(
    502,
    'WeChat rejected the access token (errcode 40001).',
    'Check WECHAT_APP_SECRET; another service may be rotating the token with cgi-bin/token (use stable_token everywhere).',
    'access_token 无效（40001）：请检查 WECHAT_APP_SECRET；可能有其他服务用 cgi-bin/token 刷新了令牌（建议统一使用 stable_token）。',
    true,
  ),
  WECHAT_APP_ID_INVALID: entry(
    502,
    'WeChat rejected the appid (errcode 40013).',
    'Check WECHAT_APP_ID: it is the mini-program AppID from 开发管理 > 开发设置.',
    'AppID 无效（40013）：请检查 WECHAT_APP_ID（小程序后台 开发管理 > 开发设置）。',
  ),
  WECHAT_APP_SECRET_INVALID: entry(
    502,
    'WeChat rejected the AppSecret (errcode 40125).',
    'Check WECHAT_APP_SECRET: copy it again from 开发管理 > 开发设置 (resetting it there invalidates the old one everywhere).',
    'AppSecret 无效（40125）：请检查 WECHAT_APP_SECRET，从小程序后台 开发管理 > 开发设置 重新复制（在后台重置会使旧的 AppSecret 立即失效）。',
  ),
  WECHAT_CODE_INVALID: entry(
    400,
    'WeChat rejected the code (errcode 40029): it is invalid or expired.',
    'Codes are valid for 5 minutes and only for the app that made them: send a fresh code from the client.',
    'code 无效（40029）：code 有效期 5 分钟且仅限本小程序，请客户端重新获取。',
  ),
  WECHAT_CODE_USED: entry(
    400,
    'WeChat says this code was already used (errcode 40163).',
    'Each code works once: get a new one (wx.login or a new button tap) for every request; do not retry with the same code.',
    'code 已被使用（40163）：每个 code 只能用一次，请重新获取，不要用同一 code 重试。',
  ),
  WECHAT_RISKY_USER: entry(
    403,
    'WeChat blocked this user as high-risk (errcode 40226).',
    'WeChat intercepts high-risk users; ask the user to type their number instead.',
    '高风险等级用户被微信拦截（40226）：请引导用户手动填写手机号。',
  ),
  WECHAT_ACCESS_TOKEN_EXPIRED: entry(
    502,
    'The WeChat access token expired (errcode 42001).',
    'phonekit refreshes and retries once automatically; if this persists, check that the server clock is right.',
    'access_token 已过期（42001）：phonekit 会自动刷新并重试一次；若持续出现，请检查服务器时钟。',
    true,
  ),
  WECHAT_RATE_LIMITED: entry(
    429,
    'WeChat rate-limited the API call (errcode 45011).',
    'Slow down: WeChat limits calls per user per minute; retry later.',
    '调用太频繁（45011）：请降低频率后重试。',
    true,
  ),
  WECHAT_SIGNATURE_INVALID: entry(
    400,
    'WeChat rejected the signature (errcode 87009).',
    'The session_key used to sign no longer matches: log in again with wx.login.',
    '签名无效（87009）：session_key 已变化，请重新 wx.login。',
  ),
  WECHAT_QUOTA_EXCEEDED: entry(
    429,
    'The phone-number quota of this mini-program is used up (errno 1400001).',
    'The getuserphonenumber feature is billed per call: buy more quota in the WeChat admin console (付费管理).',
    '手机号快速验证组件次数已达上限（1400001）：请在小程序后台购买额度。',
  ),
  WECHAT_UPSTREAM_ERROR: entry(
    502,
    'WeChat answered with an error phonekit does not know.',
    'See upstream.code and upstream.msg in this response and the WeChat docs for that errcode.',
    '微信返回了未知错误：请查看 upstream.code 和 upstream.msg，并参考微信文档。',
  ),
};

/** @returns whether `value` is one of phonekit's error codes. */
export function isPhonekitErrorCode(value: unknown): value is PhonekitErrorCode {
  return typeof value === 'string' && (PHONEKIT_ERROR_CODES as readonly string[]).includes(value);
}
