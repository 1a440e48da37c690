import { runServer } from '@phonekit/express';
import { loadConfigOrExit } from './load-config-or-exit';

/**
 * The production server: real keys only, no sandbox, no simulator.
 * `pnpm build`, then `node apps/server/dist/main.js`: one node process a
 * process manager can signal directly (SIGTERM drains in-flight requests and
 * exits 0).
 */
void runServer(loadConfigOrExit());
