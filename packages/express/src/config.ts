import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { X509Certificate, createPublicKey, timingSafeEqual } from 'node:crypto';
import {
  PhonekitError,
  alipayCertSn,
  alipayRootCertSn,
  isAlipaySignType,
  loadAlipayAesKey,
  loadAlipayAppPrivateKey,
  loadAlipayPublicKey,
  loadDouyinPrivateKey,
  type AlipayAesKey,
  type AlipayAppPrivateKey,
  type AlipayCertificateSns,
  type AlipayPublicKey,
  type AlipaySignType,
  type DouyinPrivateKey,
} from '@phonekit/core';
import { KeyFileError, readKeyText } from './key-text';
import { SESSION_PLATFORMS, SESSION_PLATFORM_FACTS, type SessionPlatform, type SessionPlatformConfig } from './platforms/session-platforms';
import { DEFAULT_PRIVACY_POLICY_VERSION } from './accounts/account-routes-options';

/**
 * The server's configuration, read and validated in this one module: nothing
 * else touches process.env. Keys are parsed here, once, into KeyObjects.
 */

/** One Alipay app, keys parsed. */
export interface AlipayAppConfig {
  readonly appId: string | undefined;
  readonly publicKey: AlipayPublicKey | undefined;
  readonly aesKey: AlipayAesKey | undefined;
  readonly signType: AlipaySignType;
  readonly allowUnsigned: boolean;
  /** The login (POST /api/alipay/login); absent when no application private key is configured. */
  readonly login?: AlipayLoginConfig;
}

/** Alipay's production OpenAPI gateway (https://opendocs.alipay.com/common/02kf5q). */
export const ALIPAY_GATEWAY_URL = 'https://openapi.alipay.com/gateway.do';

/**
 * What the login's alipay.system.oauth.token call needs beyond the phone
 * keys: the application private key (应用私钥) that signs the request, the
 * certificate SNs in certificate mode (公钥证书), and the gateway.
 */
export interface AlipayLoginConfig {
  readonly appPrivateKey: AlipayAppPrivateKey;
  /** Certificate mode: app_cert_sn and alipay_root_cert_sn, computed from the certificate files. */
  readonly certificate: AlipayCertificateSns | undefined;
  /** The gateway.do URL (default {@link ALIPAY_GATEWAY_URL}; the sandbox's is https://openapi-sandbox.dl.alipaydev.com/gateway.do). */
  readonly gatewayUrl: string;
}

export interface ServerConfig {
  readonly env: 'production' | 'development' | 'test';
  /**
   * What /healthz reports. loadConfig always answers 'configured'; only the
   * development app (apps/dev), which plays the platforms with generated keys,
   * labels its configuration 'sandbox'.
   */
  readonly mode: 'sandbox' | 'configured';
  readonly port: number;
  readonly host: string | undefined;
  readonly logLevel: string;
  readonly bodyLimitBytes: number;
  readonly trustProxy: boolean | number | string;
  /** Requests per minute per client IP on /api routes; 0 = no limit. */
  readonly rateLimitPerMinute: number;
  /** A request whose headers and body have not arrived by then is answered 408. */
  readonly requestTimeoutMs: number;
  /**
   * SHUTDOWN_GRACE_MS: how long SIGTERM waits for requests in flight before
   * the process exits 1. Always longer than requestTimeoutMs (default: 5 s
   * longer), so a request still arriving at SIGTERM is answered, 408 at worst.
   */
  readonly shutdownGraceMs: number;
  /**
   * CORS_ORIGINS: the web origins (`https://shop.example`) whose pages may
   * call the API from a browser; empty (the default) = no CORS headers at all.
   */
  readonly corsOrigins: readonly string[];
  /** Worker processes for cluster.ts (default: one per core). */
  readonly workers: number | undefined;
  /** Apps by appId; the key '' holds a single env-configured app without an appId. */
  readonly alipayApps: ReadonlyMap<string, AlipayAppConfig>;
  /** The WeChat mini-program: configured, or off. */
  readonly wechat: WechatConfig;
  /** Douyin, Baidu, QQ and Kuaishou: each configured, or off. */
  readonly platforms: Readonly<Record<SessionPlatform, SessionPlatformConfig>>;
  /** Redis for WeChat sessions and the shared access token; undefined = in memory (one process). */
  readonly redisUrl: string | undefined;
  /** Users, sessions, bound phones and consents: where they live, and the keys that protect them. */
  readonly accounts: AccountsConfig;
}

/**
 * Where the accounts live: Postgres (DATABASE_URL) or the embedded PGlite
 * database in a folder (PHONEKIT_DATA_DIR). The apps open them from this
 * (@phonekit/accounts); @phonekit/express only receives the opened store.
 */
export type AccountsDatabaseConfig =
  | { readonly driver: 'postgres'; readonly databaseUrl: string }
  | { readonly driver: 'pglite'; readonly dataDir: string };

export interface AccountsConfig {
  /** undefined: no database configured, accounts off (phone-number is stateless, /api/me answers ACCOUNTS_NOT_CONFIGURED). */
  readonly database: AccountsDatabaseConfig | undefined;
  /** PHONEKIT_DATA_KEY: the keyring text (`base64` or `id:base64,...`, newest last). Required in production with a database. */
  readonly dataKey: string | undefined;
  /** PHONEKIT_BLIND_INDEX_KEY: a separate HMAC key for the blind index; default: derived from the data key. */
  readonly blindIndexKey: string | undefined;
  /** REQUIRE_LOGIN: phone-number without a session token answers 401 LOGIN_REQUIRED. */
  readonly requireLogin: boolean;
  /** PRIVACY_POLICY_VERSION: recorded with every consent. */
  readonly privacyPolicyVersion: string;
}

