import type { CoreErrorCode } from '@phonekit/core';

/** A fix worded for the command line. */
export interface CliHint {
  readonly hint: string;
  readonly hintZh: string;
}

/**
 * Where core's generic fix speaks of what "the app" is given, the CLI names
 * its own option: the user runs a command, not a server, so there is no
 * setting to change and nothing to restart. Every other code keeps core's hint.
 */
export const CLI_HINTS: Readonly<Partial<Record<CoreErrorCode, CliHint>>> = {
  PUBLIC_KEY_MISSING: {
    hint: 'Pass --public-key with the Alipay public key (支付宝公钥, 开发设置 > 接口加签方式 in the Alipay console): base64, a PEM, or alipayCertPublicKey_RSA2.crt, as text, @file or a path. --allow-unsigned only reads payloads that carry no sign.',
    hintZh: '报文带有签名：请用 --public-key 传入“支付宝公钥”（开放平台控制台 开发设置 > 接口加签方式；base64、PEM 或 alipayCertPublicKey_RSA2.crt，可直接传文本、@文件或路径）。--allow-unsigned 只用于读取不带 sign 的报文。',
  },
  AES_KEY_MISSING: {
    hint: 'Pass --aes-key with the AES key under "接口内容加密方式" in the Alipay console (base64, as text, @file or a path).',
    hintZh: '报文已加密：请用 --aes-key 传入开放平台“接口内容加密方式”中的 AES 密钥（base64，可直接传文本、@文件或路径）。',
  },
  SIGNATURE_MISSING: {
    hint: 'Alipay only adds "sign" when "接口加签方式", "接口内容加密方式" and the application gateway (应用网关) are set in the Alipay console (开发设置). To read an unsigned payload anyway (local development only), pass --allow-unsigned.',
    hintZh: '报文没有 sign：支付宝只有在开放平台控制台 > 开发设置中设置了“接口加签方式”“接口内容加密方式”和“应用网关”后才会返回 sign。仅限本地开发时，可加 --allow-unsigned 读取未签名报文。',
  },
  SIGN_TYPE_MISMATCH: {
    hint: 'Pass --sign-type with the signing method chosen in the Alipay console (RSA2, the default, or the legacy RSA); phonekit never lets the payload pick a weaker algorithm.',
    hintZh: '报文的 sign_type 与 --sign-type 不一致：请用 --sign-type 传入开放平台中选择的签名方式（默认 RSA2，或旧版 RSA）；phonekit 不允许报文自行选择更弱的算法。',
  },
  WECHAT_SESSION_KEY_INVALID: {
    hint: 'Pass --session-key with the session_key exactly as jscode2session returned it (24 base64 characters), as text, @file or a path.',
    hintZh: '请用 --session-key 传入 jscode2session 返回的 session_key 原文（24 个 base64 字符，可直接传文本、@文件或路径）。',
  },
  WECHAT_IV_INVALID: {
    hint: 'Pass the iv of the same getPhoneNumber event unchanged: --iv, or the "iv" of the event detail piped on stdin (24 base64 characters).',
    hintZh: '请原样传入同一次 getPhoneNumber 事件的 iv：--iv，或通过 stdin 传入的事件 detail 中的 "iv"（24 个 base64 字符）。',
  },
  WECHAT_WATERMARK_MISMATCH: {
    hint: 'The data was made for the mini-program the message names: give its AppID as --app-id if that app is yours, or decrypt data from the app --app-id names.',
    hintZh: '该数据属于错误信息中所示 appid 的小程序：如果那是你的小程序，请用 --app-id 传入它的 AppID；否则请解密 --app-id 所指小程序的数据。',
  },
  WECHAT_DATA_EXPIRED: {
    hint: 'Its watermark.timestamp is older than --max-age allows: leave out --max-age (or raise it) to read it anyway; a fresh button event passes.',
    hintZh: '数据的 watermark.timestamp 超过了 --max-age 允许的时长：去掉 --max-age（或调大）即可读取；新的按钮事件数据可以通过。',
  },
};
