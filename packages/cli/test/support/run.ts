import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliEnv } from '../../src/lib/env';
import { main } from '../../src/main';

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a phonekit command line in-process, through main(), with the given stdin and env. */
export async function runPhonekit(argv: readonly string[], options: { stdin?: string | Promise<string>; env?: CliEnv } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdin: options.stdin ?? '',
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

export const PACKAGE_DIR = join(__dirname, '..', '..');
export const REPO_ROOT = join(PACKAGE_DIR, '..', '..');
export const BIN = join(PACKAGE_DIR, 'bin', 'phonekit.cjs');

/** The environment without anything phonekit reads, so spawned runs depend only on what a test passes. */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // Also what a package manager sets for the scripts it runs (npm_config_*, INIT_CWD...): under
    // `pnpm test` they would reach the npx/pnpm these tests start, which a user's shell never does.
    if (!/^(ALIPAY_|PHONEKIT_|WECHAT_|DATABASE_URL$|npm_|NPM_|PNPM_|INIT_CWD$)/.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Spawns a real process: `node bin/phonekit.cjs ...` unless another command is given. */
export function spawnPhonekit(
  args: readonly string[],
  options: { input?: string; env?: Readonly<Record<string, string>>; command?: string; cwd?: string; timeoutMs?: number } = {},
): RunResult {
  const [command, commandArgs] = options.command === undefined ? [process.execPath, [BIN, ...args]] : [options.command, [...args]];
  const result = spawnSync(command, commandArgs, {
    input: options.input ?? '',
    encoding: 'utf8',
    env: cleanEnv(options.env),
    cwd: options.cwd ?? PACKAGE_DIR,
    timeout: options.timeoutMs ?? 20_000,
  });
  if (result.error !== undefined) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary directory, removed by the returned function. */
export function makeTempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `phonekit-cli-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Parses stdout, failing the test unless it is exactly one JSON object
 * (JSON.parse refuses trailing text). `T` is what the command promises to print.
 */
export function parseOneJson<T = Record<string, unknown>>(stdout: string): T {
  const value: unknown = JSON.parse(stdout);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('stdout is not one JSON object');
  return value as T;
}
