import { resolve } from 'node:path';
import { ConfigError, loadConfig, platformsWithKeys, type ServerConfig } from '@phonekit/express';
import { generateSandboxIdentity, parseSandboxIdentity, type SandboxIdentity } from '@phonekit/sandbox';

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

export interface DevConfig {
  readonly config: ServerConfig;
  /** Present when no real key of any platform is configured: the sandbox plays every platform. */
  readonly sandbox: SandboxIdentity | undefined;
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
  };
}

export interface LoadDevConfigOptions {
  readonly env?: Record<string, string | undefined>;
  readonly baseDir?: string;
  /** Default: the identity in PHONEKIT_SANDBOX_IDENTITY, else a fresh one. */
  readonly identity?: SandboxIdentity;
}

/**
 * The development app's configuration. With a real key of ANY platform it is
 * exactly the production configuration (no sandbox of any platform); with
 * none, the sandbox identity stands in for every platform's keys. Either way
 * (but in production) the accounts default to PGlite in {@link DEFAULT_DEV_DATA_DIR}.
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
  const shared = env[SANDBOX_IDENTITY_VARIABLE];
  const identity = options.identity ?? (shared === undefined || shared === '' ? undefined : parseSandboxIdentity(shared)) ?? generateSandboxIdentity();
  const config = loadConfig({ env: { ...env, ...sandboxEnv(identity) }, ...base });
  return { config: { ...config, mode: 'sandbox' }, sandbox: identity };
}
