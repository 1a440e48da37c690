import type * as AccountsModule from '@phonekit/accounts';
import type { AccountsPort, ServerConfig } from '@phonekit/express';

/*
 * @phonekit/accounts (Kysely, pg, PGlite) is loaded only when a database is
 * configured: a server without accounts never holds it in memory (about
 * 22 MiB per process, x3 for a 2-worker cluster: see BENCHMARKS.md, "Where
 * the idle memory goes").
 */
function accountsModule(): Promise<typeof AccountsModule> {
  return import('@phonekit/accounts');
}

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
  const { openMigratedAccounts, requireDataKeyring } = await accountsModule();
  const keyring = requireDataKeyring({ dataKey, blindIndexKey });
  const accounts = await openMigratedAccounts({
    database: database.driver === 'postgres' ? { databaseUrl: database.databaseUrl } : { dataDir: database.dataDir },
    keyring,
  });
  // The compile-time check that @phonekit/accounts's Accounts is what
  // @phonekit/express's routes take.
  return accounts satisfies AccountsPort;
}

/** For the process entry points: the accounts, or exit 1 with one line on stderr. */
export async function openServerAccountsOrExit(config: Pick<ServerConfig, 'accounts'>): Promise<AccountsPort | undefined> {
  try {
    return await openServerAccounts(config);
  } catch (error) {
    const { accountsStartError } = await accountsModule();
    process.stderr.write(`${accountsStartError(error)}\n`);
    process.exit(1);
  }
}
