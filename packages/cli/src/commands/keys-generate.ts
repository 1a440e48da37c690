import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateAlipaySandboxKeys, type AlipaySandboxKeys } from '@phonekit/sandbox';
import type { Command } from '../lib/command';
import { EXIT_CODES } from '../lib/exit-codes';
import { parseOptions, printHelp, usageError, type CommandHelp } from '../lib/options';

export const KEYS_GENERATE_HELP: CommandHelp = {
  name: 'keys generate',
  usage: 'keys generate [--app-id ID] [--bits 2048|3072|4096] [--aes-bytes 16|24|32] [--out DIR [--env FILE]] [--force]',
  text: `Usage: phonekit keys generate [--app-id ID] [--bits 2048] [--aes-bytes 16] [--out DIR [--env FILE]] [--force]

Makes SANDBOX keys for local development and tests: an RSA key pair standing
in for Alipay's (the private key signs test payloads; real Alipay never gives
it out) and an AES key standing in for the app's 接口内容加密方式 key.
Never use them with real Alipay.

Prints env lines:
  ALIPAY_APP_ID=...
  ALIPAY_PUBLIC_KEY=<bare base64 SPKI, as the console shows 支付宝公钥>
  ALIPAY_AES_KEY=<base64>
  ALIPAY_SIGN_TYPE=RSA2
Without --out it prints the private key PEM after them, labelled sandbox
only, and writes nothing.

With --out DIR it writes alipay-private.pem, alipay-public.pem, aes.key and
the env lines (DIR/.env, or --env FILE) and prints how to use them:
  a payload signed and encrypted with them, checked as the server checks it:
    phonekit alipay make-payload --private-key @DIR/alipay-private.pem --aes-key @DIR/aes.key > response.json
    phonekit alipay inspect --public-key @DIR/alipay-public.pem --aes-key @DIR/aes.key < response.json
  the server with them (both servers read the .env of the folder they are
  started from, or the file PHONEKIT_ENV_FILE names), from the repository root:
    PHONEKIT_ENV_FILE=DIR/.env npx -y pnpm@10 start          the development app
    (set -a && . DIR/.env && npx -y pnpm@10 start)          the same, the shell reading the file
    node --env-file=DIR/.env apps/server/dist/main.js       the production server, once built
The repository's .gitignore covers .env, alipay-private.pem, alipay-public.pem
and aes.key wherever they are; a file written into a git work tree that its
.gitignore does not cover (an --env of another name) is named on stderr.

Options:
  --app-id ID          the appId to print (default 2021009999000001).
  --bits N             RSA modulus: 2048 (default, as Alipay), 3072 or 4096.
  --aes-bytes N        AES key length: 16 (default, AES-128, as the console), 24 or 32.
  --out DIR            write alipay-private.pem, alipay-public.pem and aes.key into DIR
                       (created if needed; secrets with mode 0600), and the env lines
                       into DIR/.env (see --env).
  --env FILE           with --out, where the env lines go instead (default: DIR/.env);
                       the other lines of an existing file are kept.
  --force              with --out, overwrite key files that already exist and replace
                       ALIPAY_* lines already in the env file.
  -h, --help           show this help.

Relative paths are taken from the folder the command was run from.

Exit codes:
  0  keys made (and written).
  2  usage error, or files (or ALIPAY_* lines) already exist without --force, or
     they cannot be written.
`,
};