/** Where access tokens come from: cgi-bin/stable_token (default: it does not rotate other holders' tokens) or cgi-bin/token. */
export const WECHAT_TOKEN_ENDPOINTS = ['stable', 'token'] as const;
export type WechatTokenEndpoint = (typeof WECHAT_TOKEN_ENDPOINTS)[number];

export interface WechatConfig {
  /** configured: WECHAT_APP_ID and WECHAT_APP_SECRET set; off: not set (the WeChat routes answer WECHAT_NOT_CONFIGURED). */
  readonly mode: 'configured' | 'off';
  readonly appId: string;
  readonly appSecret: string;
  /** WeChat's API base, no trailing slash (default https://api.weixin.qq.com). */
  readonly apiBase: string;
  readonly tokenEndpoint: WechatTokenEndpoint;
  /** Refuse legacy data whose watermark.timestamp is older than this; undefined = no age check. */
  readonly maxDataAgeSeconds: number | undefined;
  /** How long a session token (and the session_key behind it) lives. */
  readonly sessionTtlSeconds: number;
  /** WECHAT_MEMORY_SESSIONS_MAX: the most sessions the in-memory store keeps (least recently used evicted); absent = its default, 100000. Not used with REDIS_URL. */
  readonly memorySessionsMax?: number;
}

/** Thrown when the configuration is wrong; its message names the variable and the fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['', 'true', 'false', '1', '0', 'yes', 'no'].includes(v), 'must be true or false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** How much longer than REQUEST_TIMEOUT_MS the shutdown grace is by default. */
export const SHUTDOWN_GRACE_MARGIN_MS = 5_000;

/** Whether the text is a web origin as a browser sends it in Origin: scheme://host[:port], nothing more. */
function isWebOrigin(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text && !text.includes('*');
}

/** CORS_ORIGINS: comma-separated origins, each exactly as browsers send it; no wildcard. */
const corsOrigins = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
  .pipe(
    z.array(
      z.string().refine(isWebOrigin, {
        error: (issue) =>
          String(issue.input).includes('*')
            ? `${JSON.stringify(String(issue.input).slice(0, 100))}: list the web origins allowed to call the API one by one (comma-separated, like https://shop.example,https://admin.example); wildcards ("*") are not accepted: the answers carry phone numbers`
            : `${JSON.stringify(String(issue.input).slice(0, 100))} is not a web origin: write scheme://host[:port] with no path and no trailing slash, exactly as the browser sends it in Origin, like https://shop.example or http://localhost:5173`,
      }),
    ),
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
  TRUST_PROXY: z.string().trim().optional(),
  ALIPAY_APP_ID: z.string().trim().optional(),
  ALIPAY_PUBLIC_KEY: z.string().optional(),
  ALIPAY_AES_KEY: z.string().optional(),
  ALIPAY_SIGN_TYPE: z.string().trim().optional(),
  ALIPAY_ALLOW_UNSIGNED: booleanFlag.default(false),
  ALIPAY_APP_PRIVATE_KEY: z.string().optional(),
  ALIPAY_APP_CERT_PATH: z.string().trim().optional(),
  ALIPAY_ROOT_CERT_PATH: z.string().trim().optional(),
  ALIPAY_GATEWAY_URL: z.string().trim().optional(),
  PHONEKIT_CONFIG: z.string().trim().optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(1).max(3_600_000).optional(),
  CORS_ORIGINS: corsOrigins,
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  WECHAT_APP_ID: z.string().trim().optional(),
  WECHAT_APP_SECRET: z.string().trim().optional(),
  WECHAT_API_BASE: z.string().trim().optional(),
  WECHAT_TOKEN_ENDPOINT: z.enum(WECHAT_TOKEN_ENDPOINTS).default('stable'),
  WECHAT_MAX_DATA_AGE_SECONDS: z.coerce.number().int().min(1).optional(),
  REDIS_URL: z.string().trim().optional(),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(86_400),
  WECHAT_MEMORY_SESSIONS_MAX: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  DOUYIN_APP_ID: z.string().trim().optional(),
  DOUYIN_APP_SECRET: z.string().trim().optional(),
  DOUYIN_APP_PRIVATE_KEY: z.string().optional(),
  DOUYIN_API_BASE: z.string().trim().optional(),
  DOUYIN_LOGIN_API_BASE: z.string().trim().optional(),
  DOUYIN_MAX_DATA_AGE_SECONDS: z.coerce.number().int().min(1).optional(),
  BAIDU_APP_KEY: z.string().trim().optional(),
  BAIDU_APP_SECRET: z.string().trim().optional(),
  BAIDU_API_BASE: z.string().trim().optional(),
  QQ_APP_ID: z.string().trim().optional(),
  QQ_APP_SECRET: z.string().trim().optional(),
  QQ_API_BASE: z.string().trim().optional(),
  QQ_MAX_DATA_AGE_SECONDS: z.coerce.number().int().min(1).optional(),
  KUAISHOU_APP_ID: z.string().trim().optional(),
  KUAISHOU_APP_SECRET: z.string().trim().optional(),
  KUAISHOU_API_BASE: z.string().trim().optional(),
  KUAISHOU_MAX_DATA_AGE_SECONDS: z.coerce.number().int().min(1).optional(),
  DATABASE_URL: z.string().trim().optional(),
  PHONEKIT_DATA_DIR: z.string().trim().optional(),
  PHONEKIT_DATA_KEY: z.string().optional(),
  PHONEKIT_BLIND_INDEX_KEY: z.string().optional(),
  REQUIRE_LOGIN: booleanFlag.default(false),
  PRIVACY_POLICY_VERSION: z.string().trim().optional(),
}).superRefine((env, context) => {
  if (env.SHUTDOWN_GRACE_MS !== undefined && env.SHUTDOWN_GRACE_MS <= env.REQUEST_TIMEOUT_MS) {
    context.addIssue({
      code: 'custom',
      path: ['SHUTDOWN_GRACE_MS'],
      message: `is ${env.SHUTDOWN_GRACE_MS} ms, not longer than REQUEST_TIMEOUT_MS (${env.REQUEST_TIMEOUT_MS} ms): a request still arriving at SIGTERM can take that long to be answered (408 at worst), and the process would exit 1 before. Set SHUTDOWN_GRACE_MS to more, like ${env.REQUEST_TIMEOUT_MS + SHUTDOWN_GRACE_MARGIN_MS}, or leave it unset for that default`,
    });
  }
});

