import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { developmentDataKeyring, generateDataKey, openAccounts, parseDataKeyring, type Accounts, type DataKeyring, type PhoneNumberInput } from '@phonekit/accounts';
import { EXIT_CODES } from '../src/lib/exit-codes';
import { makeTempDir, runPhonekit, spawnPhonekit } from './support/run';

// Real PGlite databases in temporary folders, opened by the command and by
// @phonekit/accounts as the server opens them. A fresh PGlite database takes
// a few seconds (initdb in WASM): hence the long timeouts.
const SLOW = 120_000;

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  temp = makeTempDir('db');
});
afterAll(() => temp.remove());

const keyA = generateDataKey();
const keyB = generateDataKey();
const PHONE: PhoneNumberInput = { e164: '+8613811112222', countryCode: '86', nationalNumber: '13811112222' };
const SESSION_KEY = Buffer.alloc(16, 7).toString('base64');

async function withKeyring<T>(dataDir: string, keyring: DataKeyring, work: (accounts: Accounts) => Promise<T>): Promise<T> {
  const accounts = await openAccounts({ database: { dataDir }, keyring });
  try {
    await accounts.migrate();
    return await work(accounts);
  } finally {
    await accounts.close();
  }
}

/** A user of app wx-cli with PHONE bound and a session holding a WeChat session_key, all under the keyring's current key. */
async function seed(dataDir: string, keyring: DataKeyring): Promise<{ userId: string; sessionId: string }> {
  return withKeyring(dataDir, keyring, async (accounts) => {
    const { user } = await accounts.upsertUser({ platform: 'wechat', appId: 'wx-cli', platformUserId: 'openid-cli' });
    await accounts.bindPhone(user.id, PHONE);
    const session = await accounts.createSession(user.id);
    await accounts.storeSessionSecret(session.id, 'wechat_session_key', SESSION_KEY);
    return { userId: user.id, sessionId: session.id };
  });
}

const keyIdsOf = async (dataDir: string, keyring: DataKeyring): Promise<{ phones: unknown[]; secrets: unknown[] }> =>
  withKeyring(dataDir, keyring, async (accounts) => ({
    phones: (await accounts.rawRows('phone_bindings')).map((row) => [row.key_id, row.blind_index_key_id]),
    secrets: (await accounts.rawRows('session_secrets')).map((row) => row.key_id),
  }));

