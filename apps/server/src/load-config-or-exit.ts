import { ConfigError, loadConfig, requireWechatStoreDataKey, type ServerConfig } from '@phonekit/express';

/**
 * For the process entry points: the validated configuration, or exit 1 with
 * the message naming the variable. The production server also refuses
 * REDIS_URL without PHONEKIT_DATA_KEY whatever NODE_ENV says (loadConfig does
 * only in production): the WeChat sessions it keeps in Redis are sealed under
 * that key, and a cluster primary refusing here forks no worker to fail.
 */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): ServerConfig {
  try {
    const config = loadConfig({ env });
    requireWechatStoreDataKey(config);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`phonekit: configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
