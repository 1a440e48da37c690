import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PhonekitProcess {
  readonly url: string;
  stop(): Promise<void>;
}

export interface StartPhonekitProcessOptions {
  /** The app's folder (e.g. apps/dev, found with `require.resolve('@phonekit/dev/package.json')`): the process runs `src/main.ts` there under tsx. */
  readonly cwd: string;
  /** Extra environment, over NODE_ENV=test, LOG_LEVEL=info, PORT=0, HOST=127.0.0.1, RATE_LIMIT_PER_MINUTE=0. */
  readonly env?: Record<string, string>;
  /**
   * The data dir (accounts in PGlite, the development data key, the sandbox
   * identity) to run on, kept when the process stops so that a second
   * process can restart on it; the caller removes it. Default: a fresh
   * temporary one, removed on stop.
   */
  readonly dataDir?: string;
  /** The prefix of the temporary data dir's name. */
  readonly tmpPrefix?: string;
}

/**
 * A phonekit app (the development app, in sandbox mode unless the env gives
 * keys) as its own process, reached over real HTTP as the IDEs reach it:
 * spawned, never imported (a test never imports an app). Resolves once it
 * logs "phonekit listening", with its URL on 127.0.0.1.
 */
export async function startPhonekitProcess(options: StartPhonekitProcessOptions): Promise<PhonekitProcess> {
  // Its own database: never the repository's .phonekit/data, never shared with another suite's process.
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), options.tmpPrefix ?? 'phonekit-process-'));
  const child = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'src/main.ts'], {
    cwd: options.cwd,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '0',
      PHONEKIT_DATA_DIR: dataDir,
      ...options.env,
    },
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
