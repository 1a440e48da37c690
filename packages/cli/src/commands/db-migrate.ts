import { parseArgs } from 'node:util';
import { generateDataKey, parseDataKeyring } from '@phonekit/accounts';
import { hasPgliteDatabase, namedDatabase, NO_DATABASE_MESSAGE, withAccounts } from '../lib/accounts-database';
import type { Command } from '../lib/command';
import { EXIT_CODES } from '../lib/exit-codes';
import { parseOptions, printHelp, usageError, type CommandHelp } from '../lib/options';

export const DB_MIGRATE_HELP: CommandHelp = {
  name: 'db migrate',
  usage: 'db migrate [--data-dir DIR]',
  text: `Usage: phonekit db migrate [--data-dir DIR]

Brings the accounts database (users, sessions, phone bindings, consents) to
the latest schema and prints the migrations it applied, or that it was
already up to date. Safe to run again, and while other processes migrate the
same Postgres database (they wait on one lock). The server also migrates at
every start; this is for doing it beforehand, from a deploy step.

The database is the server's, named the way the server reads it:
  DATABASE_URL        Postgres (postgres://user:password@host:5432/db); wins over
                      PHONEKIT_DATA_DIR. Not an option: on a command line its
                      password would show in ps and the shell history.
  PHONEKIT_DATA_DIR   the embedded PGlite database's folder (created if missing).
Options:
  --data-dir DIR      the PGlite folder, over both variables; relative paths are
                      taken from the folder the command was run from.
  -h, --help          show this help.

PGlite takes one process at a time: stop the server that uses the folder first.
Migrating reads and writes no phone number, so no data key is needed.
The database URL's password is never printed.

Exit codes:
  0  the database is at the latest schema.
  2  usage error, no database named, or the database cannot be reached or migrated.
`,
};

const OPTIONS = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `phonekit db migrate`: apply the accounts migrations not yet applied. */
export const dbMigrate: Command = async (argv, io) => {
  const parsed = parseOptions(() => parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  if (!parsed.ok) return usageError(io, DB_MIGRATE_HELP, parsed.message);
  const options = parsed.value.values;
  if (options.help === true) return printHelp(io, DB_MIGRATE_HELP);
  if (options['data-dir']?.trim() === '') return usageError(io, DB_MIGRATE_HELP, '--data-dir needs a folder.');
  const database = namedDatabase(options['data-dir'], io.env ?? {});
  if (database === undefined) return usageError(io, DB_MIGRATE_HELP, NO_DATABASE_MESSAGE);
  const created = database.dataDir !== undefined && !hasPgliteDatabase(database.dataDir);

  // Migrations create tables and indexes and touch no encrypted column: a
  // throwaway keyring opens the accounts without asking for the real key.
  const keyring = parseDataKeyring(generateDataKey());
  return withAccounts({ io, help: DB_MIGRATE_HELP, database }, keyring, async (accounts) => {
    const { applied } = await accounts.migrate();
    if (applied.length === 0) {
      io.stdout(`${database.description}: already up to date, no migration to apply.\n`);
    } else {
      const what = `${applied.length} migration${applied.length === 1 ? '' : 's'}`;
      io.stdout(`${database.description}${created ? ', a new database' : ''}: applied ${what}:\n${applied.map((name) => `  ${name}\n`).join('')}`);
    }
    return EXIT_CODES.ok;
  });
};
