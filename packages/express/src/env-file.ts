// The env file and the user's folder, for the entry points of the development app and the production server.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from './config';

/** Parses env-file text into NAME=value pairs (dotenv's `parse`, for Node before 20.12, which has no process.loadEnvFile). */
export type EnvFileParser = (text: Buffer) => Record<string, string>;

/**
 * The folder the user ran the command in, which relative paths of the
 * configuration resolve against: pnpm runs `pnpm start` in apps/dev and puts
 * the user's folder in INIT_CWD; used when it is an existing absolute
 * directory, else the process's cwd (`node apps/server/dist/main.js`).
 */
export function userDir(env: Record<string, string | undefined> = process.env): string {
  const init = env['INIT_CWD'] ?? '';
  if (init !== '' && isAbsolute(init) && isDirectory(init)) return init;
  return process.cwd();
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The `NAME=value` pairs of an env file: node's own parser (Node 20.12+), else the fallback given (dotenv's). */
function readEnvFile(file: string, fallback: EnvFileParser | undefined): Record<string, string> {
  if (typeof process.loadEnvFile === 'function') {
    // process.loadEnvFile writes into process.env: read it into an empty one and put the real one back.
    const real = process.env;
    const scratch: NodeJS.ProcessEnv = {};
    process.env = scratch;
    try {
      process.loadEnvFile(file);
    } finally {
      process.env = real;
    }
    return Object.fromEntries(Object.entries(scratch).filter((entry): entry is [string, string] => entry[1] !== undefined));
  }
  if (fallback === undefined) throw new Error('this Node has no process.loadEnvFile and no fallback parser was given');
  return fallback(readFileSync(file));
}

/**
 * Reads `PHONEKIT_ENV_FILE` (relative to `dir`) when set, else `<dir>/.env`
 * when there is one, into `env`: a variable already set (the real
 * environment) keeps its value. Returns the file read, or undefined when
 * there was none. A PHONEKIT_ENV_FILE that is not a readable file is a
 * ConfigError naming the absolute path tried; values are never echoed.
 */
export function loadEnvFile(dir: string, env: Record<string, string | undefined> = process.env, fallback?: EnvFileParser): string | undefined {
  const named = (env['PHONEKIT_ENV_FILE'] ?? '').trim();
  const file = resolve(dir, named === '' ? '.env' : named);
  if (named === '' && !isFile(file)) return undefined;
  if (!isFile(file)) {
    throw new ConfigError('PHONEKIT_ENV_FILE', `there is no file at "${named.slice(0, 200)}" (looked for ${file.slice(0, 300)}). Name the env file to read (NAME=value lines), or unset PHONEKIT_ENV_FILE.`);
  }
  let values: Record<string, string>;
  try {
    values = readEnvFile(file, fallback);
  } catch {
    throw new ConfigError(named === '' ? '.env' : 'PHONEKIT_ENV_FILE', `the file ${file.slice(0, 300)} cannot be read as an env file (NAME=value lines).`);
  }
  for (const [name, value] of Object.entries(values)) {
    if (env[name] === undefined) env[name] = value;
  }
  return file;
}

/** For the entry points: loads the env file into process.env and says which one on stderr (never its values). */
export function loadEnvFileAndSay(dir: string, fallback?: EnvFileParser): void {
  const file = loadEnvFile(dir, process.env, fallback);
  if (file !== undefined) process.stderr.write(`phonekit: read ${file} (variables already set in the environment keep their values)\n`);
}
