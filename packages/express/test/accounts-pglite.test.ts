import { pgliteDatabase } from './support/account-server';
import { describeAccountRoutes } from './support/account-routes-suite';

jest.setTimeout(60_000);

// A fresh PGlite data dir (PHONEKIT_DATA_DIR) for the file; restarts reopen it.
describe('accounts over HTTP, on PGlite', () => {
  describeAccountRoutes(pgliteDatabase);
});
