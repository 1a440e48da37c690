#!/usr/bin/env node
'use strict';
/* global __filename */
// The phonekit command. Runs the TypeScript sources through tsx's CommonJS
// hook (no build step); src/main.ts does the work.
//
// Workspace packages (@phonekit/core, @phonekit/express) resolve to their
// sources only under the "@phonekit/source" export condition, which is a node
// flag, so a run without it (the pnpm bin shim, `node bin/phonekit.cjs`)
// re-runs this file once under it, passing stdio, the exit code and a fatal
// signal through.
const SOURCE_CONDITION = '--conditions=@phonekit/source';

if (process.execArgv.includes(SOURCE_CONDITION)) {
  require('tsx/cjs');
  require('../src/main.ts').runAsProcess();
} else {
  const { spawnSync } = require('node:child_process');
  const result = spawnSync(process.execPath, [...process.execArgv, SOURCE_CONDITION, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.error !== undefined) throw result.error;
  if (result.signal !== null) process.kill(process.pid, result.signal);
  process.exitCode = result.status ?? 1;
}
