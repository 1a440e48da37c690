import type { DouyinPrivateKey } from '@phonekit/core';

/**
 * The mini-program platforms beside Alipay and WeChat. Each logs its user in
 * with a code exchanged for a session_key (code2session), and encrypts the
 * legacy getPhoneNumber data under that key; Douyin also has a current flow
 * (a button code exchanged, with the app's client_token, for RSA-encrypted
 * data).
 */
export const SESSION_PLATFORMS = ['douyin', 'baidu', 'qq', 'kuaishou'] as const;
export type SessionPlatform = (typeof SESSION_PLATFORMS)[number];

/** Each platform's settings: names of its variables, its API's default hosts, and its words. */
export interface SessionPlatformFacts {
  readonly label: string;
  readonly labelZh: string;
  /** The variable that holds the app's id (Baidu: the App Key, which its API and watermark use). */
  readonly appIdVariable: string;
  readonly appSecretVariable: string;
  readonly apiBaseVariable: string;
  readonly defaultApiBase: string;
  /** Douyin's jscode2session lives on another host than its OpenAPI. */
  readonly loginApiBaseVariable?: string;
  readonly defaultLoginApiBase?: string;
  /** What the client calls to get a login code. */
  readonly loginCall: string;
  /** An example id, for messages. */
  readonly appIdExample: string;
}

export const SESSION_PLATFORM_FACTS: Readonly<Record<SessionPlatform, SessionPlatformFacts>> = {
  douyin: {
    label: 'Douyin',
    labelZh: '抖音',
    appIdVariable: 'DOUYIN_APP_ID',
    appSecretVariable: 'DOUYIN_APP_SECRET',
    apiBaseVariable: 'DOUYIN_API_BASE',
    // client_token and get_phonenumber_info: https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/server/interface-request-credential/non-user-authorization/get-client_token
    defaultApiBase: 'https://open.douyin.com',
    loginApiBaseVariable: 'DOUYIN_LOGIN_API_BASE',
    // jscode2session v2: https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/server/basic-abilities/log-in/code-2-session
    defaultLoginApiBase: 'https://developer.toutiao.com',
    loginCall: 'tt.login',
    appIdExample: 'tt followed by 16 characters',
  },
  baidu: {
    label: 'Baidu',
    labelZh: '百度',
    appIdVariable: 'BAIDU_APP_KEY',
    appSecretVariable: 'BAIDU_APP_SECRET',
    apiBaseVariable: 'BAIDU_API_BASE',
    // https://smartprogram.baidu.com/docs/develop/api/open/log_Session-Key/ (swan-team/swan-docs source/_posts/develop/api/open/log_Session-Key.md)
    defaultApiBase: 'https://spapi.baidu.com',
    loginCall: 'swan.getLoginCode',
    appIdExample: 'the App Key from the smart program console (开发设置), 32 characters',
  },
  qq: {
    label: 'QQ',
    labelZh: 'QQ',
    appIdVariable: 'QQ_APP_ID',
    appSecretVariable: 'QQ_APP_SECRET',
    apiBaseVariable: 'QQ_API_BASE',
    // https://q.qq.com/wiki/develop/miniprogram/server/open_port/port_login.html
    defaultApiBase: 'https://api.q.qq.com',
    loginCall: 'qq.login',
    appIdExample: 'the 10-digit AppID',
  },
  kuaishou: {
    label: 'Kuaishou',
    labelZh: '快手',
    appIdVariable: 'KUAISHOU_APP_ID',
    appSecretVariable: 'KUAISHOU_APP_SECRET',
    apiBaseVariable: 'KUAISHOU_API_BASE',
    // https://mp.kuaishou.com/docs/develop/server/code2Session.html
    defaultApiBase: 'https://open.kuaishou.com',
    loginCall: 'ks.login',
    appIdExample: 'ks followed by 18 digits',
  },
};

export interface SessionPlatformConfig {
  readonly platform: SessionPlatform;
  /** configured: its app id and secret set; off: not set (its routes answer <PLATFORM>_NOT_CONFIGURED). */
  readonly mode: 'configured' | 'off';
  readonly appId: string;
  readonly appSecret: string;
  /** The platform's API base, no trailing slash. */
  readonly apiBase: string;
  /** Where code2session goes (Douyin: developer.toutiao.com; the others: apiBase). */
  readonly loginApiBase: string;
  /** Douyin's current flow: the app's private key (DOUYIN_APP_PRIVATE_KEY); undefined = that flow answers DOUYIN_PRIVATE_KEY_NOT_CONFIGURED. */
  readonly privateKey?: DouyinPrivateKey | undefined;
  /** Refuse legacy data whose watermark.timestamp is older than this (<PLATFORM>_MAX_DATA_AGE_SECONDS); undefined = no age check. */
  readonly maxDataAgeSeconds: number | undefined;
  /** How long a session token (and the session_key behind it) lives. */
  readonly sessionTtlSeconds: number;
}
