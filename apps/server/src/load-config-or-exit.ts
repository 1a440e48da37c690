import { ConfigError, loadConfig, type ServerConfig } from './config';
import { generateSandboxState } from './sandbox-state';

/** For the process entry points: the validated configuration, or exit 1 with the message naming the variable. */
export function loadConfigOrExit(): ServerConfig {
  try {
    return loadConfig({ generateSandbox: generateSandboxState });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`phonekit: configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
