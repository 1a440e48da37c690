import cluster from 'node:cluster';
import { ConfigError, loadConfig, loadEnvFileAndSay, requireWechatStoreDataKey, userDir, type ServerConfig } from '@phonekit/express';
import { parse as parseEnvFile } from 'dotenv';

/**
 * For the process entry points: the validated configuration, or exit 1 with
 * the message naming the variable. The production server also refuses
 * REDIS_URL without PHONEKIT_DATA_KEY whatever NODE_ENV says (loadConfig does
 * only in production): the WeChat sessions it keeps in Redis are sealed under
 * that key, and a cluster primary refusing here forks no worker to fail.
 *
 * Relative paths resolve against the folder the user ran the command in
 * (pnpm's INIT_CWD, else cwd), where `.env` (or PHONEKIT_ENV_FILE) is read
 * into process.env first; a cluster worker has it already, from its primary.
 */
export function loadConfigOrExit(): ServerConfig {
  try {
    const baseDir = userDir();
    // dotenv parses only on a Node without process.loadEnvFile (before 20.12).
    if (!cluster.isWorker) loadEnvFileAndSay(baseDir, parseEnvFile);
    const config = loadConfig({ env: process.env, baseDir });
    requireWechatStoreDataKey(config);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`phonekit: configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
