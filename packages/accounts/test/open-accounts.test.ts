import { generateDataKey, openAccounts, parseDataKeyring, type DataKeyring } from '../src';

const keyring = parseDataKeyring(generateDataKey());

describe('openAccounts', () => {
  describe('with database options that name no single database', () => {
    test.each([
      ['neither a data dir nor a URL', {}],
      ['both a data dir and a URL', { dataDir: '/tmp/x', databaseUrl: 'postgres://localhost/x' }],
      ['an empty data dir', { dataDir: '' }],
      ['a URL of another scheme', { databaseUrl: 'mysql://localhost/x' }],
    ])('refuses %s with DATABASE_OPTIONS_INVALID', async (_case, database) => {
      await expect(openAccounts({ database: database as { dataDir: string }, keyring })).rejects.toMatchObject({
        code: 'DATABASE_OPTIONS_INVALID',
      });
    });

    test('never repeats the URL, which may carry a password', async () => {
      const error: unknown = await openAccounts({ database: { databaseUrl: 'mysql://root:hunter2@db/x' }, keyring }).catch((caught: unknown) => caught);
      expect(String((error as Error).message)).not.toContain('hunter2');
    });
  });

  describe('with a pool size out of range', () => {
    test('refuses it with DATABASE_OPTIONS_INVALID', async () => {
      await expect(openAccounts({ database: { databaseUrl: 'postgres://localhost/x', poolSize: 0 }, keyring })).rejects.toMatchObject({
        code: 'DATABASE_OPTIONS_INVALID',
      });
    });
  });

  describe('with a keyring not made by parseDataKeyring', () => {
    test('refuses it with INPUT_INVALID', async () => {
      const forged = { ...keyring } as DataKeyring;
      await expect(openAccounts({ database: { dataDir: '/tmp/never-made' }, keyring: forged })).rejects.toMatchObject({
        code: 'INPUT_INVALID',
      });
    });
  });
});