const OPTIONS = {
  'app-id': { type: 'string' },
  bits: { type: 'string' },
  'aes-bytes': { type: 'string' },
  out: { type: 'string' },
  // Not --env-file: node 20 takes that flag from anywhere on its command line, even after the script.
  env: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MODULUS_LENGTHS = [2048, 3072, 4096] as const;
const AES_KEY_BYTES = [16, 24, 32] as const;

function pick<T extends number>(allowed: readonly T[], text: string | undefined, fallback: T): T | undefined {
  if (text === undefined) return fallback;
  return allowed.find((n) => String(n) === text.trim());
}

/** The variables keys generate sets, in the order it writes them. */
const ENV_NAMES = ['ALIPAY_APP_ID', 'ALIPAY_PUBLIC_KEY', 'ALIPAY_AES_KEY', 'ALIPAY_SIGN_TYPE'] as const;

function envValues(keys: AlipaySandboxKeys): Readonly<Record<(typeof ENV_NAMES)[number], string>> {
  return { ALIPAY_APP_ID: keys.appId, ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64, ALIPAY_SIGN_TYPE: 'RSA2' };
}

function envLines(keys: AlipaySandboxKeys): string {
  const values = envValues(keys);
  return `${ENV_NAMES.map((name) => `${name}=${values[name]}`).join('\n')}\n`;
}

const SANDBOX_BANNER = '# phonekit sandbox keys: SANDBOX ONLY, for local development and tests. Never use them with real Alipay.\n';

/** The key files --out writes, by name (the env file is the other one). */
const KEY_FILES = ['alipay-private.pem', 'alipay-public.pem', 'aes.key'] as const;

interface OutputFile {
  readonly name: string;
  readonly content: string;
  readonly mode: number;
}

const errorCodeOf = (err: unknown): string => (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'error');

/** The name a `NAME=value` line of a .env sets (`export NAME=` too), or undefined for comments and blank lines. */
function envLineName(line: string): string | undefined {
  return /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
}

/**
 * The env file's new text: its other lines kept, ours replaced in place, or
 * appended under the banner when it had none of them. A failure message when
 * it already sets ours and `force` is off.
 */
function mergedEnv(existing: string | undefined, keys: AlipaySandboxKeys, force: boolean, path: string): { text: string } | { failure: string } {
  if (existing === undefined) return { text: SANDBOX_BANNER + envLines(keys) };
  const values: Readonly<Record<string, string>> = envValues(keys);
  const ours: readonly string[] = ENV_NAMES;
  const lines = existing.split(/\r?\n/);
  const set = [...new Set(lines.map(envLineName).filter((name): name is string => name !== undefined && ours.includes(name)))];
  if (set.length > 0 && !force) return { failure: `${path} already sets ${set.join(', ')}: pass --force to replace ${set.length === 1 ? 'that line' : 'those lines'} (the rest of the file is kept).` };
  if (set.length === 0) {
    const body = existing === '' || existing.endsWith('\n') ? existing : `${existing}\n`;
    return { text: `${body}${body === '' ? '' : '\n'}${SANDBOX_BANNER}${envLines(keys)}` };
  }
  const written = new Set<string>();
  const kept = lines.flatMap((line) => {
    const name = envLineName(line);
    if (name === undefined || !ours.includes(name)) return [line];
    // A name set twice keeps only its first line, now with the new value.
    if (written.has(name)) return [];
    written.add(name);
    return [`${name}=${values[name] ?? ''}`];
  });
  const missing = ENV_NAMES.filter((name) => !written.has(name)).map((name) => `${name}=${values[name]}`);
  const text = kept.join('\n');
  return { text: missing.length === 0 ? text : `${text.endsWith('\n') || text === '' ? text : `${text}\n`}${missing.join('\n')}\n` };
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function writeKeyFiles(dir: string, envFile: string, keys: AlipaySandboxKeys, force: boolean): string | undefined {
  const contents: Readonly<Record<(typeof KEY_FILES)[number], Omit<OutputFile, 'name'>>> = {
    'alipay-private.pem': { content: keys.privateKeyPem, mode: 0o600 },
    'alipay-public.pem': { content: keys.publicKeyPem, mode: 0o644 },
    'aes.key': { content: `${keys.aesKeyBase64}\n`, mode: 0o600 },
  };
  const files: readonly OutputFile[] = KEY_FILES.map((name) => ({ name, ...contents[name] }));
  const existing = files.filter((f) => existsSync(join(dir, f.name))).map((f) => f.name);
  if (existing.length > 0 && !force) return `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''} in ${dir}: pass --force to overwrite.`;
  let env: { text: string } | { failure: string };
  try {
    env = mergedEnv(readIfExists(envFile), keys, force, envFile);
  } catch (err) {
    return `cannot read ${envFile}: ${errorCodeOf(err)}.`;
  }
  if ('failure' in env) return env.failure;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const file of files) {
      const path = join(dir, file.name);
      writeFileSync(path, file.content, { mode: file.mode });
      // writeFileSync's mode applies only to new files; make overwritten ones match.
      chmodSync(path, file.mode);
    }
  } catch (err) {
    return `cannot write into ${dir}: ${errorCodeOf(err)}.`;
  }
  try {
    mkdirSync(dirname(envFile), { recursive: true });
    writeFileSync(envFile, env.text, { mode: 0o600 });
  } catch (err) {
    return `cannot write ${envFile}: ${errorCodeOf(err)}.`;
  }
  return undefined;
}

/** How the command the user runs is spelt: from any folder of the repository (see bin/phonekit.cjs). */
export const PHONEKIT_COMMAND = 'npx -y pnpm@10 --silent phonekit';

