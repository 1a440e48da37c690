import type { Accounts, DataKeyring } from '../../src';

/** One database a shared account suite runs against, PGlite or Postgres. */
export interface SuiteDatabase {
  readonly driver: 'pglite' | 'postgres';
  /** Opens a handle on the suite's database (PGlite: close the previous one first). */
  open(keyring: DataKeyring, clock: () => Date): Promise<Accounts>;
  /** Where the database keeps its files (the PGlite data dir, the Postgres server's data folder). */
  readonly filesDir: string;
  /** Makes the files current before they are read: PGlite closes the handle; Postgres checkpoints. */
  flushFiles(accounts: Accounts): Promise<void>;
  dispose(): Promise<void>;
}
