import { sql, type RawBuilder } from 'kysely';
import { ACCOUNT_TABLES, ACCOUNTS_SCHEMA, type AccountTable } from '../database/schema';
import { AccountsError } from '../errors/accounts-error';
import type { AccountsContext } from '../lib/context';
import { isUuid } from '../lib/validate';

/** A row as Postgres holds it, through row_to_json: bytea columns read "\\x…" (hex), timestamps ISO text. */
export type RawRow = Readonly<Record<string, unknown>>;

export interface RawRowsFilter {
  /** Only the rows of this user (for session_secrets: of the user's sessions). */
  readonly userId?: string;
}

// Which rows of each table belong to a user.
const OF_USER: Readonly<Record<AccountTable, (userId: string) => RawBuilder<unknown>>> = {
  users: (userId) => sql`t.id = ${userId}`,
  sessions: (userId) => sql`t.user_id = ${userId}`,
  phone_bindings: (userId) => sql`t.user_id = ${userId}`,
  consents: (userId) => sql`t.user_id = ${userId}`,
  session_secrets: (userId) =>
    sql`t.session_id in (select id from ${sql.table(`${ACCOUNTS_SCHEMA}.sessions`)} where user_id = ${userId})`,
};

// For tests and the simulator's "account" panel: what someone with a copy of
// the database would see. The table name comes from a closed list, so it is
// safe to splice into SQL; the user id is a bound parameter.
export async function rawRows(context: AccountsContext, table: AccountTable, filter: RawRowsFilter = {}): Promise<RawRow[]> {
  if (!ACCOUNT_TABLES.includes(table)) {
    throw new AccountsError('INPUT_INVALID', { message: `table must be one of ${ACCOUNT_TABLES.join(', ')}.` });
  }
  if (filter.userId !== undefined && !isUuid(filter.userId)) return [];
  const where = filter.userId === undefined ? sql`true` : OF_USER[table](filter.userId);
  const result = await sql<{ row: RawRow }>`
    select row_to_json(t) as row from ${sql.table(`${ACCOUNTS_SCHEMA}.${table}`)} as t where ${where}`.execute(context.db);
  return result.rows.map((row) => row.row);
}