const NO_APP_ID = "no appId: each app needs the mini-program's appId";
const stringField = (field: string) => z.string({ error: `${field} must be a string` });

/**
 * The PHONEKIT_CONFIG file: `{"alipay": {"apps": [{appId, publicKey?, aesKey?, signType?, allowUnsigned?,
 * appPrivateKey?, appCertPath?, alipayRootCertPath?, gatewayUrl?}]}}`,
 * key values as text or paths relative to the file. The server validates the
 * file with it, and so does `phonekit doctor`; each issue's message names the
 * field and the fix. (What the keys themselves hold is checked after.)
 *
 * @example
 * ```ts
 * const file = PHONEKIT_CONFIG_FILE_SCHEMA.safeParse(JSON.parse(text));
 * if (!file.success) for (const issue of file.error.issues) console.log(issue.path, issue.message);
 * ```
 */
export const PHONEKIT_CONFIG_FILE_SCHEMA = z.object(
  {
    alipay: z
      .object(
        {
          apps: z
            .array(
              z.object(
                {
                  appId: z.string({ error: (issue) => (issue.input === undefined ? NO_APP_ID : 'appId must be a string') }).trim().min(1, NO_APP_ID),
                  publicKey: stringField('publicKey').optional(),
                  aesKey: stringField('aesKey').optional(),
                  signType: stringField('signType').optional(),
                  allowUnsigned: z.boolean({ error: 'allowUnsigned must be true or false' }).optional(),
                  appPrivateKey: stringField('appPrivateKey').optional(),
                  appCertPath: stringField('appCertPath').optional(),
                  alipayRootCertPath: stringField('alipayRootCertPath').optional(),
                  gatewayUrl: stringField('gatewayUrl').optional(),
                },
                { error: 'each app must be an object {"appId": "...", "publicKey": "...", "aesKey": "..."}' },
              ),
              { error: 'apps must be a list of apps' },
            )
            .min(1, 'no apps: expected at least one app, {"appId": "...", "publicKey": "...", "aesKey": "..."}'),
        },
        { error: 'alipay must be an object {"apps": [...]}' },
      )
      .optional(),
  },
  { error: 'expected {"alipay": {"apps": [...]}}' },
);

/** A PHONEKIT_CONFIG file as the schema reads it. */
export type PhonekitConfigFile = z.infer<typeof PHONEKIT_CONFIG_FILE_SCHEMA>;

/** A key setting's text (the value, or the file it names), as a ConfigError naming the setting when the file cannot be read. */
function keyTextOf(variable: string, value: string, baseDir: string): string {
  try {
    return readKeyText(value, baseDir).text;
  } catch (err) {
    if (err instanceof KeyFileError) throw new ConfigError(variable, err.message);
    throw err;
  }
}

/** Runs `load`, a core key or certificate reader, turning its PhonekitError into a ConfigError naming `variable`. */
function wrap<T>(variable: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof PhonekitError) throw new ConfigError(variable, `${err.message} ${err.hint}`);
    throw err;
  }
}

function loadKeys(
  where: { publicKey: string; aesKey: string; signType: string },
  raw: { publicKey?: string | undefined; aesKey?: string | undefined; signType?: string | undefined },
  baseDir: string,
): { publicKey: AlipayPublicKey | undefined; aesKey: AlipayAesKey | undefined; signType: AlipaySignType } {
  const signType = raw.signType === undefined || raw.signType === '' ? 'RSA2' : raw.signType.toUpperCase();
  if (!isAlipaySignType(signType)) {
    throw new ConfigError(where.signType, `"${raw.signType ?? ''}" is not a sign type: use RSA2 (SHA256withRSA, the console default) or RSA.`);
  }
  const publicKey =
    raw.publicKey === undefined || raw.publicKey.trim() === ''
      ? undefined
      : wrap(where.publicKey, () => loadAlipayPublicKey(keyTextOf(where.publicKey, raw.publicKey ?? '', baseDir)));
  const aesKey =
    raw.aesKey === undefined || raw.aesKey.trim() === ''
      ? undefined
      : wrap(where.aesKey, () => loadAlipayAesKey(keyTextOf(where.aesKey, raw.aesKey ?? '', baseDir)));
  return { publicKey, aesKey, signType };
}

