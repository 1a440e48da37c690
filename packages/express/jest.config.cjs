const preset = require('../../jest.preset.cjs');
// The account suites open PGlite (through @phonekit/accounts, a devDependency).
const { pgliteJestConfig } = require('../accounts/jest-pglite-transform.cjs');

/** @type {import('jest').Config} */
module.exports = { ...preset, ...pgliteJestConfig(preset), displayName: require('./package.json').name };
