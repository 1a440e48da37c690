import { accountsStartError, openMigratedAccounts, requireDataKeyring } from '@phonekit/accounts';
import type { AccountsPort, ServerConfig } from '@phonekit/express';

/**
 * The production server's accounts, opened from the configuration and
 * migrated (migrations run at every start; several processes starting at
 * once are safe), or undefined when no database is configured (accounts
 * off). PHONEKIT_DATA_KEY is required: without it requireDataKeyring throws
 * DATA_KEY_MISSING and the server does not start.
 */
export async function openServerAccounts(config: Pick<ServerConfig, 'accounts'>): Promise<AccountsPort | undefined> {
  const { database, dataKey, blindIndexKey } = config.accounts;
  if (database === undefined) return undefined;
  const keyring = requireDataKeyring({ dataKey, blindIndexKey });
  const accounts = await openMigratedAccounts({
    database: database.driver === 'postgres' ? { databaseUrl: database.databaseUrl } : { dataDir: database.dataDir },
    keyring,
  });
  // The compile-time check that @phonekit/accounts's Accounts is what
  // @phonekit/express's routes take.
  return accounts satisfies AccountsPort;
}

export { accountsStartError };

/** For the process entry points: the accounts, or exit 1 with one line on stderr. */
export async function openServerAccountsOrExit(config: Pick<ServerConfig, 'accounts'>): Promise<AccountsPort | undefined> {
  try {
    return await openServerAccounts(config);
  } catch (error) {
    process.stderr.write(`${accountsStartError(error)}\n`);
    process.exit(1);
  }
}
