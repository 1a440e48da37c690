// Preloaded into the server under test (`node -r <this> dist/main.js`): on
// SIGUSR2 it writes, as one JSON line on stderr, which workspace packages and
// heavy dependencies are in require.cache at that moment.
'use strict';
const WATCHED = ['@phonekit/accounts', 'kysely', '@electric-sql/pglite', 'pg', 'ioredis'];

function loaded() {
  const files = Object.keys(require.cache);
  return WATCHED.filter((name) => files.some((file) => file.includes(`/node_modules/${name}/`) || (name === '@phonekit/accounts' && file.includes('/packages/accounts/'))));
}

process.on('SIGUSR2', () => {
  process.stderr.write(`${JSON.stringify({ loaded: loaded() })}\n`);
});
