import { resolve } from 'node:path';
import { ConfigError, loadConfig, platformsWithKeys, type ServerConfig } from '@phonekit/express';
import { loadOrCreateSandboxIdentity, parseSandboxIdentity, SandboxIdentityFileError, type SandboxIdentity } from '@phonekit/sandbox';

/**
 * Where `pnpm start` keeps its accounts (PGlite) and its development data key
 * when neither DATABASE_URL nor PHONEKIT_DATA_DIR is set: `.phonekit/data` at
 * the repository root, which .gitignore keeps out of git.
 */
export const DEFAULT_DEV_DATA_DIR = resolve(__dirname, '../../../.phonekit/data');

/**
 * The env with the development app's default data dir filled in (a database
 * given is kept). Not with NODE_ENV=production: there the configuration is
 * exactly the production server's, whose database (and data key) the
 * operator names.
 */
function withDefaultDataDir(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const given = (name: string): boolean => (env[name] ?? '').trim() !== '';
  if (env['NODE_ENV'] === 'production' || given('DATABASE_URL') || given('PHONEKIT_DATA_DIR')) return env;
  return { ...env, PHONEKIT_DATA_DIR: DEFAULT_DEV_DATA_DIR };
}

/** Internal: the cluster primary hands its sandbox identity to its workers in this variable. */
export const SANDBOX_IDENTITY_VARIABLE = 'PHONEKIT_SANDBOX_IDENTITY';
/** Internal: and where that identity is kept (JSON of a {@link SandboxIdentityFile}), for the start banner a worker prints. */
export const SANDBOX_IDENTITY_FILE_VARIABLE = 'PHONEKIT_SANDBOX_IDENTITY_FILE';

/** Where the sandbox identity is kept: `<data dir>/sandbox-identity.json`. */
export interface SandboxIdentityFile {
  readonly file: string;
  /** Whether this start generated it (false: read back from an earlier run). */
  readonly created: boolean;
}

export interface DevConfig {
  readonly config: ServerConfig;
  /** Present when no real key of any platform is configured: the sandbox plays every platform. */
  readonly sandbox: SandboxIdentity | undefined;
  /** The file the sandbox identity is kept in; undefined without a sandbox or with an identity given by the caller. */
  readonly sandboxIdentityFile?: SandboxIdentityFile | undefined;
}

/**
 * The folder the sandbox identity is kept in: the accounts' data dir
 * (PHONEKIT_DATA_DIR, defaulted by withDefaultDataDir), or with DATABASE_URL
 * the default dev data dir, where the development data key goes too
 * (open-dev-accounts.ts).
 */
function sandboxIdentityDir(env: Record<string, string | undefined>, baseDir: string | undefined): string {
  if ((env['DATABASE_URL'] ?? '').trim() !== '') return DEFAULT_DEV_DATA_DIR;
  return resolve(baseDir ?? process.cwd(), (env['PHONEKIT_DATA_DIR'] ?? '').trim() || DEFAULT_DEV_DATA_DIR);
}

/** The identity a cluster worker was handed by its primary (and where it is kept), if any. */
function handedIdentity(env: Record<string, string | undefined>): { identity: SandboxIdentity; identityFile: SandboxIdentityFile | undefined } | undefined {
  const shared = env[SANDBOX_IDENTITY_VARIABLE];
  const identity = shared === undefined || shared === '' ? undefined : parseSandboxIdentity(shared);
  if (identity === undefined) return undefined;
  let identityFile: SandboxIdentityFile | undefined;
  try {
    const where = JSON.parse(env[SANDBOX_IDENTITY_FILE_VARIABLE] ?? '') as Partial<SandboxIdentityFile>;
    if (typeof where.file === 'string' && typeof where.created === 'boolean') identityFile = { file: where.file, created: where.created };
  } catch {
    identityFile = undefined;
  }
  return { identity, identityFile };
}

