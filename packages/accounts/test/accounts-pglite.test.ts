import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openAccounts } from '../src';
import { describeAccountSuite } from './support/account-suite';

jest.setTimeout(30_000);

// One fresh data dir for the whole file: PGlite's first start (initdb in
// WASM) takes seconds, a reopen well under one.
describe('accounts on PGlite', () => {
  describeAccountSuite(
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'phonekit-accounts-pglite-'));
      return {
        driver: 'pglite',
        filesDir: dataDir,
        open: (keyring, clock) => openAccounts({ database: { dataDir }, keyring, clock }),
        flushFiles: (accounts) => accounts.close(),
        dispose: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
    (suite) => {
      describe('the data dir', () => {
        test('holds the PGlite files in <dataDir>/pglite, the folder readable by its owner only', async () => {
          const dataDir = suite.database().filesDir;
          expect(await readdir(dataDir)).toEqual(['pglite']);
          expect((await stat(path.join(dataDir, 'pglite'))).mode & 0o077).toBe(0);
          expect(await readdir(path.join(dataDir, 'pglite'))).toEqual(expect.arrayContaining(['PG_VERSION', 'base', 'pg_wal']));
        });
      });
    },
  );
});