function checkApp(app: AlipayAppConfig, names: { publicKey: string; aesKey: string; allowUnsigned: string }, production: boolean): void {
  if (app.aesKey === undefined) {
    throw new ConfigError(names.aesKey, 'is required: Alipay always encrypts phone numbers. Copy the AES key from the Alipay console (开发设置 > 接口内容加密方式).');
  }
  if (app.publicKey === undefined && !app.allowUnsigned) {
    throw new ConfigError(
      names.publicKey,
      'is required to verify signatures. Copy the Alipay public key (支付宝公钥) from the Alipay console (开发设置 > 接口加签方式). Only for local development, ALIPAY_ALLOW_UNSIGNED=true accepts unsigned payloads.',
    );
  }
  if (app.allowUnsigned && production) {
    throw new ConfigError(names.allowUnsigned, 'unsigned payloads are for development only and are refused when NODE_ENV=production.');
  }
}

/** Whether two AES keys are the same, compared in constant time (their sizes are no secret). */
function sameAesKey(a: AlipayAesKey, b: AlipayAesKey): boolean {
  if (a.bits !== b.bits) return false;
  const left = a.key.export();
  const right = b.key.export();
  try {
    return timingSafeEqual(left, right);
  } finally {
    left.fill(0);
    right.fill(0);
  }
}

/**
 * Refuses an app that reads unsigned payloads (allowUnsigned) with the AES key
 * of an app that requires signatures: anyone could then encrypt a body with
 * that key (it is the other app's), send it unsigned naming the development
 * app, and have it read. `allowUnsignedName(key)` names the setting of the app
 * stored under `key` in `apps`.
 */
export function assertNoUnsignedAppSharesAesKey(apps: ReadonlyMap<string, AlipayAppConfig>, allowUnsignedName: (key: string) => string): void {
  const entries = [...apps.entries()];
  const label = (app: AlipayAppConfig): string => (app.appId === undefined ? 'the ALIPAY_* app' : `app ${app.appId}`);
  for (const [key, unsigned] of entries) {
    if (!unsigned.allowUnsigned || unsigned.aesKey === undefined) continue;
    for (const [, signed] of entries) {
      if (signed.allowUnsigned || signed.aesKey === undefined || !sameAesKey(unsigned.aesKey, signed.aesKey)) continue;
      throw new ConfigError(
        allowUnsignedName(key),
        `${label(unsigned)} reads unsigned payloads (allowUnsigned) with the same AES key as ${label(signed)}, which requires signatures: an unsigned ciphertext made with that key would be read by naming ${label(unsigned)}. Give the development app an AES key of its own (the Alipay sandbox app's), or turn allowUnsigned off.`,
      );
    }
  }
}

interface LoginNames {
  readonly appId: string;
  readonly publicKey: string;
  readonly appPrivateKey: string;
  readonly appCertPath: string;
  readonly alipayRootCertPath: string;
  readonly gatewayUrl: string;
}

interface LoginRaw {
  readonly appPrivateKey?: string | undefined;
  readonly appCertPath?: string | undefined;
  readonly alipayRootCertPath?: string | undefined;
  readonly gatewayUrl?: string | undefined;
}

const given = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * The login configuration of one app, or undefined without an application
 * private key. Refused at start: a login without a digits appId or without
 * the Alipay public key (the gateway's answers are always verified, whatever
 * allowUnsigned says), an Alipay public key that is the private key's own
 * public half (the application public key pasted in its place), half a
 * certificate set, and an app certificate that is not the private key's.
 */
function loginConfigOf(app: AlipayAppConfig, names: LoginNames, raw: LoginRaw, baseDir: string): AlipayLoginConfig | undefined {
  if (!given(raw.appPrivateKey)) {
    for (const [field, name] of [['appCertPath', names.appCertPath], ['alipayRootCertPath', names.alipayRootCertPath]] as const) {
      if (given(raw[field])) throw new ConfigError(name, `is only used by the login, which needs ${names.appPrivateKey} (应用私钥) too.`);
    }
    return undefined;
  }
  const privateKeyValue = raw.appPrivateKey;
  const appPrivateKey = wrap(names.appPrivateKey, () => loadAlipayAppPrivateKey(keyTextOf(names.appPrivateKey, privateKeyValue, baseDir)));
  if (app.appId === undefined || !/^\d{1,32}$/.test(app.appId)) {
    throw new ConfigError(names.appId, `is required for the login (${names.appPrivateKey} is set): alipay.system.oauth.token names the app by its appId, the digits the Alipay console shows (16 for a mini-program).`);
  }
  if (app.publicKey === undefined) {
    throw new ConfigError(names.publicKey, `is required for the login (${names.appPrivateKey} is set): every answer of Alipay's gateway is verified with the Alipay public key (支付宝公钥), even in development.`);
  }
  const ownPublic = createPublicKey(appPrivateKey.key).export({ type: 'spki', format: 'der' });
  if (ownPublic.equals(app.publicKey.key.export({ type: 'spki', format: 'der' }))) {
    throw new ConfigError(
      names.publicKey,
      `is the public half of ${names.appPrivateKey}: that is your application public key (应用公钥), which you upload to Alipay. Set the Alipay public key (支付宝公钥) the console shows beside it (开发设置 > 接口加签方式 > 查看).`,
    );
  }
  let certificate: AlipayCertificateSns | undefined;
  if (given(raw.appCertPath) !== given(raw.alipayRootCertPath)) {
    const missing = given(raw.appCertPath) ? names.alipayRootCertPath : names.appCertPath;
    throw new ConfigError(missing, `is required in certificate mode (公钥证书) with ${given(raw.appCertPath) ? names.appCertPath : names.alipayRootCertPath}: give both appCertPublicKey_<appId>.crt and alipayRootCert.crt, or neither (public key mode).`);
  }
  if (given(raw.appCertPath) && given(raw.alipayRootCertPath)) {
    const appCertText = certText(names.appCertPath, raw.appCertPath, baseDir);
    const rootText = certText(names.alipayRootCertPath, raw.alipayRootCertPath, baseDir);
    certificate = { appCertSn: wrap(names.appCertPath, () => alipayCertSn(appCertText)), alipayRootCertSn: wrap(names.alipayRootCertPath, () => alipayRootCertSn(rootText)) };
    if (!new X509Certificate(appCertText).publicKey.export({ type: 'spki', format: 'der' }).equals(ownPublic)) {
      throw new ConfigError(names.appCertPath, `is not the certificate of ${names.appPrivateKey}: give the appCertPublicKey_<appId>.crt the console issued for the key pair whose private half that is.`);
    }
    if (app.publicKey.format !== 'certificate') {
      throw new ConfigError(names.publicKey, 'must be the Alipay public key certificate (alipayCertPublicKey_RSA2.crt) in certificate mode: the gateway signs with the key of that certificate.');
    }
  }
  const gatewayUrl = given(raw.gatewayUrl) ? checkedUrl(names.gatewayUrl, raw.gatewayUrl.trim(), ['https:', 'http:'], ALIPAY_GATEWAY_URL) : ALIPAY_GATEWAY_URL;
  return { appPrivateKey, certificate, gatewayUrl };
}

