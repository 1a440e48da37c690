import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isAccountsError, openAccounts, type Accounts, type AccountsDatabaseOptions, type AccountsError, type DataKeyring } from '@phonekit/accounts';
import type { CommandIo } from './command';
import type { CliEnv } from './env';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import type { CommandHelp } from './options';

/** The accounts database a `phonekit db` command opens, and how to name it to the user (never a password). */
export interface NamedDatabase {
  readonly options: AccountsDatabaseOptions;
  /** `PGlite in /srv/phonekit/data (PHONEKIT_DATA_DIR)`, `Postgres at db.internal:5432/phonekit (DATABASE_URL)`. */
  readonly description: string;
  /** The PGlite data dir, absolute; undefined for Postgres. */
  readonly dataDir: string | undefined;
  /** The setting that named it: `--data-dir`, `DATABASE_URL` or `PHONEKIT_DATA_DIR`. */
  readonly setting: string;
}

/** What to tell a user whose command names no database. */
export const NO_DATABASE_MESSAGE =
  'no database named: set DATABASE_URL (Postgres, postgres://...) or PHONEKIT_DATA_DIR (the embedded PGlite database), as for the server, or pass --data-dir DIR. ' +
  'The development app (pnpm start) keeps its data in .phonekit/data at the repository root.';

/** Host, port and database of a Postgres URL: what the user needs to recognise it, without user or password. */
function postgresTarget(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const database = url.pathname.replace(/^\/+/, '');
    return ` at ${url.host}${database === '' ? '' : `/${decodeURIComponent(database)}`}`;
  } catch {
    return '';
  }
}

/**
 * The database the command works on, chosen as the server chooses it:
 * --data-dir if given, otherwise DATABASE_URL (Postgres), which wins over
 * PHONEKIT_DATA_DIR (PGlite). A relative data dir is taken from the folder
 * the command was run from. Undefined when nothing names one.
 */
export function namedDatabase(dataDirOption: string | undefined, env: CliEnv): NamedDatabase | undefined {
  if (dataDirOption !== undefined && dataDirOption.trim() !== '') {
    const dataDir = resolve(dataDirOption);
    return { options: { dataDir }, description: `PGlite in ${dataDir} (--data-dir)`, dataDir, setting: '--data-dir' };
  }
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl !== undefined && databaseUrl !== '') {
    return { options: { databaseUrl }, description: `Postgres${postgresTarget(databaseUrl)} (DATABASE_URL)`, dataDir: undefined, setting: 'DATABASE_URL' };
  }
  const envDataDir = env.PHONEKIT_DATA_DIR?.trim();
  if (envDataDir !== undefined && envDataDir !== '') {
    const dataDir = resolve(envDataDir);
    return { options: { dataDir }, description: `PGlite in ${dataDir} (PHONEKIT_DATA_DIR)`, dataDir, setting: 'PHONEKIT_DATA_DIR' };
  }
  return undefined;
}

/** Whether a PGlite data dir holds a database yet (@phonekit/accounts keeps its files in `<dataDir>/pglite`). */
export function hasPgliteDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'pglite', 'PG_VERSION'));
}

/** The text without anything that looks like a URL's password (`//user:secret@` becomes `//user:***@`) and without the URL itself. */
export function withoutSecrets(text: string, databaseUrl: string | undefined): string {
  const bare = databaseUrl === undefined || databaseUrl === '' ? text : text.split(databaseUrl).join('DATABASE_URL');
  return bare.replace(/\/\/([^:@\s/]*):[^@\s/]*@/g, '//$1:***@');
}

const stringProperty = (value: unknown, name: string): string | undefined => {
  if (typeof value !== 'object' || value === null || !(name in value)) return undefined;
  const property: unknown = (value as Record<string, unknown>)[name];
  return typeof property === 'string' && property !== '' ? property : undefined;
};

/**
 * What the database or the network said, in one line, for an error that is
 * not phonekit's own: node-postgres and PGlite errors (SQLSTATE in `code`),
 * and system errors (ECONNREFUSED, ENOTFOUND, EACCES). Undefined for
 * anything else, which is a bug the caller lets through.
 */
export function databaseFailure(error: unknown): string | undefined {
  // A connection to a name with several addresses fails with an AggregateError holding one error per address.
  const first: unknown = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const code = stringProperty(first, 'code') ?? stringProperty(error, 'code');
  const message = stringProperty(first, 'message') ?? stringProperty(error, 'message');
  if (code === undefined) return undefined;
  return message === undefined || message.includes(code) ? (message ?? code) : `${message} (${code})`;
}

/** The accounts error as one line: its code, message and hint. */
export function accountsErrorLine(error: AccountsError, after = ''): string {
  return `${error.code}${after}: ${error.message} ${error.hint}`;
}

/** Where a `phonekit db` command reports a failure of the database it opened. */
interface FailureReport {
  readonly io: CommandIo;
  readonly help: CommandHelp;
  readonly database: NamedDatabase;
}

/**
 * Opens the accounts on the named database, runs `work`, closes them, and
 * turns what can go wrong with a database into one line on stderr and an
 * exit code: phonekit's own errors (a key, a migration) and what the
 * database or network said (cannot connect, authentication failed,
 * permission denied) exit 2; a row that fails authentication exits 1.
 * Anything else is a bug and goes on to main(). No line quotes a URL's password.
 */
export async function withAccounts(
  report: FailureReport,
  keyring: DataKeyring,
  work: (accounts: Accounts) => Promise<ExitCode>,
): Promise<ExitCode> {
  const { io, help, database } = report;
  const databaseUrl = 'databaseUrl' in database.options ? database.options.databaseUrl : undefined;
  const fail = (text: string): void => io.stderr(`phonekit ${help.name}: ${withoutSecrets(text, databaseUrl)}\n`);
  try {
    const accounts = await openAccounts({ database: database.options, keyring });
    try {
      // Connecting is lazy: a first query here lets "cannot connect" read as that, not as a failed migration.
      await accounts.db.selectNoFrom((eb) => eb.val(1).as('ping')).execute();
      return await work(accounts);
    } finally {
      await accounts.close();
    }
  } catch (error) {
    // A database that does not answer is told as the one the user named, with what the network said (not "retry in a few seconds": nothing retries a command).
    const unavailable = isAccountsError(error) && error.code === 'DATABASE_UNAVAILABLE' ? (databaseFailure(error.cause) ?? error.message) : undefined;
    if (isAccountsError(error) && unavailable === undefined) {
      const cause = error.code === 'MIGRATION_FAILED' ? databaseFailure(error.cause) : undefined;
      const setting = error.code === 'DATABASE_OPTIONS_INVALID' ? ` (${database.setting})` : '';
      fail(`${accountsErrorLine(error, setting)}${cause === undefined ? '' : ` The database said: ${cause}`}`);
      return error.code === 'FIELD_DECRYPTION_FAILED' ? EXIT_CODES.rejected : EXIT_CODES.usage;
    }
    const failure = unavailable ?? databaseFailure(error);
    if (failure === undefined) throw error;
    const check =
      database.dataDir === undefined
        ? 'Check that the server is up and reachable from here, and the host, port, user, password and database name in DATABASE_URL.'
        : `Check that ${database.dataDir} is a readable and writable folder holding a phonekit PGlite database, and that no other process (the server) has it open.`;
    fail(`cannot use the database, ${database.description}: ${failure}. ${check}`);
    return EXIT_CODES.usage;
  }
}
