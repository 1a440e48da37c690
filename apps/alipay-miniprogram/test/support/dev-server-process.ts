// The real phonekit development app, in sandbox mode, as its own process
// (apps/dev src/main.ts under tsx), reached over real HTTP like the IDE
// reaches it. Spawned, not imported: a test never imports an app.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface DevServerProcess {
  readonly url: string;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  /**
   * The data dir (accounts, data key, sandbox identity) to run on, kept when
   * the process stops, so a second process can restart on it. Default: a
   * fresh temporary one, removed on stop.
   */
  readonly dataDir?: string;
}

/** Starts `apps/dev` on a free port and resolves once it logs "phonekit listening". */
export async function startDevServerProcess(env: Record<string, string> = {}, options: DevServerOptions = {}): Promise<DevServerProcess> {
  const devDir = dirname(require.resolve('@phonekit/dev/package.json'));
  // Its own database: never the repository's .phonekit/data, never shared with another suite's process.
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'phonekit-miniprogram-test-'));
  const child = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'src/main.ts'], {
    cwd: devDir,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0', PHONEKIT_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`phonekit did not start within 60 s (a loaded machine starts it slowly):\n${output.slice(-2000)}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"phonekit listening"/.exec(output);
      if (found?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(found[1].replace('localhost', '127.0.0.1'));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`phonekit exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A local URL nothing listens on (a port taken and released at once). */
export async function unusedLocalUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
