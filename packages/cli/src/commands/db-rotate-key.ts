import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEVELOPMENT_KEY_FILE, isAccountsError, requireDataKeyring, type Accounts, type DataKeyring } from '@phonekit/accounts';
import { accountsErrorLine, hasPgliteDatabase, namedDatabase, NO_DATABASE_MESSAGE, withAccounts, type NamedDatabase } from '../lib/accounts-database';
import type { Command } from '../lib/command';
import { EXIT_CODES } from '../lib/exit-codes';
import { parseOptions, printHelp, usageError, type CommandHelp } from '../lib/options';

export const DB_ROTATE_KEY_HELP: CommandHelp = {
  name: 'db rotate-key',
  usage: 'db rotate-key [--data-dir DIR] [--batch-size N]',
  text: `Usage: phonekit db rotate-key [--data-dir DIR] [--batch-size N]

Re-encrypts every phone binding and session secret of the accounts database
under the current (last) key of PHONEKIT_DATA_KEY, re-computes every phone
blind index under the current blind-index key, and prints how many rows it
changed. Running it again changes nothing and prints 0.

To rotate the data key:
  1. Make a new key (openssl rand -base64 32) and append it to the keyring,
     oldest first, the new key last, each as id:base64:
       PHONEKIT_DATA_KEY="old:<old key>,new:<new key>"
     (a key given alone has the id "default"; the development app's key, id
     "dev", is in <data dir>/data-key). Restart every server process with it:
     they write under "new" and still read "old".
  2. Run this command with the same keyring:
       PHONEKIT_DATA_KEY="old:<old key>,new:<new key>" phonekit db rotate-key
  3. Remove "old" from PHONEKIT_DATA_KEY everywhere.
The old key must still be in the keyring: rows under a key id it does not
hold cannot be decrypted. The command checks that first, names the missing
key ids and changes nothing.

The database and keys are the server's, named the way the server reads them:
  DATABASE_URL               Postgres; wins over PHONEKIT_DATA_DIR
  PHONEKIT_DATA_DIR          the embedded PGlite database's folder
  PHONEKIT_DATA_KEY          the keyring (required)
  PHONEKIT_BLIND_INDEX_KEY   a separate blind-index key, if the server has one
Keys are read from the environment only, never from options: a key on a
command line shows in ps and the shell history.
Options:
  --data-dir DIR     the PGlite folder, over both variables; relative paths are
                     taken from the folder the command was run from.
  --batch-size N     rows re-encrypted per transaction, 1 to 10000 (default 500).
  -h, --help         show this help.

Migrations not yet applied are applied first. PGlite takes one process at a
time: stop the server that uses the folder first; with Postgres the servers
keep running. Nothing printed holds a key, a phone number or the URL's password.

Exit codes:
  0  every row is under the current keys.
  1  a stored row failed authentication (altered, or another key under the same id).
  2  usage error, no database or data key, a key id missing from the keyring,
     or the database cannot be reached.
`,
};

