// A process entry point as apps/server's main.ts is, without accounts: the
// configuration from the environment, then runServer (SIGTERM drains and
// exits). Run by tests with `node --conditions=@phonekit/source --import tsx`.
import { ConfigError, loadConfig } from '../../src/config';
import { runServer } from '../../src/run-server';

try {
  void runServer(loadConfig());
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`phonekit: configuration error: ${err.message}\n`);
  process.exit(1);
}
