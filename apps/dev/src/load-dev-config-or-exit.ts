import { ConfigError } from '@phonekit/express';
import { loadDevConfig, type DevConfig } from './dev-config';

/** For the process entry points: the configuration, or exit 1 with the message naming the variable. */
export function loadDevConfigOrExit(): DevConfig {
  try {
    return loadDevConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`phonekit: configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