describe('phonekit db migrate', () => {
  it('migrates a fresh PGlite data dir (PHONEKIT_DATA_DIR), then finds it up to date', async () => {
    const dataDir = join(temp.dir, 'fresh');
    const first = await runPhonekit(['db', 'migrate'], { env: { PHONEKIT_DATA_DIR: dataDir } });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(EXIT_CODES.ok);
    expect(first.stdout).toBe(`PGlite in ${dataDir} (PHONEKIT_DATA_DIR), a new database: applied 2 migrations:\n  0001-accounts\n  0002-more-platforms\n`);
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);

    const again = await runPhonekit(['db', 'migrate', '--data-dir', dataDir]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(EXIT_CODES.ok);
    expect(again.stdout).toBe(`PGlite in ${dataDir} (--data-dir): already up to date, no migration to apply.\n`);

    // The schema it made is the one @phonekit/accounts works on.
    const { userId } = await seed(dataDir, parseDataKeyring(`a:${keyA}`));
    await expect(withKeyring(dataDir, parseDataKeyring(`a:${keyA}`), (accounts) => accounts.phoneOf(userId))).resolves.toMatchObject(PHONE);
  }, SLOW);

  it('exits 2 naming DATABASE_URL, PHONEKIT_DATA_DIR and --data-dir when nothing names a database', async () => {
    const result = await runPhonekit(['db', 'migrate'], { env: { PHONEKIT_DATA_KEY: keyA } });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^phonekit db migrate: no database named: set DATABASE_URL \(Postgres, postgres:\/\/\.\.\.\) or PHONEKIT_DATA_DIR .*or pass --data-dir DIR\./);
    expect(result.stderr).toContain("Run 'phonekit db migrate --help' for details.");
  });

  it('exits 2 when the Postgres of DATABASE_URL cannot be reached, without printing its password', async () => {
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    const result = await runPhonekit(['db', 'migrate'], { env: { DATABASE_URL: 'postgres://phonekit:s3cret-Pa55@127.0.0.1:1/phonekit' } });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'phonekit db migrate: cannot use the database, Postgres at 127.0.0.1:1/phonekit (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:1. ' +
        'Check that the server is up and reachable from here, and the host, port, user, password and database name in DATABASE_URL.\n',
    );
    expect(result.stderr).not.toContain('s3cret');
  });

  it('exits 2 naming DATABASE_URL when it is no postgres:// URL, without printing it', async () => {
    const result = await runPhonekit(['db', 'migrate'], { env: { DATABASE_URL: 'mysql://phonekit:s3cret-Pa55@db.internal/phonekit' } });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/^phonekit db migrate: DATABASE_OPTIONS_INVALID \(DATABASE_URL\): databaseUrl must be a postgres:\/\/ or postgresql:\/\/ URL\./);
    expect(result.stderr).not.toContain('s3cret');
    expect(result.stderr).not.toContain('db.internal');
  });

  it('refuses a positional argument and an unknown option with exit 2', async () => {
    const positional = await runPhonekit(['db', 'migrate', 'postgres://phonekit:s3cret-Pa55@db.internal/phonekit']);
    expect(positional.code).toBe(EXIT_CODES.usage);
    expect(positional.stderr).toMatch(/^phonekit db migrate: unexpected argument/);
    expect(positional.stderr).not.toContain('s3cret');
    const unknown = await runPhonekit(['db', 'migrate', '--database-url', 'x']);
    expect(unknown.code).toBe(EXIT_CODES.usage);
    expect(unknown.stderr).toMatch(/^phonekit db migrate: unknown option --database-url\./);
  });
});

