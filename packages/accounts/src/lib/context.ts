import type { Kysely } from 'kysely';
import type { AccountsDatabase } from '../database/schema';
import type { DataKeyring } from '../keys/data-keyring';

/** What every operation works with: the database (already scoped to the "phonekit" schema), the keys and the clock. */
export interface AccountsContext {
  readonly db: Kysely<AccountsDatabase>;
  readonly keyring: DataKeyring;
  readonly clock: () => Date;
  readonly sessionTtlSeconds: number;
}
