// jest globalSetup for apps/server: the process tests spawn `node dist/main.js`
// (the documented production command), which loads @phonekit/express,
// @phonekit/accounts and @phonekit/core from their dist, as an installed copy
// would. Builds whatever of them is missing or older than its sources
// (scripts/ensure-built.cjs).
'use strict';
const { ensureBuilt } = require('../../../../scripts/ensure-built.cjs');

module.exports = () => {
  ensureBuilt(['@phonekit/core', '@phonekit/accounts', '@phonekit/express', '@phonekit/server']);
};
