import { accountsStartError, developmentDataKeyring, openMigratedAccounts } from '@phonekit/accounts';
import type { AccountsDatabaseConfig, AccountsPort, ServerConfig } from '@phonekit/express';
import { DEFAULT_DEV_DATA_DIR } from './dev-config';
import { storedRowsOf, type StoredRowsOf } from './stored-rows';

export interface DevAccounts {
  readonly accounts: AccountsPort;
  /** For the start banner: where the accounts live, and where the data key came from. Never a URL (it may hold a password) nor a key. */
  readonly description: string;
  /** The sandbox's Account panel: a user's rows as stored. */
  readonly storedRows: StoredRowsOf;
}

/**
 * The folder of the development data key (`<dir>/data-key`): the PGlite data
 * dir, or with DATABASE_URL the default dev data dir.
 */
export function developmentKeyDir(database: AccountsDatabaseConfig): string {
  return database.driver === 'pglite' ? database.dataDir : DEFAULT_DEV_DATA_DIR;
}

/**
 * The development app's accounts, opened from the configuration and
 * migrated; undefined when no database is configured. Without
 * PHONEKIT_DATA_KEY the key is the development one in the data dir
 * (`<dataDir>/data-key`, generated on first use, mode 0600), so `pnpm start`
 * needs no set-up and a restart still decrypts. With DATABASE_URL and no
 * key, the key file lives in the default data dir.
 */
export async function openDevAccounts(config: Pick<ServerConfig, 'accounts'>): Promise<DevAccounts | undefined> {
  const { database, dataKey, blindIndexKey } = config.accounts;
  if (database === undefined) return undefined;
  const { keyring, keyFile, created } = await developmentDataKeyring({ dataDir: developmentKeyDir(database), dataKey, blindIndexKey });
  const accounts = await openMigratedAccounts({
    database: database.driver === 'postgres' ? { databaseUrl: database.databaseUrl } : { dataDir: database.dataDir },
    keyring,
  });
  const where = database.driver === 'pglite' ? `PGlite in ${database.dataDir}` : 'Postgres (DATABASE_URL)';
  const key = keyFile === undefined ? 'PHONEKIT_DATA_KEY' : `${created ? 'a development key generated in' : 'the development key in'} ${keyFile}`;
  return { accounts: accounts satisfies AccountsPort, description: `accounts: ${where}, encrypted under ${key}`, storedRows: storedRowsOf(accounts) };
}

/** For the process entry points: the accounts, or exit 1 with one line on stderr. */
export async function openDevAccountsOrExit(config: Pick<ServerConfig, 'accounts'>): Promise<DevAccounts | undefined> {
  try {
    return await openDevAccounts(config);
  } catch (error) {
    process.stderr.write(`${accountsStartError(error)}\n`);
    process.exit(1);
  }
}