/** A certificate file's text: the value is always a path (`@` optional), never pasted certificate text. */
function certText(variable: string, value: string, baseDir: string): string {
  return keyTextOf(variable, value.startsWith('@') ? value : `@${value}`, baseDir);
}

function checkedUrl(variable: string, value: string, protocols: readonly string[], example: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `is not a URL; expected something like ${example}.`);
  }
  if (!protocols.includes(url.protocol)) throw new ConfigError(variable, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}, like ${example}.`);
  return value.replace(/\/+$/, '');
}

/** PHONEKIT_DATA_KEY's grammar, as @phonekit/accounts reads it: one base64 key, or `id:base64` entries separated by commas or spaces. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Whether the text is the base64 (or base64url) of exactly 32 bytes, canonically. */
function isKey32(text: string): boolean {
  if (!BASE64_KEY.test(text)) return false;
  const standard = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Buffer.from(standard, 'base64');
  return bytes.length === 32 && bytes.toString('base64').replace(/=+$/, '') === standard;
}

/** Checks a key setting's entries; the messages name the entry, never its value. */
function checkKeyring(variable: string, text: string, options: { single: boolean }): void {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) throw new ConfigError(variable, 'is empty.');
  if (options.single && parts.length > 1) throw new ConfigError(variable, 'must hold exactly one key.');
  const ids = new Set<string>();
  for (const [index, part] of parts.entries()) {
    const where = `entry ${index + 1}`;
    const colon = part.indexOf(':');
    if (colon === -1 && parts.length > 1) throw new ConfigError(variable, `${where} has no "id:" prefix; with several keys, each needs an id.`);
    const id = colon === -1 ? 'default' : part.slice(0, colon);
    if (!KEY_ID.test(id)) throw new ConfigError(variable, `${where}: the key id must be 1-32 letters, digits, "-" or "_".`);
    if (options.single && id.startsWith('derived-')) throw new ConfigError(variable, 'ids starting "derived-" are reserved.');
    if (ids.has(id)) throw new ConfigError(variable, `${where}: the key id "${id}" appears twice.`);
    ids.add(id);
    if (!isKey32(colon === -1 ? part : part.slice(colon + 1))) {
      throw new ConfigError(variable, `${where} (id "${id}") is not the base64 of exactly 32 bytes: generate a key with \`openssl rand -base64 32\`.`);
    }
  }
}

interface AccountsEnv {
  readonly DATABASE_URL?: string | undefined;
  readonly PHONEKIT_DATA_DIR?: string | undefined;
  readonly REDIS_URL?: string | undefined;
  readonly PHONEKIT_DATA_KEY?: string | undefined;
  readonly PHONEKIT_BLIND_INDEX_KEY?: string | undefined;
  readonly REQUIRE_LOGIN: boolean;
  readonly PRIVACY_POLICY_VERSION?: string | undefined;
}

const POLICY_VERSION = /^[\w.-]{1,64}$/;

/** DATABASE_URL (Postgres) wins over PHONEKIT_DATA_DIR (PGlite); neither: accounts off. */
function accountsConfigOf(env: AccountsEnv, baseDir: string, production: boolean): AccountsConfig {
  const databaseUrl = env.DATABASE_URL ?? '';
  const dataDir = env.PHONEKIT_DATA_DIR ?? '';
  let database: AccountsDatabaseConfig | undefined;
  if (databaseUrl !== '') {
    // The URL holds a password: checked without ever being echoed.
    checkedUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:'], 'postgres://user:password@db.internal:5432/phonekit');
    database = { driver: 'postgres', databaseUrl };
  } else if (dataDir !== '') {
    database = { driver: 'pglite', dataDir: resolve(baseDir, dataDir) };
  }
  const dataKey = env.PHONEKIT_DATA_KEY?.trim() === '' ? undefined : env.PHONEKIT_DATA_KEY?.trim();
  const blindIndexKey = env.PHONEKIT_BLIND_INDEX_KEY?.trim() === '' ? undefined : env.PHONEKIT_BLIND_INDEX_KEY?.trim();
  if (dataKey !== undefined) checkKeyring('PHONEKIT_DATA_KEY', dataKey, { single: false });
  if (blindIndexKey !== undefined) checkKeyring('PHONEKIT_BLIND_INDEX_KEY', blindIndexKey, { single: true });
  if (database !== undefined && dataKey === undefined && production) {
    throw new ConfigError(
      'PHONEKIT_DATA_KEY',
      `is required in production with a database (${database.driver === 'postgres' ? 'DATABASE_URL' : 'PHONEKIT_DATA_DIR'}): phone numbers and WeChat session keys are stored encrypted under it. Generate one with \`openssl rand -base64 32\`, keep it in your secret store (not beside the database) and back it up: rows cannot be read without it.`,
    );
  }
  if (production) requireWechatStoreDataKey({ redisUrl: redisUrlOf(env.REDIS_URL), accounts: { dataKey } });
  if (env.REQUIRE_LOGIN && database === undefined) {
    throw new ConfigError('REQUIRE_LOGIN', 'needs accounts to log users in: set DATABASE_URL (Postgres) or PHONEKIT_DATA_DIR (embedded PGlite), and PHONEKIT_DATA_KEY.');
  }
  const privacyPolicyVersion = env.PRIVACY_POLICY_VERSION === undefined || env.PRIVACY_POLICY_VERSION === '' ? DEFAULT_PRIVACY_POLICY_VERSION : env.PRIVACY_POLICY_VERSION;
  if (!POLICY_VERSION.test(privacyPolicyVersion)) {
    throw new ConfigError('PRIVACY_POLICY_VERSION', `must be 1-64 letters, digits, ".", "-" or "_", like ${DEFAULT_PRIVACY_POLICY_VERSION}: the version of the privacy policy text users agree to, recorded with every consent.`);
  }
  return { database, dataKey, blindIndexKey, requireLogin: env.REQUIRE_LOGIN, privacyPolicyVersion };
}

