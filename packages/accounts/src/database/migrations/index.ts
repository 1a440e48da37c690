import type { Migration, MigrationProvider } from 'kysely';
import { accountsMigration0001 } from './0001-accounts';
import { accountsMigration0002 } from './0002-more-platforms';

/*
 * Every migration, by name, in the order they apply. Imported, not read from
 * a folder at run time, so a bundled or compiled server carries them.
 */
export const ACCOUNTS_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-accounts': accountsMigration0001,
  '0002-more-platforms': accountsMigration0002,
};

export const accountsMigrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...ACCOUNTS_MIGRATIONS }),
};
