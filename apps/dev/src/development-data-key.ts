import { readFile } from 'node:fs/promises';
import { developmentDataKeyring } from '@phonekit/accounts';
import type { ServerConfig } from '@phonekit/express';
import { developmentKeyDir } from './open-dev-accounts';

/**
 * The configuration the development app runs with: with REDIS_URL and no
 * PHONEKIT_DATA_KEY, config.accounts.dataKey is the development data key
 * (`<data dir>/data-key`, generated there on first use, the key the accounts
 * use too), so the Redis WeChat store seals its values under it and
 * `pnpm start` with REDIS_URL needs no set-up. Otherwise the configuration
 * as loaded: a given PHONEKIT_DATA_KEY wins, and without a database (only
 * with NODE_ENV=production, where loadConfig has refused REDIS_URL without a
 * key) there is no development key.
 */
export async function withDevelopmentDataKey(config: ServerConfig): Promise<ServerConfig> {
  const { database, dataKey, blindIndexKey } = config.accounts;
  if (config.redisUrl === undefined || dataKey !== undefined || database === undefined) return config;
  // Creates the key file if this is the first start (racing processes share one).
  const { keyFile } = await developmentDataKeyring({ dataDir: developmentKeyDir(database), blindIndexKey });
  if (keyFile === undefined) return config;
  return { ...config, accounts: { ...config.accounts, dataKey: (await readFile(keyFile, 'utf8')).trim() } };
}
