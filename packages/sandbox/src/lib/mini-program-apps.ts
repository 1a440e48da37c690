import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';

/**
 * The Douyin mini-program the sandbox plays: appid and AppSecret, and the
 * app key pair whose public half a developer uploads under 开发配置 > 应用公钥
 * (get_phonenumber_info encrypts the number to it; the server decrypts with
 * the private half).
 */
export interface SandboxDouyinApp {
  /** `tt` + 16 hex digits. */
  readonly appId: string;
  readonly appSecret: string;
  /** PKCS#8 PEM. */
  readonly appPrivateKeyPem: string;
  /** SPKI PEM. */
  readonly appPublicKeyPem: string;
}

/** The Baidu smart program: App Key (the client_id) and App Secret (the sk). */
export interface SandboxBaiduApp {
  /** 32 letters and digits. */
  readonly appKey: string;
  readonly appSecret: string;
}

/** The QQ mini-program: appid (10 digits) and AppSecret. */
export interface SandboxQqApp {
  readonly appId: string;
  readonly appSecret: string;
}

/** The Kuaishou mini-program: app_id (`ks` + 18 digits) and app_secret. */
export interface SandboxKuaishouApp {
  readonly appId: string;
  readonly appSecret: string;
}

/** The mini-program platforms added to the sandbox identity after Alipay and WeChat. */
export const SANDBOX_MINI_PROGRAM_PLATFORMS = ['douyin', 'baidu', 'qq', 'kuaishou'] as const;
export type SandboxMiniProgramPlatform = (typeof SANDBOX_MINI_PROGRAM_PLATFORMS)[number];

export interface SandboxMiniProgramApps {
  readonly douyin: SandboxDouyinApp;
  readonly baidu: SandboxBaiduApp;
  readonly qq: SandboxQqApp;
  readonly kuaishou: SandboxKuaishouApp;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alphanumerics(length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return text;
}

function digits(length: number, first = '123456789'): string {
  let text = first[randomInt(first.length)] ?? '1';
  for (let i = 1; i < length; i++) text += String(randomInt(10));
  return text;
}

/** A Douyin app with a fresh RSA-2048 key pair (about 100 ms). */
export function generateSandboxDouyinApp(): SandboxDouyinApp {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  return {
    appId: `tt${randomBytes(8).toString('hex')}`,
    // Douyin's example secrets are 32 hex digits (code-2-session page: "188506c64********55a31de40625ec7").
    appSecret: randomBytes(16).toString('hex'),
    appPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    appPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * Fresh ids and secrets for the four platforms, shaped like the real ones
 * (Baidu's App Key and Secret are 32 alphanumerics, log_Session-Key.md's
 * example "WPGsbTTGEQ2VRnNcEIjyo5nT1wGxc3PZ"; Kuaishou's app_id is `ks` + 18
 * digits and its secret 22 base64url characters, getAccessToken.html's
 * example "ks707065143182458884" / "9VfzaT-7Jf1bBHv-veFZfg").
 *
 * @example
 * ```ts
 * const { douyin, baidu, qq, kuaishou } = generateSandboxMiniProgramApps();
 * ```
 */
export function generateSandboxMiniProgramApps(): SandboxMiniProgramApps {
  return {
    douyin: generateSandboxDouyinApp(),
    baidu: { appKey: alphanumerics(32), appSecret: alphanumerics(32) },
    qq: { appId: digits(10), appSecret: alphanumerics(16) },
    kuaishou: { appId: `ks${digits(18)}`, appSecret: randomBytes(16).toString('base64url') },
  };
}

const FIELDS: Readonly<Record<SandboxMiniProgramPlatform, readonly string[]>> = {
  douyin: ['appId', 'appSecret', 'appPrivateKeyPem', 'appPublicKeyPem'],
  baidu: ['appKey', 'appSecret'],
  qq: ['appId', 'appSecret'],
  kuaishou: ['appId', 'appSecret'],
};

/** Whether `value` is a whole app record for `platform` (every field a non-empty string). */
export function isSandboxMiniProgramApp(platform: SandboxMiniProgramPlatform, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return FIELDS[platform].every((key) => typeof record[key] === 'string' && record[key] !== '');
}
