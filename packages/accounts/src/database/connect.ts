import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import { Pool } from 'pg';
import { AccountsError } from '../errors/accounts-error';
import { PGliteDialect } from './pglite-dialect';

/** Where the accounts live: an embedded PGlite data dir, or a Postgres server. */
export type AccountsDatabaseOptions =
  | {
      /** PHONEKIT_DATA_DIR: PGlite keeps its files in `<dataDir>/pglite`. One process per data dir. */
      readonly dataDir: string;
    }
  | {
      /** DATABASE_URL: postgres://user:password@host:port/database */
      readonly databaseUrl: string;
      /** Connections in this process's pool; default 10. */
      readonly poolSize?: number;
    };

export type AccountsDriver = 'pglite' | 'postgres';

export interface Connection {
  readonly driver: AccountsDriver;
  readonly db: Kysely<unknown>;
}

/** The PGlite files' folder inside a data dir. */
export const pgliteDirOf = (dataDir: string): string => path.join(dataDir, 'pglite');

export async function connect(options: AccountsDatabaseOptions): Promise<Connection> {
  const given = options as Partial<Record<'dataDir' | 'databaseUrl', unknown>>;
  if ((given.dataDir === undefined) === (given.databaseUrl === undefined)) {
    throw new AccountsError('DATABASE_OPTIONS_INVALID', { message: 'Give exactly one of dataDir (PGlite) and databaseUrl (Postgres).' });
  }
  if ('dataDir' in options) {
    if (typeof options.dataDir !== 'string' || options.dataDir === '') {
      throw new AccountsError('DATABASE_OPTIONS_INVALID', { message: 'dataDir must be a folder path.' });
    }
    const dir = pgliteDirOf(options.dataDir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const pglite = await PGlite.create({ dataDir: dir });
    return { driver: 'pglite', db: new Kysely<unknown>({ dialect: new PGliteDialect(pglite) }) };
  }
  const { databaseUrl, poolSize = 10 } = options;
  if (typeof databaseUrl !== 'string' || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // the URL is not repeated: it may carry a password
    throw new AccountsError('DATABASE_OPTIONS_INVALID', { message: 'databaseUrl must be a postgres:// or postgresql:// URL.' });
  }
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 1000) {
    throw new AccountsError('DATABASE_OPTIONS_INVALID', { message: 'poolSize must be a whole number from 1 to 1000.' });
  }
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle client losing its connection (server restart) must not crash the
  // process: the pool drops that client and the next query opens a new one.
  pool.on('error', () => undefined);
  const dialect: Dialect = new PostgresDialect({ pool });
  return { driver: 'postgres', db: new Kysely<unknown>({ dialect }) };
}