/**
 * The refusal of a Redis WeChat store without a data key: what it keeps (the
 * session_keys, openids and the access token) is sealed under
 * PHONEKIT_DATA_KEY. loadConfig applies it in production; createWechatStore
 * whenever it builds a Redis store; the production server (apps/server)
 * whatever NODE_ENV says.
 *
 * @example
 * ```ts
 * const config = loadConfig();
 * requireWechatStoreDataKey(config); // throws ConfigError naming PHONEKIT_DATA_KEY when REDIS_URL has no key to go with
 * ```
 */
export function requireWechatStoreDataKey(config: { readonly redisUrl: string | undefined; readonly accounts?: Pick<AccountsConfig, 'dataKey'> | undefined }): void {
  if (config.redisUrl === undefined || config.accounts?.dataKey !== undefined) return;
  throw new ConfigError(
    'PHONEKIT_DATA_KEY',
    'is required with REDIS_URL: the WeChat sessions (session_key, openid) and the access token kept in Redis are sealed under it (AES-256-GCM). Generate one with `openssl rand -base64 32`, keep it in your secret store and give every server process sharing that Redis the same key.',
  );
}

function redisUrlOf(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  checkedUrl('REDIS_URL', value, ['redis:', 'rediss:'], 'redis://127.0.0.1:6379');
  return value;
}

interface WechatEnv {
  readonly WECHAT_APP_ID?: string | undefined;
  readonly WECHAT_APP_SECRET?: string | undefined;
  readonly WECHAT_API_BASE?: string | undefined;
  readonly WECHAT_TOKEN_ENDPOINT: WechatTokenEndpoint;
  readonly WECHAT_MAX_DATA_AGE_SECONDS?: number | undefined;
  readonly SESSION_TTL_SECONDS: number;
  readonly WECHAT_MEMORY_SESSIONS_MAX: number;
}

/** WeChat keys both or neither; without them the WeChat routes are off. */
function wechatConfigOf(env: WechatEnv): WechatConfig {
  const appId = env.WECHAT_APP_ID ?? '';
  const appSecret = env.WECHAT_APP_SECRET ?? '';
  if (appId !== '' && appSecret === '') throw new ConfigError('WECHAT_APP_SECRET', 'is required with WECHAT_APP_ID: copy the AppSecret from the mini-program admin (开发管理 > 开发设置).');
  if (appId === '' && appSecret !== '') throw new ConfigError('WECHAT_APP_ID', 'is required with WECHAT_APP_SECRET: the mini-program AppID (wx followed by 16 characters).');
  const apiBase =
    env.WECHAT_API_BASE === undefined || env.WECHAT_API_BASE === ''
      ? 'https://api.weixin.qq.com'
      : checkedUrl('WECHAT_API_BASE', env.WECHAT_API_BASE, ['https:', 'http:'], 'https://api.weixin.qq.com');
  const common = { apiBase, tokenEndpoint: env.WECHAT_TOKEN_ENDPOINT, maxDataAgeSeconds: env.WECHAT_MAX_DATA_AGE_SECONDS, sessionTtlSeconds: env.SESSION_TTL_SECONDS, memorySessionsMax: env.WECHAT_MEMORY_SESSIONS_MAX };
  return appId === '' ? { mode: 'off', appId: '', appSecret: '', ...common } : { mode: 'configured', appId, appSecret, ...common };
}

/**
 * A platform's app id and secret, both or neither; without them its routes
 * are off. Douyin's private key (DOUYIN_APP_PRIVATE_KEY: PEM, base64 or a
 * file) opens the current flow's data; it is checked here, at start.
 */
