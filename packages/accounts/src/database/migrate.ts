import { Migrator, type Kysely } from 'kysely';
import { AccountsError } from '../errors/accounts-error';
import type { MigrationOutcome } from '../types';
import { accountsMigrationProvider } from './migrations';
import { ACCOUNTS_SCHEMA, MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from './schema';

/**
 * Brings the database to the latest schema. Idempotent: applied migrations
 * are recorded in phonekit.migrations and skipped. Safe when two processes
 * start at once: Kysely's Migrator holds a Postgres advisory lock
 * (pg_advisory_lock on one connection) for the whole run, and each migration
 * runs in a transaction (Postgres DDL is transactional), so the second
 * process waits, then finds nothing left to do.
 */
export async function migrateAccountsDatabase(db: Kysely<unknown>): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db,
    provider: accountsMigrationProvider,
    migrationTableSchema: ACCOUNTS_SCHEMA,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    throw new AccountsError('MIGRATION_FAILED', {
      message: failed === undefined ? undefined : `The database migration "${failed}" failed; the database was left at the last migration that succeeded.`,
      cause: error,
    });
  }
  return { applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName) };
}
