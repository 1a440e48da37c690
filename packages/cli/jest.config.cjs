const preset = require('../../jest.preset.cjs');
// `phonekit db` opens PGlite (through @phonekit/accounts), which needs this under jest.
const { pgliteJestConfig } = require('../accounts/jest-pglite-transform.cjs');

/** @type {import('jest').Config} */
module.exports = { ...preset, ...pgliteJestConfig(preset), displayName: require('./package.json').name };
