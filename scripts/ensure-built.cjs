// Builds workspace packages whose dist is missing or older than their inputs,
// with their real `build` scripts (`pnpm --filter <names...> build`, so in
// dependency order). The tests that run built code call it: apps/server's
// jest globalSetup (the production tests run `node dist/main.js`) and the
// packed-tarball test of @phonekit/express. A package whose dist is fresh is
// not rebuilt, so a full test run builds once and no test rewrites a dist
// another test is running from.
//
//   node scripts/ensure-built.cjs @phonekit/core @phonekit/express
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const REPO_ROOT = resolve(__dirname, '..');
const SHARED_INPUTS = ['tsconfig.base.json', 'pnpm-lock.yaml', 'scripts/tsup-published.ts'].map((file) => join(REPO_ROOT, file));
const PACKAGE_INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'tsup.config.ts'];
/** What each built package's dist must hold; a package not listed here has no build to check. */
const OUTPUTS = {
  '@phonekit/core': ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts'],
  '@phonekit/express': ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts'],
  '@phonekit/accounts': ['dist/index.js', 'dist/index.d.ts'],
  '@phonekit/server': ['dist/main.js', 'dist/cluster.js'],
};

function packageDirs() {
  const dirs = new Map();
  for (const group of ['apps', 'packages']) {
    for (const name of readdirSync(join(REPO_ROOT, group))) {
      const manifest = join(REPO_ROOT, group, name, 'package.json');
      if (existsSync(manifest)) dirs.set(JSON.parse(readFileSync(manifest, 'utf8')).name, join(REPO_ROOT, group, name));
    }
  }
  return dirs;
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stat.mtimeMs);
}

/** Whether every output exists and is newer than every input (sources, manifests, configs, the lockfile). */
function isFresh(dir, outputs) {
  const outputTimes = outputs.map((file) => (existsSync(join(dir, file)) ? statSync(join(dir, file)).mtimeMs : 0));
  const oldestOutput = Math.min(...outputTimes);
  if (oldestOutput === 0) return false;
  const inputs = [join(dir, 'src'), ...PACKAGE_INPUTS.map((file) => join(dir, file)), ...SHARED_INPUTS];
  return inputs.every((input) => newestMtime(input) < oldestOutput);
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** One build at a time across processes (other test runs may build too): a lock directory, taken over after 10 minutes. */
function withLock(fn) {
  const lock = join(REPO_ROOT, 'node_modules', '.phonekit-build.lock');
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (Date.now() > deadline || Date.now() - statSync(lock).mtimeMs > 10 * 60_000) {
        rmdirSync(lock);
        continue;
      }
      sleep(250);
    }
  }
  try {
    return fn();
  } finally {
    rmdirSync(lock);
  }
}

/** Builds the named packages that are stale; throws, with the build's output, when a build fails. */
function ensureBuilt(names) {
  const dirs = packageDirs();
  for (const name of names) {
    if (!dirs.has(name) || OUTPUTS[name] === undefined) throw new Error(`ensure-built: no buildable workspace package ${name}`);
  }
  withLock(() => {
    const stale = names.filter((name) => !isFresh(dirs.get(name), OUTPUTS[name]));
    if (stale.length === 0) return;
    const args = ['-y', 'pnpm@10', ...stale.flatMap((name) => ['--filter', name]), 'build'];
    const result = spawnSync('npx', args, { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    if (result.error !== undefined) throw result.error;
    if (result.status !== 0) throw new Error(`ensure-built: \`npx ${args.join(' ')}\` exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    for (const name of stale) {
      const missing = OUTPUTS[name].filter((file) => !existsSync(join(dirs.get(name), file)));
      if (missing.length > 0) throw new Error(`ensure-built: ${name} built but has no ${missing.join(', ')}`);
    }
  });
}

module.exports = { ensureBuilt };

if (require.main === module) {
  try {
    ensureBuilt(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
