// The production server as its own OS process (`node dist/main.js`, built by
// the jest globalSetup), the way an operator runs several behind a load balancer.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface ServerProcess {
  readonly url: string;
  /** SIGTERM, then waits for the graceful exit (which closes the WeChat store). */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash: nothing is closed or flushed), then waits for the process to be gone; resolves to the signal. */
  kill(): Promise<string | null>;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
}

const SERVER_DIR = resolve(__dirname, '..', '..');

/** `entry`: dist/main.js (one process), or dist/cluster.js (a primary and WEB_CONCURRENCY workers). */
export async function spawnServerProcess(env: Record<string, string>, entry = 'dist/main.js'): Promise<ServerProcess> {
  const child = spawn(process.execPath, [entry], {
    cwd: SERVER_DIR,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const killed = new Promise<string | null>((resolveExit) => child.once('exit', (_code, signal) => resolveExit(signal)));
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    // A first start on a fresh PGlite data dir runs initdb in WASM: seconds on a busy machine.
    const timer = setTimeout(() => reject(new Error(`server process did not start within 60 s:\n${output.slice(-2000)}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      for (const line of output.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (entry['msg'] === 'phonekit listening' && typeof entry['url'] === 'string') {
            clearTimeout(timer);
            resolveUrl(entry['url'].replace('localhost', '127.0.0.1'));
            return;
          }
        } catch {
          // a partial line: wait for the rest
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return killed;
    },
  };
}
