/**
 * Core's error catalogue: every failure the core functions throw, with a
 * one-line message and the fix in English and Chinese.
 *
 * The words are about payloads and keys only. How a failure is answered over
 * HTTP (its status) and which server setting or route fixes it belong to the
 * HTTP layer (@phonekit/express), which adds its own codes to these.
 *
 * `CORE_ERROR_CODES` is the closed set; `CORE_ERROR_CATALOGUE` is a
 * `Record<CoreErrorCode, ...>`, so adding a code without its words does not
 * compile.
 */
export const CORE_ERROR_CODES = [
  // the payload itself
  'PAYLOAD_MALFORMED',
  'PAYLOAD_FORM_ENCODED',
  'PAYLOAD_RESPONSE_PARSED',
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
  'ALIPAY_DECRYPTION_ERROR',
  'ALIPAY_NOT_AUTHORISED',
  'ALIPAY_INSUFFICIENT_PERMISSIONS',
  'ALIPAY_UPSTREAM_ERROR',
  // keys
  'PUBLIC_KEY_MISSING',
  'AES_KEY_MISSING',
  'AES_KEY_INVALID',
  'PUBLIC_KEY_INVALID',
  // WeChat legacy data
  'WECHAT_SESSION_KEY_INVALID',
  'WECHAT_IV_INVALID',
  'WECHAT_ENCRYPTED_DATA_INVALID',
  'WECHAT_DECRYPTION_FAILED',
  'WECHAT_WATERMARK_MISMATCH',
  'WECHAT_DATA_EXPIRED',
  // QQ, Douyin (legacy), Kuaishou and Baidu session_key data
  'QQ_SESSION_KEY_INVALID',
  'QQ_IV_INVALID',
  'QQ_ENCRYPTED_DATA_INVALID',
  'QQ_DECRYPTION_FAILED',
  'QQ_WATERMARK_MISMATCH',
  'QQ_DATA_EXPIRED',
  'DOUYIN_SESSION_KEY_INVALID',
  'DOUYIN_IV_INVALID',
  'DOUYIN_ENCRYPTED_DATA_INVALID',
  'DOUYIN_DECRYPTION_FAILED',
  'DOUYIN_WATERMARK_MISMATCH',
  'DOUYIN_DATA_EXPIRED',
  'KUAISHOU_SESSION_KEY_INVALID',
  'KUAISHOU_IV_INVALID',
  'KUAISHOU_ENCRYPTED_DATA_INVALID',
  'KUAISHOU_DECRYPTION_FAILED',
  'BAIDU_SESSION_KEY_INVALID',
  'BAIDU_IV_INVALID',
  'BAIDU_ENCRYPTED_DATA_INVALID',
  'BAIDU_DECRYPTION_FAILED',
  'BAIDU_APP_KEY_MISMATCH',
  // Douyin's current flow: get_phonenumber_info data under the application key pair
  'DOUYIN_PRIVATE_KEY_INVALID',
  'DOUYIN_PHONE_DATA_INVALID',
  'DOUYIN_PHONE_DECRYPTION_FAILED',
  // Alipay OpenAPI gateway (login: alipay.system.oauth.token)
  'APP_PRIVATE_KEY_INVALID',
  'ALIPAY_CERTIFICATE_INVALID',
  'ALIPAY_GATEWAY_RESPONSE_MALFORMED',
  'ALIPAY_GATEWAY_SIGNATURE_MISSING',
  'ALIPAY_GATEWAY_SIGNATURE_INVALID',
  'ALIPAY_GATEWAY_BUSY',
  'ALIPAY_AUTH_CODE_INVALID',
  'ALIPAY_REFRESH_TOKEN_INVALID',
  'ALIPAY_APP_ID_INVALID',
  'ALIPAY_REQUEST_SIGNATURE_INVALID',
  'ALIPAY_GATEWAY_ERROR',
] as const;

export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number];

export interface CoreErrorEntry {
  /** Whether the same call may succeed if simply made again later. */
  readonly retryable: boolean;
  /** What went wrong, in one sentence. Never contains secrets or phone numbers. */
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
  /** 怎么处理（中文）. */
  readonly hintZh: string;
}

const entry = (message: string, hint: string, hintZh: string, retryable = false): CoreErrorEntry => ({ retryable, message, hint, hintZh });

