// Jest runs this workspace's tests as CommonJS inside vm contexts, where a
// dynamic `import()` throws unless Node runs with --experimental-vm-modules.
// PGlite's CommonJS build still loads Node built-ins that way
// (`await import("fs/promises")`, "zlib", "node:module", ...), so, for tests
// only, its files get those calls rewritten to `require`. Outside jest,
// PGlite runs untouched. Any jest project that opens PGlite (through
// @phonekit/accounts) needs `pgliteJestConfig` from this file.
const path = require('node:path');

const DYNAMIC_IMPORT = /\bimport\(\s*(["'][^"'\n]+["'])\s*\)/g;

module.exports = {
  process(source) {
    // The module's own `require`, captured before any of PGlite's functions
    // can shadow the name (one declares `var require = createRequire(...)`).
    const code = source.replace(DYNAMIC_IMPORT, 'Promise.resolve().then(() => __pgliteRequire($1))');
    return { code: `var __pgliteRequire = require;${code}` };
  },
  getCacheKey(source, file) {
    return require('node:crypto').createHash('sha256').update('pglite-jest-transform-2').update(file).update(source).digest('hex');
  },
};

/** Spread into a jest project config (after the preset) so PGlite loads under jest. */
module.exports.pgliteJestConfig = (preset) => ({
  transform: {
    '/@electric-sql/pglite/dist/.+\\.cjs$': path.join(__dirname, 'jest-pglite-transform.cjs'),
    ...preset.transform,
  },
  // node_modules stays untransformed, except PGlite (its path under pnpm is
  // node_modules/.pnpm/@electric-sql+pglite@x/node_modules/@electric-sql/pglite).
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/@electric-sql\\+pglite|@electric-sql/pglite/)'],
});
