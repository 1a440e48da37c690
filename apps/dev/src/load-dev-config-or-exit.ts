import cluster from 'node:cluster';
import { ConfigError, loadEnvFileAndSay, userDir } from '@phonekit/express';
import { loadDevConfig, type DevConfig } from './dev-config';
import { parse as parseEnvFile } from 'dotenv';

/**
 * For the process entry points: the configuration, or exit 1 with the message
 * naming the variable. Relative paths resolve against the folder the user ran
 * the command in (pnpm's INIT_CWD, else cwd), where `.env` (or
 * PHONEKIT_ENV_FILE) is read first; a cluster worker has it in its
 * environment already, from its primary.
 */
export function loadDevConfigOrExit(): DevConfig {
  try {
    const baseDir = userDir();
    // dotenv parses only on a Node without process.loadEnvFile (before 20.12).
    if (!cluster.isWorker) loadEnvFileAndSay(baseDir, parseEnvFile);
    return loadDevConfig({ baseDir });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`phonekit: configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
