const preset = require('../../jest.preset.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: require('./package.json').name,
  // The browser suite drives headless Chromium against a real server.
  testTimeout: 60_000,
};
