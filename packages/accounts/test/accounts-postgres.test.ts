import { openAccounts, type Accounts, type PhoneNumberInput } from '../src';
import { describeAccountSuite } from './support/account-suite';
import { startPostgresServer, type PostgresServer } from '@phonekit/test-servers';

jest.setTimeout(30_000);

// A real Postgres server for this file, started here: if it cannot start,
// every test below fails (beforeAll throws); none is skipped.
describe('accounts on Postgres', () => {
  let server: PostgresServer | undefined;
  let databaseUrl = '';

  describeAccountSuite(
    async () => {
      server = await startPostgresServer();
      const running = server;
      try {
        databaseUrl = await running.createDatabase('accounts_suite');
      } catch (error) {
        await running.stop();
        throw error;
      }
      return {
        driver: 'postgres',
        filesDir: running.databaseDir,
        open: (keyring, clock) => openAccounts({ database: { databaseUrl, poolSize: 10 }, keyring, clock }),
        flushFiles: () => running.checkpoint(),
        dispose: () => running.stop(),
      };
    },
    (suite) => {
      describe('two workers, each with its own pool, on one database', () => {
        describe('migrating a fresh database at the same moment', () => {
          test('both succeed and each migration is applied once', async () => {
            const url = await (server as PostgresServer).createDatabase('accounts_migrate_race');
            const workers = await Promise.all(
              [0, 1].map(() => openAccounts({ database: { databaseUrl: url, poolSize: 3 }, keyring: suite.keyring() })),
            );
            try {
              const outcomes = await Promise.all(workers.map((worker) => worker.migrate()));
              expect(outcomes.flatMap((outcome) => outcome.applied)).toEqual(['0001-accounts', '0002-more-platforms']);
              const { user } = await (workers[0] as Accounts).upsertUser({ platform: 'wechat', appId: 'wx', platformUserId: 'o' });
              expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
            } finally {
              await Promise.all(workers.map((worker) => worker.close()));
            }
          });
        });

        describe('with 200 parallel logins and bindings of 50 users', () => {
          test('make no duplicate user and lose no binding', async () => {
            const workers = [suite.accounts(), await openAccounts({ database: { databaseUrl, poolSize: 10 }, keyring: suite.keyring(), clock: suite.clock })];
            try {
              const appId = 'wx-two-workers';
              const phones: PhoneNumberInput[] = Array.from({ length: 50 }, () => suite.nextPhone());
              const outcomes = await Promise.allSettled(
                Array.from({ length: 200 }, async (_, index) => {
                  const worker = workers[index % 2] as Accounts;
                  const n = (index * 7) % 50;
                  const { user } = await worker.upsertUser({ platform: 'wechat', appId, platformUserId: `two-workers-${n}` });
                  await suite.bind(worker, user.id, phones[n] as PhoneNumberInput);
                }),
              );
              expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
              const users = (await suite.accounts().rawRows('users')).filter((row) => row.app_id === appId);
              expect(users).toHaveLength(50);
              expect(new Set(users.map((row) => row.platform_user_id)).size).toBe(50);
              const bindings = (await suite.accounts().rawRows('phone_bindings')).filter((row) => row.app_id === appId);
              expect(bindings).toHaveLength(50);
              for (const [n, phone] of phones.entries()) {
                const user = users.find((row) => row.platform_user_id === `two-workers-${n}`);
                await expect(workers[n % 2]?.phoneOf(String(user?.id))).resolves.toMatchObject(phone);
              }
            } finally {
              await workers[1]?.close();
            }
          }, 60_000);
        });
      });
    },
  );
});
