import type { CoreErrorCode } from '@phonekit/core';

/** Which keys the paste box request carried (an empty field counts as not given). */
export interface PasteBoxKeys {
  readonly aesKey: boolean;
  readonly publicKey: boolean;
}

export interface PasteBoxWords {
  readonly hint: string;
  readonly hintZh: string;
}

const PUBLIC_KEY_FIELD = 'the "Alipay public key" box ("publicKey" in a JSON request)';
const AES_KEY_FIELD = 'the "AES key" box ("aesKey" in a JSON request)';
const PUBLIC_KEY_FIELD_ZH = '“Alipay public key”输入框（JSON 请求中为 "publicKey"）';
const AES_KEY_FIELD_ZH = '“AES key”输入框（JSON 请求中为 "aesKey"）';

const SANDBOX_KEYS: PasteBoxWords = {
  hint: `With both key fields empty the payload is checked with the sandbox's own generated keys, so only payloads the sandbox made verify and decrypt. For a payload from a real Alipay client, paste your app's Alipay public key (支付宝公钥) into ${PUBLIC_KEY_FIELD} and its AES key (接口内容加密方式) into ${AES_KEY_FIELD}.`,
  hintZh: `两个密钥字段都为空时，报文用沙箱自己生成的密钥检查，只有沙箱生成的报文能通过验签和解密。要检查真实支付宝客户端的报文，请把应用的“支付宝公钥”填入${PUBLIC_KEY_FIELD_ZH}，把“接口内容加密方式”中的 AES 密钥填入${AES_KEY_FIELD_ZH}。`,
};

/**
 * The fixes of the simulator's paste box (POST /sandbox/alipay/inspect): the
 * user typed keys into its fields (or a curl body), so the fix names those
 * fields, never a server setting, and there is nothing to restart. Codes not
 * here keep the server's hint (they speak of the payload or the console only).
 */
const PASTE_BOX_HINTS: Readonly<Partial<Record<CoreErrorCode, PasteBoxWords>>> = {
  PUBLIC_KEY_MISSING: {
    hint: `The payload is signed: paste the Alipay public key (支付宝公钥, 开发设置 > 接口加签方式 in the Alipay console; base64 or PEM) into ${PUBLIC_KEY_FIELD}. "Accept an unsigned payload" ("allowUnsigned") only reads payloads that carry no sign.`,
    hintZh: `报文带有签名：请把“支付宝公钥”（开放平台控制台 开发设置 > 接口加签方式；base64 或 PEM）填入${PUBLIC_KEY_FIELD_ZH}。“Accept an unsigned payload”（"allowUnsigned"）只用于读取不带 sign 的报文。`,
  },
  AES_KEY_MISSING: {
    hint: `The response is encrypted: paste the AES key under "接口内容加密方式" in the Alipay console (base64) into ${AES_KEY_FIELD}.`,
    hintZh: `报文已加密：请把开放平台“接口内容加密方式”中的 AES 密钥（base64）填入${AES_KEY_FIELD_ZH}。`,
  },
  SIGNATURE_INVALID: {
    hint: `${PUBLIC_KEY_FIELD.replace(/^the/, 'The')} must hold this app's Alipay public key (支付宝公钥), not your application public key; and paste res.response exactly as the client logged it (a "+" turned into a space means something url-decoded it).`,
    hintZh: `验签失败：${PUBLIC_KEY_FIELD_ZH}中须为该应用的“支付宝公钥”（不是应用公钥）；并请原样粘贴客户端记录的 res.response（“+”变成空格说明被 URL 解码过）。`,
  },
  DECRYPTION_FAILED: {
    hint: `${AES_KEY_FIELD.replace(/^the/, 'The')} must hold the AES key under "接口内容加密方式" of this app (base64, as the console shows it); if it was changed recently, the payload may be encrypted with the old one.`,
    hintZh: `解密失败：${AES_KEY_FIELD_ZH}中须为该应用“接口内容加密方式”中的 AES 密钥（控制台显示的 base64 原文）；如刚更换过密钥，报文可能是用旧密钥加密的。`,
  },
  SIGN_TYPE_MISMATCH: {
    hint: 'Choose the signing method of the Alipay console in the "Sign type" box ("signType" in a JSON request: RSA2, recommended, or the legacy RSA); phonekit never lets the payload pick a weaker algorithm.',
    hintZh: '报文的 sign_type 与所选签名方式不一致：请在“Sign type”中（JSON 请求中为 "signType"）选择开放平台中设置的签名方式（推荐 RSA2，或旧版 RSA）；phonekit 不允许报文自行选择更弱的算法。',
  },
  SIGNATURE_MISSING: {
    hint: 'Alipay only adds "sign" when "接口加签方式", "接口内容加密方式" and the application gateway (应用网关) are set in the Alipay console (开发设置). To read an unsigned payload anyway (development only), tick "Accept an unsigned payload" ("allowUnsigned": true in a JSON request).',
    hintZh: '报文没有 sign：支付宝只有在开放平台控制台 > 开发设置中设置了“接口加签方式”“接口内容加密方式”和“应用网关”后才会返回 sign。仅限本地开发时，可勾选“Accept an unsigned payload”（JSON 请求中为 "allowUnsigned": true）读取未签名报文。',
  },
  ALIPAY_MISSING_ENCRYPT_KEY: {
    hint: `In the Alipay console (开发设置) set "接口内容加密方式" (AES key), "接口加签方式" (public key) and the application gateway (应用网关); then paste that AES key into ${AES_KEY_FIELD}.`,
    hintZh: `缺少加密配置（40001）：请在开放平台控制台 > 开发设置中设置“接口内容加密方式”（AES 密钥）、“接口加签方式”（公钥）和“应用网关”，再把该 AES 密钥填入${AES_KEY_FIELD_ZH}。`,
  },
  ALIPAY_INVALID_ENCRYPT: {
    hint: `Reset the AES key under "接口内容加密方式" in the Alipay console as the docs describe, then paste the new key into ${AES_KEY_FIELD}.`,
    hintZh: `加密异常（40002）：请按文档在开放平台控制台重新设置“接口内容加密方式”的 AES 密钥，再把新密钥填入${AES_KEY_FIELD_ZH}。`,
  },
};

/**
 * The paste box's fix for a code, given which key fields were filled in, or
 * undefined where the server's own hint already fits. With no key field filled
 * the sandbox's keys were used: a signature or decryption failure then says so.
 */
export function pasteBoxWords(code: CoreErrorCode | string, given: PasteBoxKeys): PasteBoxWords | undefined {
  if (!given.aesKey && !given.publicKey && (code === 'SIGNATURE_INVALID' || code === 'DECRYPTION_FAILED')) return SANDBOX_KEYS;
  return (PASTE_BOX_HINTS as Partial<Record<string, PasteBoxWords>>)[code];
}

/** A diagnosis line naming the empty field that would have let the inspection go on, or undefined. */
export function pasteBoxAdvice(code: CoreErrorCode | string, given: PasteBoxKeys): string | undefined {
  if (code === 'PUBLIC_KEY_MISSING' && !given.publicKey) return `Paste the Alipay public key (支付宝公钥) into ${PUBLIC_KEY_FIELD} to check the signature.`;
  if (code === 'AES_KEY_MISSING' && !given.aesKey) return `Paste the AES key under 接口内容加密方式 into ${AES_KEY_FIELD} to decrypt the response.`;
  return undefined;
}
