const preset = require('../../jest.preset.cjs');
// The development app keeps its accounts in PGlite (through @phonekit/accounts).
const { pgliteJestConfig } = require('../../packages/accounts/jest-pglite-transform.cjs');

/** @type {import('jest').Config} */
module.exports = { ...preset, ...pgliteJestConfig(preset), displayName: require('./package.json').name };
