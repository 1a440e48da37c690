// Before jest does anything else, the programs the suites drive for real
// (Chromium, redis-server, openssl) are found, installed with apt-get when it
// can run without a prompt, or named in one line with the command to run,
// exit 1 (scripts/test-prerequisites.cjs). This runs here, when jest loads
// its configuration, rather than in a root `globalSetup`: jest runs the root
// globalSetup once, but only after every project's own (apps/server's builds
// the production packages first), and prints its errors with a stack.
require('./scripts/test-prerequisites.cjs').ensureTestPrerequisitesOrExit();

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    '<rootDir>/packages/*/jest.config.cjs',
    '<rootDir>/apps/*/jest.config.cjs',
    // The repository's own scripts (not a workspace package).
    { displayName: 'scripts', rootDir: __dirname, roots: ['<rootDir>/scripts'], testEnvironment: 'node', testMatch: ['<rootDir>/scripts/*.test.cjs'] },
  ],
};
