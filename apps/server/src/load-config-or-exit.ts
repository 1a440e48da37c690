import { ConfigError, loadConfig, type ServerConfig } from '@phonekit/express';

/** For the process entry points: the validated configuration, or exit 1 with the message naming the variable. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): ServerConfig {
  try {
    return loadConfig({ env });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`phonekit: configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
