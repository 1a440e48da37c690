import { openAccounts, type Accounts, type OpenAccountsOptions } from './accounts';
import { isAccountsError } from './errors/accounts-error';

/**
 * What a process entry point does at start: open the accounts and run the
 * migrations (safe when several processes start at once); a failed migration
 * closes the connection before the error goes on.
 *
 * @example
 * ```ts
 * const accounts = await openMigratedAccounts({ database: { dataDir }, keyring });
 * ```
 */
export async function openMigratedAccounts(options: OpenAccountsOptions): Promise<Accounts> {
  const accounts = await openAccounts(options);
  try {
    await accounts.migrate();
  } catch (error) {
    await accounts.close();
    throw error;
  }
  return accounts;
}

/**
 * The one line a process prints when its accounts cannot be opened: the
 * catalogue's words, or the database's error without the password of any
 * URL it quotes.
 */
export function accountsStartError(error: unknown): string {
  if (isAccountsError(error)) return `phonekit: configuration error: ${error.message} ${error.hint}`;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `phonekit: the accounts database could not be opened (DATABASE_URL or PHONEKIT_DATA_DIR): ${text.replace(/\/\/[^@\s/]*@/g, '//***@')}`;
}
