const preset = require('../../jest.preset.cjs');
// The accounts tests open PGlite (through @phonekit/accounts).
const { pgliteJestConfig } = require('../../packages/accounts/jest-pglite-transform.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  ...pgliteJestConfig(preset),
  displayName: require('./package.json').name,
  // The process tests run the documented production command, `node dist/main.js`,
  // against the BUILT packages: build core, accounts, express and the server first.
  globalSetup: '<rootDir>/test/support/build-production.cjs',
};