describe('phonekit db rotate-key', () => {
  let dataDir: string;
  let ids: { userId: string; sessionId: string };

  beforeAll(async () => {
    dataDir = join(temp.dir, 'rotate');
    expect((await runPhonekit(['db', 'migrate', '--data-dir', dataDir])).code).toBe(EXIT_CODES.ok);
    ids = await seed(dataDir, parseDataKeyring(`a:${keyA}`));
  }, SLOW);

  it('with key B alone, names key id "a" as missing, explains the A+B keyring and changes nothing', async () => {
    const result = await runPhonekit(['db', 'rotate-key'], { env: { PHONEKIT_DATA_DIR: dataDir, PHONEKIT_DATA_KEY: `b:${keyB}` } });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'phonekit db rotate-key: rows are encrypted under key id "a" (1 phone binding, 1 session secret), which PHONEKIT_DATA_KEY does not hold ' +
        '(it holds "b"), so they cannot be decrypted to re-encrypt them. Nothing was changed. Give the old key too, oldest first and the new key last:\n' +
        '  PHONEKIT_DATA_KEY="a:<key a, base64>,b:<key b, base64>" phonekit db rotate-key\n' +
        '(a key given alone has the id "default").\n',
    );
    expect(result.stderr).not.toContain(keyB);
    await expect(keyIdsOf(dataDir, parseDataKeyring(`a:${keyA}`))).resolves.toEqual({ phones: [['a', 'derived-a']], secrets: ['a'] });
  }, SLOW);

  it('without PHONEKIT_DATA_KEY, exits 2 showing how to give the old and the new key', async () => {
    const result = await runPhonekit(['db', 'rotate-key', '--data-dir', dataDir]);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toBe(
      'phonekit db rotate-key: PHONEKIT_DATA_KEY is not set: give the keyring the server uses with the new key appended, oldest first and the new key last:\n' +
        '  PHONEKIT_DATA_KEY="old:<old key, base64>,new:<new key, base64>" phonekit db rotate-key\n' +
        'Make the new key with `openssl rand -base64 32`.\n',
    );
  });

  it('with an invalid keyring, exits 2 naming the entry and never the key', async () => {
    const result = await runPhonekit(['db', 'rotate-key', '--data-dir', dataDir], { env: { PHONEKIT_DATA_KEY: `a:${keyA},${keyB}` } });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/^phonekit db rotate-key: DATA_KEY_INVALID: PHONEKIT_DATA_KEY entry 2 has no "id:" prefix; with several keys, each needs an id\./);
    expect(result.stderr).not.toContain(keyA);
    expect(result.stderr).not.toContain(keyB);
  });

  it('with A+B re-encrypts the phone binding, its blind index and the session secret under B; a second run reports 0', async () => {
    const env = { PHONEKIT_DATA_DIR: dataDir, PHONEKIT_DATA_KEY: `a:${keyA},b:${keyB}` };
    const first = await runPhonekit(['db', 'rotate-key'], { env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(EXIT_CODES.ok);
    expect(first.stdout).toBe(
      `PGlite in ${dataDir} (PHONEKIT_DATA_DIR): every row is under data key "b" and blind-index key "derived-b".\n` +
        '  phone bindings re-encrypted:  1\n' +
        '  session secrets re-encrypted: 1\n' +
        'Remove "a" from PHONEKIT_DATA_KEY only once every process runs with this keyring; if one still wrote under an older key meanwhile, run this again first.\n',
    );
    for (const key of [keyA, keyB, PHONE.e164, PHONE.nationalNumber]) expect(first.stdout).not.toContain(key);

    const second = await runPhonekit(['db', 'rotate-key', '--batch-size', '1'], { env });
    expect(second.code).toBe(EXIT_CODES.ok);
    expect(second.stdout).toMatch(/\n {2}phone bindings re-encrypted: {2}0\n {2}session secrets re-encrypted: 0\n/);

    // Key B alone now reads everything back: the number, its lookup by blind index, the session_key.
    const onlyB = parseDataKeyring(`b:${keyB}`);
    await expect(keyIdsOf(dataDir, onlyB)).resolves.toEqual({ phones: [['b', 'derived-b']], secrets: ['b'] });
    await withKeyring(dataDir, onlyB, async (accounts) => {
      await expect(accounts.phoneOf(ids.userId)).resolves.toMatchObject(PHONE);
      await expect(accounts.findUserByPhone('wx-cli', PHONE.e164)).resolves.toMatchObject({ id: ids.userId });
      await expect(accounts.sessionSecretOf(ids.sessionId, 'wechat_session_key')).resolves.toBe(SESSION_KEY);
    });
    // And with B alone there is nothing left to do.
    const alone = await runPhonekit(['db', 'rotate-key', '--data-dir', dataDir], { env: { PHONEKIT_DATA_KEY: `b:${keyB}` } });
    expect(alone.code).toBe(EXIT_CODES.ok);
    expect(alone.stdout).toBe(
      `PGlite in ${dataDir} (--data-dir): every row is under data key "b" and blind-index key "derived-b".\n  phone bindings re-encrypted:  0\n  session secrets re-encrypted: 0\n`,
    );
  }, SLOW);

  it('refuses a data dir that holds no database rather than creating an empty one', async () => {
    const missing = join(temp.dir, 'no-such-data-dir');
    const result = await runPhonekit(['db', 'rotate-key', '--data-dir', missing], { env: { PHONEKIT_DATA_KEY: `b:${keyB}` } });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toBe(`phonekit db rotate-key: there is no database in ${missing} (--data-dir): check the folder; the server's is its PHONEKIT_DATA_DIR.\n`);
    expect(existsSync(missing)).toBe(false);
  });

  it('exits 2 when nothing names a database, and refuses a --batch-size out of range', async () => {
    const none = await runPhonekit(['db', 'rotate-key'], { env: { PHONEKIT_DATA_KEY: `b:${keyB}` } });
    expect(none.code).toBe(EXIT_CODES.usage);
    expect(none.stderr).toMatch(/^phonekit db rotate-key: no database named: set DATABASE_URL/);
    const batch = await runPhonekit(['db', 'rotate-key', '--data-dir', dataDir, '--batch-size', '0'], { env: { PHONEKIT_DATA_KEY: `b:${keyB}` } });
    expect(batch.code).toBe(EXIT_CODES.usage);
    expect(batch.stderr).toMatch(/^phonekit db rotate-key: --batch-size must be a whole number from 1 to 10000\./);
  });
});