function sessionPlatformConfigOf(platform: SessionPlatform, env: Record<string, unknown>, baseDir: string, sessionTtlSeconds: number): SessionPlatformConfig {
  const facts = SESSION_PLATFORM_FACTS[platform];
  const text = (name: string | undefined): string => (name === undefined || typeof env[name] !== 'string' ? '' : (env[name] as string).trim());
  const appId = text(facts.appIdVariable);
  const appSecret = text(facts.appSecretVariable);
  if (appId !== '' && appSecret === '') throw new ConfigError(facts.appSecretVariable, `is required with ${facts.appIdVariable}: copy the ${facts.label} app's secret from its console.`);
  if (appId === '' && appSecret !== '') throw new ConfigError(facts.appIdVariable, `is required with ${facts.appSecretVariable}: ${facts.appIdExample}.`);
  const url = (variable: string | undefined, fallback: string): string => {
    const given = text(variable);
    return variable === undefined || given === '' ? fallback : checkedUrl(variable, given, ['https:', 'http:'], fallback);
  };
  const apiBase = url(facts.apiBaseVariable, facts.defaultApiBase);
  // A test or sandbox API base given alone serves the login too.
  const loginDefault = text(facts.apiBaseVariable) !== '' ? apiBase : (facts.defaultLoginApiBase ?? apiBase);
  const loginApiBase = facts.loginApiBaseVariable === undefined ? apiBase : url(facts.loginApiBaseVariable, loginDefault);
  const age = env[`${platform.toUpperCase()}_MAX_DATA_AGE_SECONDS`];
  let privateKey: DouyinPrivateKey | undefined;
  const keyValue = platform === 'douyin' ? env['DOUYIN_APP_PRIVATE_KEY'] : undefined;
  if (typeof keyValue === 'string' && keyValue.trim() !== '') {
    if (appId === '') throw new ConfigError('DOUYIN_APP_ID', 'is required with DOUYIN_APP_PRIVATE_KEY: the key opens the data Douyin sends for that app.');
    const keyText = keyTextOf('DOUYIN_APP_PRIVATE_KEY', keyValue, baseDir);
    privateKey = wrap('DOUYIN_APP_PRIVATE_KEY', () => loadDouyinPrivateKey(keyText));
  }
  const common = { platform, apiBase, loginApiBase, privateKey, maxDataAgeSeconds: typeof age === 'number' ? age : undefined, sessionTtlSeconds };
  return appId === '' ? { ...common, mode: 'off', appId: '', appSecret: '', privateKey: undefined } : { ...common, mode: 'configured', appId, appSecret };
}

const ENV_LOGIN_NAMES: LoginNames = {
  appId: 'ALIPAY_APP_ID',
  publicKey: 'ALIPAY_PUBLIC_KEY',
  appPrivateKey: 'ALIPAY_APP_PRIVATE_KEY',
  appCertPath: 'ALIPAY_APP_CERT_PATH',
  alipayRootCertPath: 'ALIPAY_ROOT_CERT_PATH',
  gatewayUrl: 'ALIPAY_GATEWAY_URL',
};

/** The variables that hold a platform's keys: any of them set means that platform is configured for real. */
export const PLATFORM_KEY_VARIABLES = {
  alipay: ['ALIPAY_PUBLIC_KEY', 'ALIPAY_AES_KEY', 'ALIPAY_APP_PRIVATE_KEY', 'PHONEKIT_CONFIG'],
  wechat: ['WECHAT_APP_ID', 'WECHAT_APP_SECRET'],
  douyin: ['DOUYIN_APP_ID', 'DOUYIN_APP_SECRET', 'DOUYIN_APP_PRIVATE_KEY'],
  baidu: ['BAIDU_APP_KEY', 'BAIDU_APP_SECRET'],
  qq: ['QQ_APP_ID', 'QQ_APP_SECRET'],
  kuaishou: ['KUAISHOU_APP_ID', 'KUAISHOU_APP_SECRET'],
} as const satisfies Record<string, readonly string[]>;
export type Platform = keyof typeof PLATFORM_KEY_VARIABLES;

/**
 * The platforms an environment gives real keys for. The development app runs
 * its sandbox only when this is empty: one real key of any platform and no
 * sandbox route of any platform exists.
 */
export function platformsWithKeys(env: Record<string, string | undefined>): Platform[] {
  return (Object.keys(PLATFORM_KEY_VARIABLES) as Platform[]).filter((platform) =>
    PLATFORM_KEY_VARIABLES[platform].some((name) => (env[name] ?? '').trim() !== ''),
  );
}

export interface LoadConfigOptions {
  /** Defaults to process.env. */
  readonly env?: Record<string, string | undefined>;
  /** Directory relative paths are resolved from (default: cwd). */
  readonly baseDir?: string;
}

/**
 * Reads and validates the configuration. Throws ConfigError naming the
 * variable and the fix; never echoes a key.
 */
