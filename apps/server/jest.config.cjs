const preset = require('../../jest.preset.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: require('./package.json').name,
  // The process tests run the documented production command, `node dist/main.js`,
  // against the BUILT packages: build core, express and the server first.
  globalSetup: '<rootDir>/test/support/build-production.cjs',
};
