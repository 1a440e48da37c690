// A Postgres that is not there, or stops answering, is DATABASE_UNAVAILABLE
// (503), never a raw pg error: a closed port (ECONNREFUSED), a server that
// accepts and never answers (the connect bound), a statement whose answer
// does not come (the query bound), and a real Postgres shut down mid-run
// (57P01 on open connections, ECONNREFUSED after), which the same handle
// uses again once Postgres is back on its port and data folder.
import { createServer, type Server, type Socket } from 'node:net';
import { sql } from 'kysely';
import { AccountsError, generateDataKey, openAccounts, requireDataKeyring, type Accounts } from '../src';
import { isDatabaseUnavailable } from '../src/lib/database-error';
import { startPostgresServer, type PostgresServer } from '@phonekit/test-servers';

const keyring = requireDataKeyring({ dataKey: generateDataKey() });
const user = { platform: 'wechat', appId: 'wx0123456789abcdef', platformUserId: 'o-unavailable-1' } as const;

/** What a call rejected with (it must reject). */
async function rejectionOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function expectUnavailable(error: unknown): void {
  expect(error).toBeInstanceOf(AccountsError);
  const accountsError = error as AccountsError;
  expect(accountsError.code).toBe('DATABASE_UNAVAILABLE');
  expect(accountsError.httpStatus).toBe(503);
  // The message is the catalogue's: no URL, no password, no host.
  expect(accountsError.message).toBe('The accounts database (Postgres) did not answer: the connection was refused, dropped or timed out.');
}

/** A free port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('isDatabaseUnavailable', () => {
  it('is true for connection failures: socket errors, SQLSTATE 08xxx and 57P01-57P03, pg-pool and pg timeouts', () => {
    const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });
    for (const error of [
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET'),
      withCode('ETIMEDOUT'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006'),
      withCode('53300', 'sorry, too many clients already'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Query read timeout'),
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], ''),
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
  });

  it('is false for what a statement got wrong, and for anything else', () => {
    const withCode = (code: string): Error => Object.assign(new Error('x'), { code });
    for (const error of [withCode('23505'), withCode('23503'), withCode('42P01'), withCode('22P02'), new Error('something else'), 'ECONNREFUSED', null, undefined, new AggregateError([withCode('ECONNREFUSED'), withCode('23505')], '')]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});

describe('a Postgres that is not there', () => {
  let blackhole: Server;
  const sockets = new Set<Socket>();
  let blackholePort = 0;

  beforeAll(async () => {
    // Accepts connections and never says a word: a host that hangs.
    blackhole = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    const address = blackhole.address();
    if (typeof address !== 'object' || address === null) throw new Error('no port');
    blackholePort = address.port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  });

  it('on a closed port: DATABASE_UNAVAILABLE (the cause is ECONNREFUSED), not the pg error', async () => {
    const accounts = await openAccounts({ database: { databaseUrl: `postgres://phonekit:secret-password@127.0.0.1:${await closedPort()}/phonekit` }, keyring });
    try {
      const error = await rejectionOf(() => accounts.upsertUser(user));
      expectUnavailable(error);
      expect(isDatabaseUnavailable((error as Error).cause)).toBe(true);
      expect(String((error as Error).message)).not.toContain('secret-password');
    } finally {
      await accounts.close();
    }
  });

  it('on a host that accepts and never answers: DATABASE_UNAVAILABLE once connectTimeoutMs has passed', async () => {
    const accounts = await openAccounts({ database: { databaseUrl: `postgres://phonekit:pw@127.0.0.1:${blackholePort}/phonekit`, connectTimeoutMs: 200 }, keyring });
    try {
      expectUnavailable(await rejectionOf(() => accounts.userBySessionToken('A'.repeat(43))));
    } finally {
      await accounts.close();
    }
  });

  it('refuses timeouts that are not whole milliseconds from 1 to 600000, naming the option', async () => {
    for (const [name, value] of [['connectTimeoutMs', 0], ['queryTimeoutMs', 1.5], ['queryTimeoutMs', 600_001]] as const) {
      const error = await rejectionOf(() => openAccounts({ database: { databaseUrl: 'postgres://u:p@127.0.0.1:1/db', [name]: value }, keyring }));
      expect(error).toBeInstanceOf(AccountsError);
      expect((error as AccountsError).code).toBe('DATABASE_OPTIONS_INVALID');
      expect((error as AccountsError).message).toContain(name);
    }
  });
});

describe('a real Postgres that goes away and comes back', () => {
  let server: PostgresServer;
  let databaseUrl: string;
  let accounts: Accounts;

  beforeAll(async () => {
    server = await startPostgresServer();
    databaseUrl = await server.createDatabase('accounts_unavailable');
    accounts = await openAccounts({ database: { databaseUrl, poolSize: 3, queryTimeoutMs: 500 }, keyring });
    await accounts.migrate();
  }, 120_000);

  afterAll(async () => {
    await accounts?.close();
    await server?.stop();
  }, 60_000);

  it('a statement not answered within queryTimeoutMs is DATABASE_UNAVAILABLE; the pool works on after', async () => {
    expectUnavailable(await rejectionOf(() => sql`select pg_sleep(2)`.execute(accounts.db)));
    expect((await accounts.upsertUser(user)).created).toBe(true);
  });

  it('shut down: every operation is DATABASE_UNAVAILABLE; started again on the same port and folder: the same handle answers, the data kept', async () => {
    const { user: stored } = await accounts.upsertUser(user);
    const session = await accounts.createSession(stored.id);
    // Hold connections open in the pool, so the shutdown hits live ones (57P01) and not only new ones.
    await Promise.all([1, 2, 3].map(() => accounts.userBySessionToken(session.token)));

    await server.down();
    for (const run of [() => accounts.upsertUser(user), () => accounts.userBySessionToken(session.token), () => accounts.phoneOf(stored.id), () => accounts.createSession(stored.id)]) {
      expectUnavailable(await rejectionOf(run));
    }

    await server.up();
    const found = await accounts.userBySessionToken(session.token);
    expect(found?.user.id).toBe(stored.id);
    expect((await accounts.upsertUser(user)).created).toBe(false);
  }, 60_000);
});
