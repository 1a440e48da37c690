/**
 * The environment variables the CLI reads, and the one place that reads
 * them: the Alipay ones are `phonekit doctor`'s defaults for its options, the
 * database and key ones name what `phonekit db migrate|rotate-key` open, as
 * the server reads them. main.ts passes them to commands through their io.
 */
export const CLI_ENV_NAMES = [
  'ALIPAY_APP_ID',
  'ALIPAY_PUBLIC_KEY',
  'ALIPAY_AES_KEY',
  'ALIPAY_SIGN_TYPE',
  'ALIPAY_ALLOW_UNSIGNED',
  'ALIPAY_APP_PRIVATE_KEY',
  'ALIPAY_APP_CERT_PATH',
  'ALIPAY_ROOT_CERT_PATH',
  'PHONEKIT_CONFIG',
  'DATABASE_URL',
  'PHONEKIT_DATA_DIR',
  'PHONEKIT_DATA_KEY',
  'PHONEKIT_BLIND_INDEX_KEY',
] as const;

export type CliEnvName = (typeof CLI_ENV_NAMES)[number];

/** The variables that are set and not blank. */
export type CliEnv = Readonly<Partial<Record<CliEnvName, string>>>;

export function readCliEnv(source: Readonly<Record<string, string | undefined>> = process.env): CliEnv {
  const env: Partial<Record<CliEnvName, string>> = {};
  for (const name of CLI_ENV_NAMES) {
    const value = source[name];
    if (value !== undefined && value.trim() !== '') env[name] = value;
  }
  return env;
}