export const CORE_ERROR_CATALOGUE: Readonly<Record<CoreErrorCode, CoreErrorEntry>> = {
  PAYLOAD_MALFORMED: entry(
    'The payload is not a my.getPhoneNumber response.',
    'Expected the JSON text of res.response: {"response": "...", "sign": "...", "sign_type": "RSA2", ...}, or the button event detail {encryptedData, sign}. Pass res.response itself, not res, and do not re-encode it.',
    '需要 res.response 的 JSON 文本：{"response": "...", "sign": "...", "sign_type": "RSA2", ...}，或按钮事件的 {encryptedData, sign}。请传入 res.response 本身（不是 res），且不要再次编码。',
  ),
  PAYLOAD_FORM_ENCODED: entry(
    'The payload arrived form-encoded (response=... as application/x-www-form-urlencoded), which is how my.request sends an object given as data unless told otherwise.',
    "Post res.response itself as the body: my.request({method: 'POST', data: res.response}); or send JSON: headers: {'content-type': 'application/json'} with data: JSON.stringify({response: res.response}).",
    "报文以表单编码（application/x-www-form-urlencoded，response=...）到达：my.request 默认这样发送作为 data 的对象。请直接把 res.response 作为请求体发送：my.request({method: 'POST', data: res.response})；或发送 JSON：headers: {'content-type': 'application/json'}，data: JSON.stringify({response: res.response})。",
  ),
  PAYLOAD_RESPONSE_PARSED: entry(
    'The "response" field holds an object: res.response was parsed (JSON.parse) before it was sent, and its signature covers the exact string.',
    '"response" must be the res.response STRING as my.getPhoneNumber gave it: post the string unchanged, as the body (data: res.response) or as JSON.stringify({response: res.response}), never JSON.parse(res.response).',
    '"response" 必须是 my.getPhoneNumber 返回的 res.response 字符串原文：签名覆盖的是原始文本。请原样发送该字符串（data: res.response，或 JSON.stringify({response: res.response})），不要先 JSON.parse(res.response)。',
  ),
  SIGNATURE_MISSING: entry(
    'The payload has no sign, and unsigned payloads are refused.',
    'Set the "接口加签方式" (interface signing method) in the Alipay console (开发设置) and upload your application public key; Alipay only adds "sign" when it is set, together with the AES key and the application gateway. Only for local development, an app given allowUnsigned: true reads unsigned payloads.',
    '报文没有 sign：请在开放平台控制台 > 开发设置中设置“接口加签方式”（并同时配置接口内容加密方式和应用网关），支付宝才会返回 sign。仅限本地开发时，可为应用设置 allowUnsigned: true 以读取未签名报文。',
  ),
  SIGNATURE_INVALID: entry(
    'The signature does not match the payload.',
    'Check that the public key is the Alipay public key (支付宝公钥) of this app, not your application public key, and that res.response arrived byte for byte (a "+" turned into a space means something url-decoded it).',
    '验签失败：请确认所用公钥是该应用的“支付宝公钥”（不是应用公钥），并确认 res.response 原样传递（“+”变成空格说明被 URL 解码过）。',
  ),
  SIGN_TYPE_UNSUPPORTED: entry(
    'The payload names a sign_type phonekit does not know.',
    'Alipay uses RSA2 (SHA256withRSA) or the legacy RSA (SHA1withRSA).',
    '不支持的 sign_type：支付宝使用 RSA2（SHA256withRSA）或旧版 RSA（SHA1withRSA）。',
  ),
  SIGN_TYPE_MISMATCH: entry(
    "The payload's sign_type differs from the one configured for this app.",
    "Give the app the signing method chosen in the Alipay console (RSA2 recommended); phonekit never lets the payload pick a weaker algorithm.",
    '报文的 sign_type 与该应用的签名方式不一致：请为应用设置开放平台中选择的签名方式（推荐 RSA2）；phonekit 不允许报文自行选择更弱的算法。',
  ),
  DECRYPTION_FAILED: entry(
    'The payload could not be decrypted.',
    'Check that the AES key is the one set under "接口内容加密方式" for this app (base64, as the console shows it). If it was changed recently, the client may still hold payloads encrypted with the old key.',
    '解密失败：请确认 AES 密钥是该应用“接口内容加密方式”中的密钥（控制台显示的 base64 原文）。如刚更换过密钥，客户端可能仍持有旧密钥加密的报文。',
  ),
  NOT_ENCRYPTED: entry(
    'The payload carries a phone number without encryption.',
    'Alipay always encrypts phone numbers: set "接口内容加密方式" (AES) in the console. An unencrypted phone number is refused.',
    '手机号未加密：支付宝总是加密手机号，请在控制台设置“接口内容加密方式”（AES）。未加密的手机号会被拒绝。',
  ),
  NO_PHONE_BOUND: entry(
    'This Alipay account has no phone number bound to it.',
    'Ask the user to type their number instead; they can bind one in Alipay (我的 > 设置 > 账号与安全).',
    '该支付宝账号未绑定手机号：请引导用户手动填写，或在支付宝“我的 > 设置 > 账号与安全”中绑定手机号。',
  ),
  PHONE_INVALID: entry(
    'The decrypted mobile is not a phone number phonekit can read.',
    'Look at what the data decrypts to: `phonekit alipay inspect` (Alipay) or `phonekit wechat decrypt` (WeChat) prints it. Data of another kind (WeChat getUserInfo, say) holds no phone; a real phone answer that fails here is a bug: file an issue.',
    '请查看数据解密后的内容：`phonekit alipay inspect`（支付宝）或 `phonekit wechat decrypt`（微信）会打印出来。其他类型的数据（如微信 getUserInfo）不含手机号；若真实的手机号数据在此失败，请反馈问题。',
  ),
  ALIPAY_BUSY: entry(
    'Alipay was busy and returned no phone number (20000 aop.unknow-error).',
    'Temporary: call my.getPhoneNumber again (a retry button is enough).',
    '支付宝系统繁忙（20000）：属于临时错误，请重新调用 my.getPhoneNumber。',
    true,
  ),
  ALIPAY_MISSING_SIGN_TYPE: entry(
    'Alipay says the app has no default signature type (40001 isv.missing-default-signature-type).',
    'In the Alipay console, save the signing keys again (开发设置 > 接口加签方式) and set the application gateway (应用网关). Service providers calling for a merchant must pass protocols.isvAppId to my.getPhoneNumber.',
    '应用未设置默认签名类型（40001）：请在开放平台控制台重新保存“接口加签方式”的密钥并设置“应用网关”。服务商代商家调用时需在 my.getPhoneNumber 传入 protocols.isvAppId。',
  ),
  ALIPAY_MISSING_ENCRYPT_KEY: entry(
    'Alipay says the app has no encryption configured (40001 isv.missing-encrypt-key).',
    'In the Alipay console (开发设置) set "接口内容加密方式" (AES key), "接口加签方式" (public key) and the application gateway (应用网关), then decrypt with that same AES key.',
    '缺少加密配置（40001）：请在开放平台控制台 > 开发设置中设置“接口内容加密方式”（AES 密钥）、“接口加签方式”（公钥）和“应用网关”，并使用同一 AES 密钥解密。',
  ),
  ALIPAY_INVALID_ENCRYPT: entry(
    'Alipay could not encrypt with the configured AES key (40002 isv.invalid-encrypt).',
    'Reset the AES key under "接口内容加密方式" in the Alipay console as the docs describe, then decrypt with the new key.',
    '加密异常（40002）：请按文档在开放平台控制台重新设置“接口内容加密方式”的 AES 密钥，并改用新密钥解密。',
  ),
  ALIPAY_DECRYPTION_ERROR: entry(
    'Alipay failed with an unknown error of its own content encryption (isv.decryption-error-unknown, 解密出错，未知异常).',
    "The error is on Alipay's side, and Alipay's public error codes (公共错误码) give one fix for it: try again, so call my.getPhoneNumber once more (a retry button is enough). If it keeps coming back, report it to Alipay with upstream.subCode and upstream.subMsg.",
    '支付宝内部加解密出错（isv.decryption-error-unknown，解密出错，未知异常）：属于支付宝侧的错误，开放平台“公共错误码”给出的处理方式是重试，请重新调用 my.getPhoneNumber（提供重试按钮即可）。如持续出现，请携带 upstream.subCode 和 upstream.subMsg 联系支付宝。',
  ),
  ALIPAY_NOT_AUTHORISED: entry(
    'The user has not authorised this app to read their phone number (40003 isv.invalid-auth-relations).',
    'Call my.getPhoneNumber only from the onGetAuthorize callback of <button open-type="getAuthorize" scope="phoneNumber">, after the user taps it and agrees; the consent may also have been revoked.',
    '无效的授权关系（40003）：只能在 <button open-type="getAuthorize" scope="phoneNumber"> 的 onGetAuthorize 回调中（用户点击并同意后）调用 my.getPhoneNumber；用户也可能已解除授权。',
  ),
  ALIPAY_INSUFFICIENT_PERMISSIONS: entry(
    'Alipay says the app lacks the permission to read phone numbers (40006 isv.insufficient-isv-permissions).',
    'In the Alipay console add the "获取会员手机号" product to the app and complete the user-information application (用户信息申请, with the main account); check the main industry (主营行业) if the button is grey.',
    'ISV 权限不足（40006）：请在开放平台控制台为应用添加“获取会员手机号”产品，并用主账号完成“用户信息申请”；若按钮置灰，请检查小程序主营行业。',
  ),
  ALIPAY_UPSTREAM_ERROR: entry(
    'Alipay answered with an error phonekit does not know.',
    "See upstream.code and upstream.subCode (Alipay's own answer) and the my.getPhoneNumber FAQ.",
    '支付宝返回了未知错误：请查看 upstream.code、upstream.subCode（支付宝的原始结果），并参考 my.getPhoneNumber 常见问题。',
  ),
  PUBLIC_KEY_MISSING: entry(
    'The payload is signed but no Alipay public key was given to verify it.',
    'Give the app its Alipay public key (支付宝公钥, 开发设置 > 接口加签方式 in the Alipay console); allowUnsigned only ever reads payloads that carry no sign.',
    '报文带有签名，但没有提供用于验签的支付宝公钥：请为应用提供“支付宝公钥”（开放平台控制台 开发设置 > 接口加签方式）；allowUnsigned 只用于读取不带 sign 的报文。',
  ),
  AES_KEY_MISSING: entry(
    'The payload is encrypted but no AES key was given to decrypt it.',
    'Give the app its AES key, the one under "接口内容加密方式" in the Alipay console (base64).',
    '报文已加密，但没有提供用于解密的 AES 密钥：请为应用提供开放平台“接口内容加密方式”中的 AES 密钥（base64）。',
  ),
  AES_KEY_INVALID: entry(
    'The AES key is not a base64 AES key of 16, 24 or 32 bytes.',
    'Copy the AES key shown under "接口内容加密方式" in the Alipay console (base64, 24 characters for the usual 128-bit key).',
    'AES 密钥无效：请复制开放平台“接口内容加密方式”中显示的 AES 密钥（base64，常见 128 位密钥为 24 个字符）。',
  ),
  PUBLIC_KEY_INVALID: entry(
    'The Alipay public key could not be read.',
    'Use the "支付宝公钥" from the Alipay console (接口加签方式 > 查看): bare base64, a PEM, or in certificate mode alipayCertPublicKey_RSA2.crt.',
    '支付宝公钥无法读取：请使用开放平台“接口加签方式”中的“支付宝公钥”（base64 原文或 PEM），证书模式下使用 alipayCertPublicKey_RSA2.crt。',
  ),
  WECHAT_SESSION_KEY_INVALID: entry(
    'The session_key is not base64 of 16 bytes.',
    'Use the session_key exactly as jscode2session returned it (24 base64 characters).',
    'session_key 无效：请使用 jscode2session 返回的原始 session_key（24 个 base64 字符）。',
  ),
  WECHAT_IV_INVALID: entry(
    'The iv is not base64 of 16 bytes.',
    'Pass the iv from the getPhoneNumber event unchanged.',
    'iv 无效：请原样传入 getPhoneNumber 事件中的 iv。',
  ),
  WECHAT_ENCRYPTED_DATA_INVALID: entry(
    'The encryptedData is not base64 of whole AES blocks, so it was never decrypted.',
    'Pass the encryptedData of the button event (e.detail.encryptedData) unchanged: base64 whose bytes are a multiple of 16. Line breaks and spaces from a log are ignored; a "+" that became a space, or a truncated copy, is not.',
    'encryptedData 不是完整 AES 分组的 base64，未进行解密：请原样传入按钮事件中的 e.detail.encryptedData（base64，解码后字节数为 16 的倍数）。日志中的换行和空格会被忽略，但“+”变成空格或复制不完整的数据无法使用。',
  ),
  WECHAT_DECRYPTION_FAILED: entry(
    'The encryptedData could not be decrypted with this session_key and iv.',
    "The session_key is probably stale: wx.login after the button was shown rotates it. Call wx.checkSession / wx.login before the user taps, and don't call wx.login inside the getPhoneNumber callback.",
    '解密失败：session_key 可能已过期——在按钮展示后调用 wx.login 会刷新 session_key。请在用户点击前完成 wx.checkSession / wx.login，不要在 getPhoneNumber 回调中调用 wx.login。',
  ),
  WECHAT_WATERMARK_MISMATCH: entry(
    "The decrypted data's watermark.appid is not this app's appid.",
    'The data was produced for another mini-program: check the appid it is checked against and the app the client runs as.',
    '水印 appid 与本应用不一致：数据属于其他小程序，请检查用于校验的 appid 和客户端所属小程序。',
  ),
  WECHAT_DATA_EXPIRED: entry(
    "The decrypted data's watermark.timestamp is older than the allowed age.",
    'Ask the user to tap the button again; data is only accepted shortly after it was produced.',
    '数据已过期（watermark.timestamp 太旧）：请让用户重新点击按钮。',
  ),
  QQ_SESSION_KEY_INVALID: entry(
    'The session_key is not base64 of 16 bytes.',
    "Use the session_key exactly as QQ's code2Session (jscode2session) returned it (24 base64 characters).",
    'session_key 无效：请使用 QQ code2Session (jscode2session) 返回的原始 session_key（24 个 base64 字符）。',
  ),
  QQ_IV_INVALID: entry(
    'The iv is not base64 of 16 bytes.',
    'Pass the iv from the QQ getPhoneNumber event (e.detail.iv) unchanged.',
    'iv 无效：请原样传入 QQ getPhoneNumber 事件中的 iv（e.detail.iv）。',
  ),
  QQ_ENCRYPTED_DATA_INVALID: entry(
    'The encryptedData is not base64 of whole AES blocks, so it was never decrypted.',
    'Pass the encryptedData of the QQ button event (e.detail.encryptedData) unchanged: base64 whose bytes are a multiple of 16. Line breaks and spaces from a log are ignored; a "+" that became a space, or a truncated copy, is not.',
    'encryptedData 不是完整 AES 分组的 base64，未进行解密：请原样传入 QQ 按钮事件中的 e.detail.encryptedData（base64，解码后字节数为 16 的倍数）。日志中的换行和空格会被忽略，但“+”变成空格或复制不完整的数据无法使用。',
  ),
  QQ_DECRYPTION_FAILED: entry(
    'The encryptedData could not be decrypted with this session_key and iv.',
    "The session_key is probably stale: qq.login after the button was shown rotates it. Call qq.checkSession / qq.login before the user taps, and don't call qq.login inside the getPhoneNumber callback.",
    '解密失败：session_key 可能已过期——在按钮展示后调用 qq.login 会刷新 session_key。请在用户点击前完成 qq.checkSession / qq.login，不要在 getPhoneNumber 回调中调用 qq.login。',
  ),
  QQ_WATERMARK_MISMATCH: entry(
    "The decrypted data's watermark.appid is not this app's appid.",
    'The data was produced for another QQ mini-program: check the appid it is checked against and the app the client runs as.',
    '水印 appid 与本应用不一致：数据属于其他 QQ 小程序，请检查用于校验的 appid 和客户端所属小程序。',
  ),
  QQ_DATA_EXPIRED: entry(
    "The decrypted data's watermark.timestamp is older than the allowed age.",
    'Ask the user to tap the button again; data is only accepted shortly after it was produced.',
    '数据已过期（watermark.timestamp 太旧）：请让用户重新点击按钮。',
  ),
  DOUYIN_SESSION_KEY_INVALID: entry(
    'The session_key is not base64 of 16 bytes.',
    "Use the session_key exactly as Douyin's code2Session (jscode2session) returned it (24 base64 characters).",
    'session_key 无效：请使用抖音 code2Session (jscode2session) 返回的原始 session_key（24 个 base64 字符）。',
  ),
  DOUYIN_IV_INVALID: entry(
    'The iv is not base64 of 16 bytes.',
    'Pass the iv from the Douyin getPhoneNumber event (e.detail.iv) unchanged.',
    'iv 无效：请原样传入抖音 getPhoneNumber 事件中的 iv（e.detail.iv）。',
  ),
  DOUYIN_ENCRYPTED_DATA_INVALID: entry(
    'The encryptedData is not base64 of whole AES blocks, so it was never decrypted.',
    'Pass the encryptedData of the Douyin button event (e.detail.encryptedData) unchanged: base64 whose bytes are a multiple of 16. Line breaks and spaces from a log are ignored; a "+" that became a space, or a truncated copy, is not.',
    'encryptedData 不是完整 AES 分组的 base64，未进行解密：请原样传入抖音按钮事件中的 e.detail.encryptedData（base64，解码后字节数为 16 的倍数）。日志中的换行和空格会被忽略，但“+”变成空格或复制不完整的数据无法使用。',
  ),
  DOUYIN_DECRYPTION_FAILED: entry(
    'The encryptedData could not be decrypted with this session_key and iv.',
    "The session_key is probably stale: tt.login after the button was shown rotates it. Call tt.checkSession / tt.login before the user taps, and don't call tt.login inside the getPhoneNumber callback.",
    '解密失败：session_key 可能已过期——在按钮展示后调用 tt.login 会刷新 session_key。请在用户点击前完成 tt.checkSession / tt.login，不要在 getPhoneNumber 回调中调用 tt.login。',
  ),
  DOUYIN_WATERMARK_MISMATCH: entry(
    "The decrypted data's watermark.appid is not this app's appid.",
    'The data was produced for another Douyin mini-program: check the appid it is checked against and the app the client runs as.',
    '水印 appid 与本应用不一致：数据属于其他抖音小程序，请检查用于校验的 appid 和客户端所属小程序。',
  ),
  DOUYIN_DATA_EXPIRED: entry(
    "The decrypted data's watermark.timestamp is older than the allowed age.",
    'Ask the user to tap the button again; data is only accepted shortly after it was produced.',
    '数据已过期（watermark.timestamp 太旧）：请让用户重新点击按钮。',
  ),
  KUAISHOU_SESSION_KEY_INVALID: entry(
    'The session_key is not base64 of 16 bytes.',
    "Use the session_key exactly as Kuaishou's code2session returned it (24 base64 characters).",
    'session_key 无效：请使用快手 code2session 返回的原始 session_key（24 个 base64 字符）。',
  ),
  KUAISHOU_IV_INVALID: entry(
    'The iv is not base64 of 16 bytes.',
    'Pass the iv from the Kuaishou getPhoneNumber event (e.detail.iv) unchanged.',
    'iv 无效：请原样传入快手 getPhoneNumber 事件中的 iv（e.detail.iv）。',
  ),
  KUAISHOU_ENCRYPTED_DATA_INVALID: entry(
    'The encryptedData is not base64 of whole AES blocks, so it was never decrypted.',
    'Pass the encryptedData of the Kuaishou button event (e.detail.encryptedData) unchanged: base64 whose bytes are a multiple of 16. Line breaks and spaces from a log are ignored; a "+" that became a space, or a truncated copy, is not.',
    'encryptedData 不是完整 AES 分组的 base64，未进行解密：请原样传入快手按钮事件中的 e.detail.encryptedData（base64，解码后字节数为 16 的倍数）。日志中的换行和空格会被忽略，但“+”变成空格或复制不完整的数据无法使用。',
  ),
  KUAISHOU_DECRYPTION_FAILED: entry(
    'The encryptedData could not be decrypted with this session_key and iv.',
    "The session_key is probably stale: ks.login after the button was shown rotates it. Call ks.checkSession / ks.login before the user taps, and don't call ks.login inside the getPhoneNumber callback.",
    '解密失败：session_key 可能已过期——在按钮展示后调用 ks.login 会刷新 session_key。请在用户点击前完成 ks.checkSession / ks.login，不要在 getPhoneNumber 回调中调用 ks.login。',
  ),
  BAIDU_SESSION_KEY_INVALID: entry(
    'The session_key is not base64 of 24 bytes.',
    "Use the session_key exactly as Baidu's jscode2sessionkey returned it (32 base64 characters: Baidu's data is AES-192, under a 24-byte key).",
    'session_key 无效：请使用百度 jscode2sessionkey 返回的原始 session_key（32 个 base64 字符：百度使用 AES-192，密钥为 24 字节）。',
  ),
  BAIDU_IV_INVALID: entry(
    'The iv is not base64 of 16 bytes.',
    'Pass the iv from the Baidu getPhoneNumber event (e.detail.iv) unchanged.',
    'iv 无效：请原样传入百度 getPhoneNumber 事件中的 iv（e.detail.iv）。',
  ),
  BAIDU_ENCRYPTED_DATA_INVALID: entry(
    'The encryptedData is not base64 of whole AES blocks, so it was never decrypted.',
    'Pass the encryptedData of the Baidu button event (e.detail.encryptedData) unchanged: base64 whose bytes are a multiple of 16. Line breaks and spaces from a log are ignored; a "+" that became a space, or a truncated copy, is not.',
    'encryptedData 不是完整 AES 分组的 base64，未进行解密：请原样传入百度按钮事件中的 e.detail.encryptedData（base64，解码后字节数为 16 的倍数）。日志中的换行和空格会被忽略，但“+”变成空格或复制不完整的数据无法使用。',
  ),
  BAIDU_DECRYPTION_FAILED: entry(
    'The encryptedData could not be decrypted with this session_key and iv.',
    'The session_key is probably stale: it expires, and swan.login can renew it. Check it with swan.checkSession and log in before the user taps, not inside the getPhoneNumber callback.',
    '解密失败：session_key 可能已过期，swan.login 也可能刷新它。请在用户点击前用 swan.checkSession 检查并完成登录，不要在 getPhoneNumber 回调中登录。',
  ),
  BAIDU_APP_KEY_MISMATCH: entry(
    "The app key at the end of the decrypted data is not this app's app key.",
    "The data was produced for another smart mini-program, or the app key it is checked against is not this app's: use the App Key (client_id) of the app in the Baidu developer console, not its App Secret.",
    '解密数据末尾的 app_key 与本应用不一致：数据属于其他智能小程序，或用于校验的 app_key 不是本应用的。请使用百度开发者平台中该小程序的 App Key（client_id），而不是 App Secret。',
  ),
  DOUYIN_PRIVATE_KEY_INVALID: entry(
    'The Douyin application private key could not be read.',
    'Use the private half of the application public key (应用公钥) uploaded in the Douyin console (开发 > 开发配置): a PEM (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY) or bare base64 of its DER, unencrypted, RSA of 2048 bits or more.',
    '抖音应用私钥无法读取：请使用与抖音开放平台控制台（开发 > 开发配置）中上传的应用公钥配对的应用私钥：PEM（BEGIN PRIVATE KEY 或 BEGIN RSA PRIVATE KEY）或其 DER 的 base64 原文，未加密，RSA 2048 位或以上。',
  ),
  DOUYIN_PHONE_DATA_INVALID: entry(
    "The phone data is not base64 of one RSA ciphertext as long as the key's modulus, so it was never decrypted.",
    "Pass the data field of Douyin's get_phonenumber_info answer unchanged: base64 of as many bytes as the key's modulus (344 characters for a 2048-bit key). A truncated copy, or data encrypted for a key of another size, cannot be decrypted with this key.",
    '手机号数据不是与密钥模长等长的 RSA 密文的 base64，未进行解密：请原样传入抖音 get_phonenumber_info 返回的 data 字段（base64，字节数等于密钥模长，2048 位密钥为 344 个字符）。复制不完整或为其他长度的密钥加密的数据无法用此密钥解密。',
  ),
  DOUYIN_PHONE_DECRYPTION_FAILED: entry(
    'The phone data could not be decrypted with this private key.',
    'Decrypt with the private half of the application public key Douyin encrypts with (开发 > 开发配置 in the Douyin console). When that public key is changed, Douyin uses the new one at once: decrypt with the new private key.',
    '解密失败：请使用与抖音开放平台控制台（开发 > 开发配置）中应用公钥配对的应用私钥解密。更换应用公钥后抖音会立即改用新公钥加密，需同步改用新的应用私钥。',
  ),
  APP_PRIVATE_KEY_INVALID: entry(
    'The application private key could not be read.',
    "Use the application private key (应用私钥) the Alipay key tool (支付宝开放平台密钥工具) made for this app: bare base64 (PKCS#8 or PKCS#1) or a PEM. Its public half is the application public key uploaded under 接口加签方式; the Alipay public key never signs requests.",
    '应用私钥无法读取：请使用“支付宝开放平台密钥工具”为该应用生成的应用私钥（base64 原文，PKCS#8 或 PKCS#1，或 PEM）。其对应的应用公钥需上传到“接口加签方式”；支付宝公钥不能用于请求签名。',
  ),
  ALIPAY_CERTIFICATE_INVALID: entry(
    'A certificate could not be read to compute its SN.',
    'Certificate mode (公钥证书) needs the files the console issued, as PEM text: appCertPublicKey_<appId>.crt gives app_cert_sn, the whole alipayRootCert.crt gives alipay_root_cert_sn, and alipayCertPublicKey_RSA2.crt holds the Alipay public key.',
    '证书模式需要开放平台签发的证书文件（PEM 文本）：appCertPublicKey_<appId>.crt 用于 app_cert_sn，完整的 alipayRootCert.crt 用于 alipay_root_cert_sn，alipayCertPublicKey_RSA2.crt 为支付宝公钥证书。',
  ),
  ALIPAY_GATEWAY_RESPONSE_MALFORMED: entry(
    "The gateway's answer is not an OpenAPI response to this method.",
    'Pass the response text exactly as the gateway (openapi.alipay.com/gateway.do) sent it, not parsed or re-encoded: {"alipay_system_oauth_token_response": {...}, "sign": "..."} or {"error_response": {...}}. A proxy or a wrong gateway address can answer something else.',
    '请原样传入网关（openapi.alipay.com/gateway.do）返回的响应文本，不要解析或重新编码：{"alipay_system_oauth_token_response": {...}, "sign": "..."} 或 {"error_response": {...}}。代理或错误的网关地址可能返回其他内容。',
  ),
  ALIPAY_GATEWAY_SIGNATURE_MISSING: entry(
    "The gateway's answer carries no sign.",
    'Alipay signs every successful OpenAPI answer, so an unsigned one did not come from the gateway: check the gateway address and any proxy in between.',
    '支付宝网关的成功响应一定带有 sign：未签名的响应并非来自网关，请检查网关地址及中间的代理。',
  ),
  ALIPAY_GATEWAY_SIGNATURE_INVALID: entry(
    "The sign of the gateway's answer does not match it.",
    'Verify with the Alipay public key of this app (支付宝公钥; in certificate mode the key in alipayCertPublicKey_RSA2.crt), not the application public key, with the sign type the app uses (RSA2), over the response text exactly as it was received.',
    '网关响应验签失败：请使用该应用的“支付宝公钥”（证书模式下为 alipayCertPublicKey_RSA2.crt 中的公钥，而不是应用公钥）和应用所用的签名方式（RSA2），对原样收到的响应文本验签。',
  ),
  ALIPAY_GATEWAY_BUSY: entry(
    'The Alipay gateway was busy (20000 isp.unknow-error).',
    'Temporary: make the same call again shortly.',
    '支付宝网关繁忙（20000）：属于临时错误，请稍后重试。',
    true,
  ),
  ALIPAY_AUTH_CODE_INVALID: entry(
    'Alipay refused the auth code: wrong, already used, expired, or obtained by another app (isv.code-invalid).',
    'Get a fresh code with my.getAuthCode and exchange it once, soon: an auth code works once, expires, and only the appId that obtained it can exchange it.',
    '授权码无效（isv.code-invalid）：授权码只能使用一次、会过期，且只能由获取它的同一 appId 换取。请重新调用 my.getAuthCode 获取新的授权码并尽快换取。',
  ),
  ALIPAY_REFRESH_TOKEN_INVALID: entry(
    'Alipay refused the refresh token: wrong, expired or already used (isv.refresh-token-invalid).',
    'Each refresh answers a new refresh_token: keep only the newest, or have the user authorise again (my.getAuthCode).',
    '刷新令牌无效或已过期：每次刷新都会返回新的 refresh_token，请只保存最新的一个，或让用户重新授权（my.getAuthCode）。',
  ),
  ALIPAY_APP_ID_INVALID: entry(
    'Alipay does not know this appId, or the auth code belongs to another app (isv.invalid-app-id).',
    'Use the 16-digit appId of this mini-program from the Alipay console: an online (已上线) app with the production gateway, a sandbox app with the sandbox gateway. The auth code must come from that same app.',
    '无效的 AppID（isv.invalid-app-id）：请使用开放平台中该小程序的 16 位 appId（正式网关需应用已上线，沙箱应用需使用沙箱网关），且授权码须由同一应用获取。',
  ),
  ALIPAY_REQUEST_SIGNATURE_INVALID: entry(
    "Alipay could not verify the request's signature (isv.invalid-signature).",
    "Sign with the application private key whose public half is uploaded under 接口加签方式 (never with the Alipay public key), with the sign type set there (RSA2). In certificate mode send app_cert_sn and alipay_root_cert_sn computed from the certificates the console issued. Alipay's sub_msg shows the string it verified.",
    '支付宝验签失败（isv.invalid-signature）：请使用与“接口加签方式”中上传的应用公钥配对的应用私钥签名（不是支付宝公钥），签名方式与控制台一致（RSA2）。证书模式下需携带由控制台签发的证书计算出的 app_cert_sn 和 alipay_root_cert_sn。支付宝返回的 sub_msg 中有它生成的验签字符串。',
  ),
  ALIPAY_GATEWAY_ERROR: entry(
    'The Alipay gateway answered with an error phonekit has no specific advice for.',
    "See upstream.code, upstream.subCode and upstream.subMsg (Alipay's own answer), Alipay's public error codes (公共错误码) and the method's own error codes.",
    '支付宝网关返回了错误：请查看 upstream.code、upstream.subCode 和 upstream.subMsg（支付宝的原始结果），并参考开放平台“公共错误码”及该接口的错误码说明。',
  ),
};

/** @returns whether `value` is one of core's error codes. */
export function isCoreErrorCode(value: unknown): value is CoreErrorCode {
  return typeof value === 'string' && (CORE_ERROR_CODES as readonly string[]).includes(value);
}
