// Shared jest settings: every package's jest.config.cjs spreads this.
// ts-jest (which needs TypeScript 5.x) transpiles each file on its own
// (isolatedModules); type errors are `pnpm typecheck`'s job.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Workspace packages resolve to their TypeScript sources through the
  // "@phonekit/source" export condition (no build needed); without it, they
  // resolve to dist, as for anyone who installs them. jsdom suites take the
  // same list (their default, 'browser', would skip it).
  testEnvironmentOptions: { customExportConditions: ['@phonekit/source', 'node', 'require', 'default'] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      { tsconfig: path.join(__dirname, 'tsconfig.jest.json'), diagnostics: false },
    ],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'json'],
};
