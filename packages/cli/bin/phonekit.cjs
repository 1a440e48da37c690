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
//
// Relative paths (keys, --out, --config) are the user's: they resolve from
// the folder the command was run in. `pnpm phonekit` from the repository
// root or a folder that is no package runs the root package.json script, in
// the root; pnpm names the user's folder in INIT_CWD, so start there. (From a
// package folder pnpm runs this bin in the user's folder already.) Only that
// script's run is trusted: any other process may inherit a stale INIT_CWD.
const SOURCE_CONDITION = '--conditions=@phonekit/source';

const initCwd = process.env.INIT_CWD;
if (process.env.npm_lifecycle_event === 'phonekit' && initCwd !== undefined && initCwd !== '' && initCwd !== process.cwd()) {
  try {
    process.chdir(initCwd);
  } catch {
    // A folder that is gone: stay where pnpm put us.
  }
}

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