/** The sandbox identity kept in the data dir (generated there on first use); a file that is not one is a ConfigError naming it. */
function persistedIdentity(env: Record<string, string | undefined>, baseDir: string | undefined): { identity: SandboxIdentity; identityFile: SandboxIdentityFile } {
  try {
    const { identity, file, created } = loadOrCreateSandboxIdentity(sandboxIdentityDir(env, baseDir));
    return { identity, identityFile: { file, created } };
  } catch (error) {
    if (error instanceof SandboxIdentityFileError) throw new ConfigError('PHONEKIT_DATA_DIR', error.message);
    throw error;
  }
}

/** What the cluster primary puts in its workers' env: the identity, and where it is kept. */
export function sandboxWorkerEnv(devConfig: DevConfig): Record<string, string> {
  if (devConfig.sandbox === undefined) return {};
  return {
    [SANDBOX_IDENTITY_VARIABLE]: JSON.stringify(devConfig.sandbox),
    ...(devConfig.sandboxIdentityFile === undefined ? {} : { [SANDBOX_IDENTITY_FILE_VARIABLE]: JSON.stringify(devConfig.sandboxIdentityFile) }),
  };
}

/** The environment the sandbox identity amounts to: the sandbox app configured as an operator would configure a real one. */
export function sandboxEnv(identity: SandboxIdentity): Record<string, string> {
  return {
    ALIPAY_APP_ID: identity.alipay.appId,
    ALIPAY_PUBLIC_KEY: identity.alipay.publicKeyBase64,
    ALIPAY_AES_KEY: identity.alipay.aesKeyBase64,
    ALIPAY_APP_PRIVATE_KEY: identity.alipay.appPrivateKeyBase64,
    WECHAT_APP_ID: identity.wechat.appId,
    WECHAT_APP_SECRET: identity.wechat.appSecret,
    DOUYIN_APP_ID: identity.douyin.appId,
    DOUYIN_APP_SECRET: identity.douyin.appSecret,
    DOUYIN_APP_PRIVATE_KEY: identity.douyin.appPrivateKeyPem,
    BAIDU_APP_KEY: identity.baidu.appKey,
    BAIDU_APP_SECRET: identity.baidu.appSecret,
    QQ_APP_ID: identity.qq.appId,
    QQ_APP_SECRET: identity.qq.appSecret,
    KUAISHOU_APP_ID: identity.kuaishou.appId,
    KUAISHOU_APP_SECRET: identity.kuaishou.appSecret,
  };
}

export interface LoadDevConfigOptions {
  readonly env?: Record<string, string | undefined>;
  readonly baseDir?: string;
  /**
   * Default: the identity in PHONEKIT_SANDBOX_IDENTITY (a cluster worker's,
   * from its primary), else the one kept in `<data dir>/sandbox-identity.json`,
   * generated there on first use. Given, nothing is read or written.
   */
  readonly identity?: SandboxIdentity;
}

/**
 * The development app's configuration. With a real key of ANY platform it is
 * exactly the production configuration (no sandbox of any platform); with
 * none, the sandbox identity stands in for every platform's keys; it is kept
 * in the data dir so that a restart plays the same apps (same WeChat openids,
 * so the same users; same Alipay keys). Either way (but in production) the
 * accounts default to PGlite in {@link DEFAULT_DEV_DATA_DIR}.
 */
export function loadDevConfig(options: LoadDevConfigOptions = {}): DevConfig {
  const env = withDefaultDataDir(options.env ?? process.env);
  const base = options.baseDir === undefined ? {} : { baseDir: options.baseDir };
  if (platformsWithKeys(env).length > 0) return { config: loadConfig({ env, ...base }), sandbox: undefined };
  if (env['NODE_ENV'] === 'production') {
    throw new ConfigError(
      'NODE_ENV',
      'is production and no keys are configured: the sandbox is for development only. Run the production server (node apps/server/dist/main.js) with real keys.',
    );
  }
  const { identity, identityFile } =
    options.identity === undefined ? (handedIdentity(env) ?? persistedIdentity(env, options.baseDir)) : { identity: options.identity, identityFile: undefined };
  const config = loadConfig({ env: { ...env, ...sandboxEnv(identity) }, ...base });
  return { config: { ...config, mode: 'sandbox' }, sandbox: identity, sandboxIdentityFile: identityFile };
}