export function loadConfig(options: LoadConfigOptions = {}): ServerConfig {
  const source = options.env ?? process.env;
  const baseDir = options.baseDir ?? process.cwd();
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, `${issue?.message ?? 'invalid'}.`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const apps = new Map<string, AlipayAppConfig>();
  /** The allowUnsigned setting of each PHONEKIT_CONFIG app, by appId, for the refusals that name it. */
  const fileAllowUnsignedNames = new Map<string, string>();

  const envConfigured = [env.ALIPAY_PUBLIC_KEY, env.ALIPAY_AES_KEY, env.ALIPAY_APP_PRIVATE_KEY].some((v) => v !== undefined && v.trim() !== '');
  if (envConfigured) {
    const keys = loadKeys(
      { publicKey: 'ALIPAY_PUBLIC_KEY', aesKey: 'ALIPAY_AES_KEY', signType: 'ALIPAY_SIGN_TYPE' },
      { publicKey: env.ALIPAY_PUBLIC_KEY, aesKey: env.ALIPAY_AES_KEY, signType: env.ALIPAY_SIGN_TYPE },
      baseDir,
    );
    const keyed: AlipayAppConfig = { appId: env.ALIPAY_APP_ID || undefined, ...keys, allowUnsigned: env.ALIPAY_ALLOW_UNSIGNED };
    checkApp(keyed, { publicKey: 'ALIPAY_PUBLIC_KEY', aesKey: 'ALIPAY_AES_KEY', allowUnsigned: 'ALIPAY_ALLOW_UNSIGNED' }, production);
    const login = loginConfigOf(
      keyed,
      ENV_LOGIN_NAMES,
      { appPrivateKey: env.ALIPAY_APP_PRIVATE_KEY, appCertPath: env.ALIPAY_APP_CERT_PATH, alipayRootCertPath: env.ALIPAY_ROOT_CERT_PATH, gatewayUrl: env.ALIPAY_GATEWAY_URL },
      baseDir,
    );
    const app: AlipayAppConfig = login === undefined ? keyed : { ...keyed, login };
    apps.set(app.appId ?? '', app);
  }

  if (env.PHONEKIT_CONFIG !== undefined && env.PHONEKIT_CONFIG !== '') {
    if (apps.has('')) {
      throw new ConfigError('ALIPAY_APP_ID', 'is required when PHONEKIT_CONFIG lists apps too: requests choose their app by appId, so the app configured by ALIPAY_* variables needs one.');
    }
    const path = resolve(baseDir, env.PHONEKIT_CONFIG);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      const why = err instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
      const where = path === env.PHONEKIT_CONFIG ? '' : ` (${path.slice(0, 300)})`;
      throw new ConfigError('PHONEKIT_CONFIG', `the file "${env.PHONEKIT_CONFIG}"${where} ${why}.`);
    }
    const file = PHONEKIT_CONFIG_FILE_SCHEMA.safeParse(json);
    if (!file.success) {
      const issue = file.error.issues[0];
      throw new ConfigError('PHONEKIT_CONFIG', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}.`);
    }
    const baseOfFile = resolve(path, '..');
    (file.data.alipay?.apps ?? []).forEach((entry, i) => {
      const at = `PHONEKIT_CONFIG alipay.apps[${i}] (${entry.appId})`;
      if (apps.has(entry.appId)) throw new ConfigError(at, `appId ${entry.appId} is configured twice.`);
      const keys = loadKeys(
        { publicKey: `${at}.publicKey`, aesKey: `${at}.aesKey`, signType: `${at}.signType` },
        entry,
        baseOfFile,
      );
      const keyed: AlipayAppConfig = { appId: entry.appId, ...keys, allowUnsigned: entry.allowUnsigned ?? false };
      checkApp(keyed, { publicKey: `${at}.publicKey`, aesKey: `${at}.aesKey`, allowUnsigned: `${at}.allowUnsigned` }, production);
      const names: LoginNames = {
        appId: `${at}.appId`,
        publicKey: `${at}.publicKey`,
        appPrivateKey: `${at}.appPrivateKey`,
        appCertPath: `${at}.appCertPath`,
        alipayRootCertPath: `${at}.alipayRootCertPath`,
        gatewayUrl: `${at}.gatewayUrl`,
      };
      // A file app without its own gateway uses ALIPAY_GATEWAY_URL (one sandbox or production gateway for all).
      const login = loginConfigOf(keyed, names, { ...entry, gatewayUrl: entry.gatewayUrl ?? env.ALIPAY_GATEWAY_URL }, baseOfFile);
      apps.set(entry.appId, login === undefined ? keyed : { ...keyed, login });
      fileAllowUnsignedNames.set(entry.appId, `${at}.allowUnsigned`);
    });
  }

  assertNoUnsignedAppSharesAesKey(apps, (key) => fileAllowUnsignedNames.get(key) ?? 'ALIPAY_ALLOW_UNSIGNED');

  const wechat = wechatConfigOf(env);
  const platforms = Object.fromEntries(
    SESSION_PLATFORMS.map((platform) => [platform, sessionPlatformConfigOf(platform, env, baseDir, env.SESSION_TTL_SECONDS)]),
  ) as Record<SessionPlatform, SessionPlatformConfig>;
  if (apps.size === 0 && wechat.mode === 'off' && SESSION_PLATFORMS.every((platform) => platforms[platform].mode === 'off')) {
    throw new ConfigError(
      'ALIPAY_PUBLIC_KEY',
      'no platform is configured. Set ALIPAY_PUBLIC_KEY and ALIPAY_AES_KEY (or PHONEKIT_CONFIG) for Alipay, WECHAT_APP_ID and WECHAT_APP_SECRET for WeChat, DOUYIN_APP_ID and DOUYIN_APP_SECRET for Douyin, BAIDU_APP_KEY and BAIDU_APP_SECRET for Baidu, QQ_APP_ID and QQ_APP_SECRET for QQ, KUAISHOU_APP_ID and KUAISHOU_APP_SECRET for Kuaishou. To try phonekit without keys, run the sandbox: `npx -y pnpm@10 start` (apps/dev).',
    );
  }

  let trustProxy: boolean | number | string = false;
  if (env.TRUST_PROXY !== undefined && env.TRUST_PROXY !== '') {
    trustProxy = /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY === 'true' ? true : env.TRUST_PROXY;
  }

  return {
    env: env.NODE_ENV,
    mode: 'configured',
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    trustProxy,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS ?? env.REQUEST_TIMEOUT_MS + SHUTDOWN_GRACE_MARGIN_MS,
    corsOrigins: env.CORS_ORIGINS,
    workers: env.WEB_CONCURRENCY,
    wechat,
    platforms,
    redisUrl: redisUrlOf(env.REDIS_URL),
    alipayApps: apps,
    accounts: accountsConfigOf(env, baseDir, production),
  };
}