describe('phonekit db rotate-key on the development app\'s data dir', () => {
  it('names the key file holding key "dev", and rotates with it and a new key', async () => {
    const dataDir = join(temp.dir, 'dev');
    // What `pnpm start` does on first use: a key of id "dev" in <data dir>/data-key.
    const { keyring, keyFile } = await developmentDataKeyring({ dataDir });
    if (keyFile === undefined) throw new Error('no development key file');
    const { userId } = await seed(dataDir, keyring);

    const refused = await runPhonekit(['db', 'rotate-key', '--data-dir', dataDir], { env: { PHONEKIT_DATA_KEY: `b:${keyB}` } });
    expect(refused.code).toBe(EXIT_CODES.usage);
    expect(refused.stderr).toContain('rows are encrypted under key id "dev" (1 phone binding, 1 session secret)');
    expect(refused.stderr.endsWith(`(a key given alone has the id "default"). The development app's key (id "dev") is in ${keyFile}.\n`)).toBe(true);

    const devKey = readFileSync(keyFile, 'utf8').trim();
    const rotated = await runPhonekit(['db', 'rotate-key', '--data-dir', dataDir], { env: { PHONEKIT_DATA_KEY: `${devKey},b:${keyB}` } });
    expect(rotated.code).toBe(EXIT_CODES.ok);
    expect(rotated.stdout).toContain('  phone bindings re-encrypted:  1\n  session secrets re-encrypted: 1\n');
    await expect(withKeyring(dataDir, parseDataKeyring(`b:${keyB}`), (accounts) => accounts.phoneOf(userId))).resolves.toMatchObject(PHONE);
  }, SLOW);
});

describe('phonekit db (help and the real executable)', () => {
  it('lists both commands in --help, and prints their help', async () => {
    const help = await runPhonekit(['--help']);
    expect(help.stdout).toContain('  phonekit db migrate [--data-dir DIR]\n');
    expect(help.stdout).toContain('  phonekit db rotate-key [--data-dir DIR] [--batch-size N]\n');
    expect(help.stdout).toMatch(/^ {2}db migrate {11}\S/m);
    expect(help.stdout).toMatch(/^ {2}db rotate-key {8}\S/m);
    const group = await runPhonekit(['db', '--help']);
    expect(group.code).toBe(EXIT_CODES.ok);
    expect(group.stdout).toBe("Usage:\n  phonekit db migrate [--data-dir DIR]\n  phonekit db rotate-key [--data-dir DIR] [--batch-size N]\n\nRun 'phonekit db <command> --help' for details.\n");
    const rotate = await runPhonekit(['db', 'rotate-key', '--help']);
    expect(rotate.code).toBe(EXIT_CODES.ok);
    expect(rotate.stdout).toMatch(/^Usage: phonekit db rotate-key/);
    expect(rotate.stdout).toContain('PHONEKIT_DATA_KEY="old:<old key>,new:<new key>" phonekit db rotate-key');
  });

  it('bin/phonekit.cjs migrates a data dir given by PHONEKIT_DATA_DIR, relative to the folder it runs in', () => {
    const result = spawnPhonekit(['db', 'migrate'], { env: { PHONEKIT_DATA_DIR: 'spawned' }, cwd: temp.dir, timeoutMs: SLOW });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toBe(`PGlite in ${join(temp.dir, 'spawned')} (PHONEKIT_DATA_DIR), a new database: applied 2 migrations:\n  0001-accounts\n  0002-more-platforms\n`);
  }, SLOW);
});
