import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import { Pool } from 'pg';
import { AccountsError } from '../errors/accounts-error';
import { isDatabaseUnavailable } from '../lib/database-error';
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
      /** How long opening a connection may take before DATABASE_UNAVAILABLE; default {@link DEFAULT_CONNECT_TIMEOUT_MS}. */
      readonly connectTimeoutMs?: number;
      /** How long one statement may run before DATABASE_UNAVAILABLE (Postgres's statement_timeout; a server that does not answer at all, 1 s more); default {@link DEFAULT_QUERY_TIMEOUT_MS}. */
      readonly queryTimeoutMs?: number;
    };

/** Opening a connection to a Postgres that does not answer fails after this (a healthy one takes milliseconds). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
/**
 * A statement whose answer has not come by then fails (client side, so a
 * server that stopped answering is bounded too). The accounts' statements
 * take milliseconds; the bound is generous for migrations, which run
 * through the same pool.
 */
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

/** How much longer than statement_timeout the client waits for a server that does not answer at all. */
const QUERY_TIMEOUT_BACKSTOP_MS = 1_000;

/** A failure of pg that means the database is not there, as the AccountsError callers answer 503 for; any other, as it is. */
function unavailableOr(error: unknown): unknown {
  return isDatabaseUnavailable(error) ? new AccountsError('DATABASE_UNAVAILABLE', { cause: error }) : error;
}

async function mapped<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw unavailableOr(error);
  }
}

/**
 * Kysely's Postgres driver, its failures mapped: a refused, dropped or
 * timed-out connection rejects with AccountsError DATABASE_UNAVAILABLE (the
 * pg error as its cause) wherever it happens (taking a connection from the
 * pool, a statement, BEGIN or COMMIT), so no operation has to catch it.
 * The driver's own connection objects are kept behind the ones Kysely sees.
 */
class UnavailableMappingDriver implements Driver {
  readonly #inner: Driver;
  readonly #innerOf = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return mapped(() => this.#inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await mapped(() => this.#inner.acquireConnection());
    const outer: DatabaseConnection = {
      executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> => mapped(() => inner.executeQuery<R>(query)),
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> => inner.streamQuery<R>(query, chunkSize),
    };
    this.#innerOf.set(outer, inner);
    return outer;
  }

  #of(connection: DatabaseConnection): DatabaseConnection {
    return this.#innerOf.get(connection) ?? connection;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return mapped(() => this.#inner.beginTransaction(this.#of(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return mapped(() => this.#inner.commitTransaction(this.#of(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return mapped(() => this.#inner.rollbackTransaction(this.#of(connection)));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(this.#of(connection));
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** PostgresDialect with {@link UnavailableMappingDriver}. */
class MappedPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new UnavailableMappingDriver(super.createDriver());
  }
}

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
  const { databaseUrl, poolSize = 10, connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS } = options;
  if (typeof databaseUrl !== 'string' || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // the URL is not repeated: it may carry a password
    throw new AccountsError('DATABASE_OPTIONS_INVALID', { message: 'databaseUrl must be a postgres:// or postgresql:// URL.' });
  }
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 1000) {
    throw new AccountsError('DATABASE_OPTIONS_INVALID', { message: 'poolSize must be a whole number from 1 to 1000.' });
  }
  for (const [name, value] of [['connectTimeoutMs', connectTimeoutMs], ['queryTimeoutMs', queryTimeoutMs]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 600_000) {
      throw new AccountsError('DATABASE_OPTIONS_INVALID', { message: `${name} must be a whole number of milliseconds from 1 to 600000.` });
    }
  }
  // The statement bound is the server's statement_timeout (it cancels the
  // statement and the connection stays usable), with the client's own
  // query_timeout a second later for a server that stopped answering at all;
  // the connect bound is the client's, so it holds against a host that
  // accepts and never answers.
  const pool = new Pool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: queryTimeoutMs,
    query_timeout: queryTimeoutMs + QUERY_TIMEOUT_BACKSTOP_MS,
  });
  // An idle client losing its connection (server restart) must not crash the
  // process: the pool drops that client and the next query opens a new one.
  pool.on('error', () => undefined);
  // Nor a client that is checked out when Postgres goes away: pg then rejects
  // its query (answered as DATABASE_UNAVAILABLE) AND emits 'error' on the
  // client, which the pool listens for only while the client is idle, so
  // without this listener the process died with "Unhandled 'error' event"
  // (found by apps/server's crash-safety test). The pool discards the broken
  // client when it is released with the error.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const dialect: Dialect = new MappedPostgresDialect({ pool });
  return { driver: 'postgres', db: new Kysely<unknown>({ dialect }) };
}
