const preset = require('../../jest.preset.cjs');
const { pgliteJestConfig } = require('./jest-pglite-transform.cjs');

/** @type {import('jest').Config} */
module.exports = { ...preset, ...pgliteJestConfig(preset), displayName: require('./package.json').name };