/** A path as a POSIX shell reads it back: bare when plain, else in single quotes. */
function shellWord(path: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

/** What to do with the files just written, in commands that work as printed (absolute paths). */
function usage(dir: string, envFileName: string): string {
  const privateKey = shellWord(join(dir, 'alipay-private.pem'));
  const publicKey = shellWord(join(dir, 'alipay-public.pem'));
  const aesKey = shellWord(join(dir, 'aes.key'));
  const envFile = shellWord(envFileName);
  return [
    `# Written: ${join(dir, 'alipay-private.pem')} and ${join(dir, 'aes.key')} (secret, mode 0600), ${join(dir, 'alipay-public.pem')}, and the lines above in ${envFileName} (mode 0600).`,
    '#',
    '# A payload signed and encrypted with these keys, checked as the server checks it:',
    `#   ${PHONEKIT_COMMAND} alipay make-payload --private-key @${privateKey} --aes-key @${aesKey} > response.json`,
    `#   ${PHONEKIT_COMMAND} alipay inspect --public-key @${publicKey} --aes-key @${aesKey} < response.json`,
    '#',
    '# The server with these keys: both servers read the .env of the folder they are started from, or the',
    '# file PHONEKIT_ENV_FILE names. From the repository root, the development app (no sandbox once keys are set):',
    `#   PHONEKIT_ENV_FILE=${envFile} npx -y pnpm@10 start`,
    '# or the same with the shell reading the file:',
    `#   (set -a && . ${envFile} && npx -y pnpm@10 start)`,
    '# or the production server, after npx -y pnpm@10 build:',
    `#   node --env-file=${envFile} apps/server/dist/main.js`,
    '# Then post a payload to it as the mini-program does:',
    `#   ${PHONEKIT_COMMAND} alipay make-payload --private-key @${privateKey} --aes-key @${aesKey} | curl -sS -H 'content-type: application/json' --data-binary @- http://127.0.0.1:3000/api/alipay/phone-number`,
    '',
  ].join('\n');
}

/**
 * The root of the git work tree holding `path` when its .gitignore does not
 * cover it; undefined when it is ignored, outside a work tree, or git is not
 * there to ask.
 */
function unignoredIn(path: string): string | undefined {
  const cwd = dirname(path);
  const check = spawnSync('git', ['check-ignore', '-q', '--', path], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'ignore'] });
  // 0: ignored; 1: not ignored; 128 (or no git at all): not in a work tree, or git could not tell.
  if (check.error !== undefined || check.status !== 1) return undefined;
  const root = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
  return root.status === 0 ? root.stdout.trim() : cwd;
}

/** `phonekit keys generate`: sandbox keys for local development, printed and optionally written. */
export const keysGenerate: Command = async (argv, io) => {
  const parsed = parseOptions(() => parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  if (!parsed.ok) return usageError(io, KEYS_GENERATE_HELP, parsed.message);
  const options = parsed.value.values;
  if (options.help === true) return printHelp(io, KEYS_GENERATE_HELP);
  const modulusLength = pick(MODULUS_LENGTHS, options.bits, 2048);
  if (modulusLength === undefined) return usageError(io, KEYS_GENERATE_HELP, '--bits must be 2048, 3072 or 4096.');
  const aesKeyBytes = pick(AES_KEY_BYTES, options['aes-bytes'], 16);
  if (aesKeyBytes === undefined) return usageError(io, KEYS_GENERATE_HELP, '--aes-bytes must be 16, 24 or 32.');
  const appId = options['app-id']?.trim();
  if (appId === '' || (appId !== undefined && /[\s=#"']/.test(appId))) {
    return usageError(io, KEYS_GENERATE_HELP, '--app-id must be a non-empty id without spaces, quotes, "=" or "#".');
  }
  if (options.force === true && options.out === undefined) return usageError(io, KEYS_GENERATE_HELP, '--force only applies with --out.');
  if (options.env !== undefined && options.out === undefined) return usageError(io, KEYS_GENERATE_HELP, '--env only applies with --out.');
  if (options.env?.trim() === '') return usageError(io, KEYS_GENERATE_HELP, '--env needs a file name.');

  const keys = generateAlipaySandboxKeys({ appId, modulusLength, aesKeyBytes });

  if (options.out !== undefined) {
    const dir = resolve(options.out);
    const envFile = resolve(options.env ?? join(dir, '.env'));
    const failure = writeKeyFiles(dir, envFile, keys, options.force === true);
    if (failure !== undefined) {
      io.stderr(`phonekit keys generate: ${failure}\n`);
      return EXIT_CODES.usage;
    }
    io.stdout(`${SANDBOX_BANNER}${envLines(keys)}${usage(dir, envFile)}`);
    for (const path of [...KEY_FILES.map((f) => join(dir, f)), envFile]) {
      const root = unignoredIn(path);
      if (root !== undefined) {
        io.stderr(`phonekit keys generate: ${path} is in the git work tree ${root} but its .gitignore does not cover it: add it to .gitignore before you commit anything.\n`);
      }
    }
    return EXIT_CODES.ok;
  }

  io.stdout(
    `${SANDBOX_BANNER}${envLines(keys)}\n` +
      '# Private key (sandbox only): not saved anywhere, printed below. It stands in for\n' +
      "# Alipay's own private key and signs test payloads: keep it out of .env and off any server.\n" +
      '# Use --out DIR to write it to a file instead.\n' +
      keys.privateKeyPem,
  );
  return EXIT_CODES.ok;
};
