/* global describe, test, expect, beforeEach, afterEach */
// scripts/test-prerequisites.cjs against fake machines: a temporary bin folder
// is the whole PATH, and stand-in apt-get / sudo scripts there record their
// arguments (and "install" a package by writing an executable of its name).
// Real apt-get never runs here.
'use strict';
const { spawnSync } = require('node:child_process');
const { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { PROGRAMS, PrerequisiteError, check, ensureTestPrerequisites } = require('./test-prerequisites.cjs');

const SCRIPT = join(__dirname, 'test-prerequisites.cjs');
const JEST = join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const NOT_ROOT = 1000;

let dir;
let bin;
let calls;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'phonekit-prerequisites-'));
  chmodSync(dir, 0o755); // readable by the unprivileged user some tests run as
  bin = join(dir, 'bin');
  mkdirSync(bin);
  calls = join(dir, 'calls.log');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function executable(name, body = 'exit 0') {
  const file = join(bin, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

/** apt-get that records "DEBIAN_FRONTEND=<value> <args>" and, on install, makes each package an executable. */
function fakeAptGet({ installExit = 0 } = {}) {
  executable(
    'apt-get',
    [
      `echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> ${calls}`,
      'if [ "$1" = install ]; then',
      `  if [ ${installExit} -ne 0 ]; then echo "E: Unable to locate package $4" >&2; exit ${installExit}; fi`,
      `  for p in "$@"; do case "$p" in -*|install) ;; *) printf '#!/bin/sh\\n' > ${bin}/"$p"; /bin/chmod 755 ${bin}/"$p";; esac; done`,
      'fi',
    ].join('\n'),
  );
  // The script runs apt-get through `env` (so DEBIAN_FRONTEND survives sudo).
  executable('env', 'exec /usr/bin/env "$@"');
}

function recordedCalls() {
  return existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [];
}

/** The real program list, with Chromium's known location moved into the fake machine. */
function programsWithChromiumAt(file) {
  return PROGRAMS.map((program) => (program.envVar === undefined ? program : { ...program, knownPaths: [file] }));
}

describe('ensureTestPrerequisites', () => {
  test('When every program is there, it does nothing: no apt-get, no output, no variable set.', () => {
    fakeAptGet();
    const chromium = executable('chromium-at-known-path');
    executable('redis-server');
    executable('openssl');
    const env = { PATH: bin };
    const lines = [];

    expect(ensureTestPrerequisites({ env, uid: 0, programs: programsWithChromiumAt(chromium), log: (line) => lines.push(line) })).toEqual([]);

    expect(recordedCalls()).toEqual([]);
    expect(lines).toEqual([]);
    expect(env).toEqual({ PATH: bin });
  });

  test('A Chromium found only on PATH is handed to the browser tests as CHROMIUM_PATH.', () => {
    const chromium = executable('chromium');
    executable('redis-server');
    executable('openssl');
    const env = { PATH: bin };

    ensureTestPrerequisites({ env, uid: NOT_ROOT, programs: programsWithChromiumAt(join(dir, 'no-chromium-here')), log: () => {} });

    expect(env.CHROMIUM_PATH).toBe(chromium);
  });

  test('As root it runs apt-get update once, then a non-interactive install of what is missing, after one line saying what and why.', () => {
    fakeAptGet();
    executable('openssl');
    const env = { PATH: bin };
    const lines = [];

    const installed = ensureTestPrerequisites({ env, uid: 0, programs: programsWithChromiumAt(join(dir, 'no-chromium-here')), log: (line) => lines.push(line) });

    expect(installed).toEqual(['chromium', 'redis-server']);
    expect(recordedCalls()).toEqual(['DEBIAN_FRONTEND=noninteractive update -qq', 'DEBIAN_FRONTEND=noninteractive install -y -qq chromium redis-server']);
    expect(lines).toEqual([
      "test prerequisites: installing chromium (apps/dev's browser simulator tests drive it through playwright-core) and redis-server (apps/server's shared-state tests start one) with `apt-get install -y chromium redis-server` (after an apt-get update).",
    ]);
    // The stand-in put chromium on PATH: the browser tests are pointed at it.
    expect(env.CHROMIUM_PATH).toBe(join(bin, 'chromium'));
  });

  test('Without root but with passwordless sudo it installs through `sudo -n`.', () => {
    fakeAptGet();
    executable('sudo', `echo "sudo $*" >> ${calls}\n[ "$*" = "-n true" ] && exit 0\n[ "$1" = -n ] && shift\nexec "$@"`);
    const chromium = executable('chromium-at-known-path');
    executable('openssl');
    const lines = [];

    ensureTestPrerequisites({ env: { PATH: bin }, uid: NOT_ROOT, programs: programsWithChromiumAt(chromium), log: (line) => lines.push(line) });

    expect(recordedCalls()).toEqual([
      'sudo -n true',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq',
      'DEBIAN_FRONTEND=noninteractive update -qq',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server',
      'DEBIAN_FRONTEND=noninteractive install -y -qq redis-server',
    ]);
    expect(lines).toEqual([
      "test prerequisites: installing redis-server (apps/server's shared-state tests start one) with `sudo -n apt-get install -y redis-server` (after an apt-get update).",
    ]);
  });

  test('Without root, and with a sudo that would ask for a password, it stops with the sudo command to run and never runs apt-get.', () => {
    fakeAptGet();
    executable('sudo', `echo "sudo $*" >> ${calls}\necho "sudo: a password is required" >&2\nexit 1`);
    const chromium = executable('chromium-at-known-path');
    executable('openssl');

    expect(() => ensureTestPrerequisites({ env: { PATH: bin }, uid: NOT_ROOT, programs: programsWithChromiumAt(chromium), log: () => {} })).toThrow(
      new PrerequisiteError(
        "test prerequisites: missing redis-server (apps/server's shared-state tests start one): run `sudo apt-get install -y redis-server`, then run the tests again.",
      ),
    );
    expect(recordedCalls()).toEqual(['sudo -n true']);
  });

  test('Where there is no apt-get, the line says to use the system package manager and names the Debian command.', () => {
    expect(() =>
      ensureTestPrerequisites({ env: { PATH: bin }, uid: NOT_ROOT, programs: programsWithChromiumAt(join(dir, 'no-chromium-here')), log: () => {} }),
    ).toThrow(
      new PrerequisiteError(
        "test prerequisites: missing chromium (apps/dev's browser simulator tests drive it through playwright-core), redis-server (apps/server's shared-state tests start one) and openssl (the crypto tests cross-check against its CLI): install them with your system's package manager (for Chromium, CHROMIUM_PATH can name any Chromium or Chrome binary); on Debian or Ubuntu: `sudo apt-get install -y chromium redis-server openssl`, then run the tests again.",
      ),
    );
  });

  test('A failed apt-get install shows its output and stops with the command to run by hand.', () => {
    fakeAptGet({ installExit: 100 });
    const chromium = executable('chromium-at-known-path');
    executable('redis-server');
    const lines = [];

    expect(() => ensureTestPrerequisites({ env: { PATH: bin }, uid: 0, programs: programsWithChromiumAt(chromium), log: (line) => lines.push(line) })).toThrow(
      new PrerequisiteError(
        'test prerequisites: `env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl` failed (exit 100); run `apt-get install -y openssl` yourself, then run the tests again.',
      ),
    );
    expect(lines.slice(1)).toEqual(['E: Unable to locate package openssl']);
  });

  test('A CHROMIUM_PATH naming no executable stops the run rather than installing a Chromium the tests would not use.', () => {
    fakeAptGet();
    executable('redis-server');
    executable('openssl');
    const missing = join(dir, 'chrome');

    expect(() => ensureTestPrerequisites({ env: { PATH: bin, CHROMIUM_PATH: missing }, uid: 0, log: () => {} })).toThrow(
      new PrerequisiteError(`test prerequisites: CHROMIUM_PATH=${missing} is not an executable file: point it at a chromium binary, or unset it to use /usr/bin/chromium.`),
    );
    expect(recordedCalls()).toEqual([]);
  });
});

describe('the command line and the root jest configuration', () => {
  // Run as an unprivileged user when the tests run as root (as CI does), so
  // that "no root" is real; PATH is only the fake bin folder, which holds an
  // apt-get that must not be called, and no sudo.
  function runUnprivileged(args) {
    fakeAptGet();
    const chromium = executable('chromium');
    const user = process.getuid() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = spawnSync(process.execPath, args, { cwd: dir, env: { PATH: bin, CHROMIUM_PATH: chromium }, encoding: 'utf8', timeout: 10_000, ...user });
    return { ...result, chromium };
  }

  const ONE_LINE =
    "test prerequisites: missing redis-server (apps/server's shared-state tests start one) and openssl (the crypto tests cross-check against its CLI): run `sudo apt-get install -y redis-server openssl`, then run the tests again.\n";

  // "At once" is shown by what it does not do (no apt-get, no test run, no output but the one line), never by a clock: timed assertions flake on a busy machine.
  test('With programs missing and no root, the script fails at once with one line naming the exact command.', () => {
    const result = runUnprivileged([SCRIPT]);

    expect(result.stderr).toBe(ONE_LINE);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
    expect(recordedCalls()).toEqual([]);
  });

  test('The test command itself (jest with the root configuration) stops with that line before running any test.', () => {
    const result = runUnprivileged([JEST, '--rootDir', join(__dirname, '..'), '--config', join(__dirname, '..', 'jest.config.cjs')]);

    expect(result.stderr).toBe(ONE_LINE);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
    expect(recordedCalls()).toEqual([]);
  });

  test('--check lists each program and where it was found, names the command for the missing ones and installs nothing.', () => {
    const result = runUnprivileged([SCRIPT, '--check']);

    expect(result.stdout).toBe(
      [
        `chromium      ${result.chromium} (CHROMIUM_PATH)`,
        "redis-server  missing (Debian package redis-server): apps/server's shared-state tests start one",
        'openssl       missing (Debian package openssl): the crypto tests cross-check against its CLI',
        'The test command stops at once until you run `sudo apt-get install -y redis-server openssl`.',
        '',
      ].join('\n'),
    );
    expect(result.status).toBe(1);
    expect(recordedCalls()).toEqual([]);
  });

  test('On this machine, once the test command has provided them, every program the suites drive is there.', () => {
    const lines = [];

    expect(check({ log: (line) => lines.push(line) })).toBe(0);
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['chromium', 'redis-server', 'openssl']);
  });
});