const OPTIONS = {
  'data-dir': { type: 'string' },
  'batch-size': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MAX_BATCH_SIZE = 10_000;

type EncryptedTable = 'phone_bindings' | 'session_secrets';

/** Rows of the table by the key id they are encrypted under. */
async function rowsByKeyId(accounts: Accounts, table: EncryptedTable): Promise<Map<string, number>> {
  const rows = await accounts.db
    .selectFrom(table)
    .select((eb) => ['key_id', eb.fn.countAll().as('rows')])
    .groupBy('key_id')
    .execute();
  return new Map(rows.map((row) => [row.key_id, Number(row.rows)]));
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** Where the development app's key lives, when this data dir has one: the old key of a first rotation. */
function developmentKeyNote(database: NamedDatabase): string {
  if (database.dataDir === undefined) return '';
  const file = join(database.dataDir, DEVELOPMENT_KEY_FILE);
  return existsSync(file) ? ` The development app's key (id "dev") is in ${file}.` : '';
}

/**
 * The rows no key of the keyring can decrypt, as a message naming each
 * missing key id and the keyring to give instead; undefined when every row
 * is under a key the keyring holds.
 */
async function missingKeys(accounts: Accounts, keyring: DataKeyring, database: NamedDatabase): Promise<string | undefined> {
  const phones = await rowsByKeyId(accounts, 'phone_bindings');
  const secrets = await rowsByKeyId(accounts, 'session_secrets');
  const missing = [...new Set([...phones.keys(), ...secrets.keys()])].filter((id) => !keyring.keyIds.includes(id)).sort();
  if (missing.length === 0) return undefined;
  const counts = missing.map((id) => {
    const phoneRows = phones.get(id) ?? 0;
    const secretRows = secrets.get(id) ?? 0;
    return `"${id}" (${[phoneRows > 0 ? plural(phoneRows, 'phone binding', 'phone bindings') : '', secretRows > 0 ? plural(secretRows, 'session secret', 'session secrets') : ''].filter((part) => part !== '').join(', ')})`;
  });
  const held = keyring.keyIds.map((id) => `"${id}"`).join(', ');
  const example = [...missing, ...keyring.keyIds.filter((id) => id !== keyring.currentKeyId), keyring.currentKeyId].map((id) => `${id}:<key ${id}, base64>`).join(',');
  return (
    `rows are encrypted under key id${missing.length === 1 ? '' : 's'} ${counts.join(', ')}, which PHONEKIT_DATA_KEY does not hold ` +
    `(it holds ${held}), so they cannot be decrypted to re-encrypt them. Nothing was changed. ` +
    `Give the old key${missing.length === 1 ? '' : 's'} too, oldest first and the new key last:\n` +
    `  PHONEKIT_DATA_KEY="${example}" phonekit db rotate-key\n` +
    `(a key given alone has the id "default").${developmentKeyNote(database)}`
  );
}

/** `phonekit db rotate-key`: re-encrypt every row under the keyring's current key. */
export const dbRotateKey: Command = async (argv, io) => {
  const parsed = parseOptions(() => parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  if (!parsed.ok) return usageError(io, DB_ROTATE_KEY_HELP, parsed.message);
  const options = parsed.value.values;
  if (options.help === true) return printHelp(io, DB_ROTATE_KEY_HELP);
  if (options['data-dir']?.trim() === '') return usageError(io, DB_ROTATE_KEY_HELP, '--data-dir needs a folder.');
  const batchText = options['batch-size']?.trim();
  const batchSize = batchText === undefined ? undefined : /^\d{1,5}$/.test(batchText) ? Number(batchText) : Number.NaN;
  if (batchSize !== undefined && !(batchSize >= 1 && batchSize <= MAX_BATCH_SIZE)) {
    return usageError(io, DB_ROTATE_KEY_HELP, `--batch-size must be a whole number from 1 to ${MAX_BATCH_SIZE}.`);
  }
  const env = io.env ?? {};
  const database = namedDatabase(options['data-dir'], env);
  if (database === undefined) return usageError(io, DB_ROTATE_KEY_HELP, NO_DATABASE_MESSAGE);
  if (database.dataDir !== undefined && !hasPgliteDatabase(database.dataDir)) {
    // Opening it would create an empty database and report nothing to do: a mistyped path would look like success.
    io.stderr(`phonekit db rotate-key: there is no database in ${database.dataDir} (${database.setting}): check the folder; the server's is its PHONEKIT_DATA_DIR.\n`);
    return EXIT_CODES.usage;
  }

  let keyring: DataKeyring;
  try {
    keyring = requireDataKeyring({ dataKey: env.PHONEKIT_DATA_KEY, blindIndexKey: env.PHONEKIT_BLIND_INDEX_KEY });
  } catch (error) {
    if (isAccountsError(error, 'DATA_KEY_MISSING')) {
      io.stderr(
        'phonekit db rotate-key: PHONEKIT_DATA_KEY is not set: give the keyring the server uses with the new key appended, oldest first and the new key last:\n' +
          '  PHONEKIT_DATA_KEY="old:<old key, base64>,new:<new key, base64>" phonekit db rotate-key\n' +
          `Make the new key with \`openssl rand -base64 32\`.${developmentKeyNote(database)}\n`,
      );
      return EXIT_CODES.usage;
    }
    if (isAccountsError(error)) {
      io.stderr(`phonekit db rotate-key: ${accountsErrorLine(error)}\n`);
      return EXIT_CODES.usage;
    }
    throw error;
  }

  return withAccounts({ io, help: DB_ROTATE_KEY_HELP, database }, keyring, async (accounts) => {
    const { applied } = await accounts.migrate();
    if (applied.length > 0) io.stdout(`${database.description}: applied ${plural(applied.length, 'migration', 'migrations')} first: ${applied.join(', ')}.\n`);
    const missing = await missingKeys(accounts, keyring, database);
    if (missing !== undefined) {
      io.stderr(`phonekit db rotate-key: ${missing}\n`);
      return EXIT_CODES.usage;
    }
    const rotation = await accounts.rotateKey(batchSize === undefined ? {} : { batchSize });
    const older = keyring.keyIds.filter((id) => id !== rotation.keyId);
    io.stdout(
      `${database.description}: every row is under data key "${rotation.keyId}" and blind-index key "${rotation.blindIndexKeyId}".\n` +
        `  phone bindings re-encrypted:  ${rotation.phoneBindings}\n` +
        `  session secrets re-encrypted: ${rotation.sessionSecrets}\n` +
        (older.length === 0
          ? ''
          : `Remove ${older.map((id) => `"${id}"`).join(', ')} from PHONEKIT_DATA_KEY only once every process runs with this keyring; if one still wrote under an older key meanwhile, run this again first.\n`),
    );
    return EXIT_CODES.ok;
  });
};
