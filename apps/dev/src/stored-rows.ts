import { callPrimary, type RpcHandlers } from '@phonekit/express';
import { ACCOUNT_TABLES, type Accounts, type AccountTable, type RawRow } from '@phonekit/accounts';

const METHOD = 'sandbox.storedRows';

/** Every row each account table holds for a user, exactly as stored (ciphertext, hashes, key ids). */
export type StoredRows = Readonly<Record<AccountTable, readonly RawRow[]>>;

/** Reads a user's stored rows: from the accounts in this process, or from the cluster primary's. */
export type StoredRowsOf = (userId: string) => Promise<StoredRows>;

/** The user's rows from `accounts`, table by table (Accounts.rawRows: row_to_json, bytea as hex). */
export function storedRowsOf(accounts: Pick<Accounts, 'rawRows'>): StoredRowsOf {
  return async (userId) => {
    const stored: Partial<Record<AccountTable, readonly RawRow[]>> = {};
    for (const table of ACCOUNT_TABLES) stored[table] = await accounts.rawRows(table, { userId });
    return stored as StoredRows;
  };
}

/** In the cluster primary that holds the PGlite accounts: serves the stored rows to the workers. */
export function storedRowsHandlers(read: StoredRowsOf): RpcHandlers {
  return { [METHOD]: (userId: string) => read(userId) };
}

/** In a cluster worker on PGlite: the primary's accounts. */
export const primaryStoredRows: StoredRowsOf = (userId) => callPrimary<StoredRows>(METHOD, userId);
