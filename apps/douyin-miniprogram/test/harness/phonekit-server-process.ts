// The real phonekit development app, in sandbox mode, as its own process
// (apps/dev src/main.ts under tsx), reached over real HTTP: it plays Douyin
// (controls at /sandbox/douyin) and reaches its fake Douyin in process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// (the global `require` is typed by @douyin-microapp/typings, without resolve)
const localRequire = createRequire(__filename);

export interface PhonekitServerProcess {
  readonly url: string;
  stop(): Promise<void>;
}

export interface PhonekitServerOptions {
  /**
   * The data dir (accounts in PGlite, the development data key) to run on,
   * kept when the process stops so that a second process can restart on it;
   * the caller removes it. Default: a fresh temporary one, removed on stop.
   */
  readonly dataDir?: string;
}

export async function startPhonekitServer(env: Record<string, string> = {}, options: PhonekitServerOptions = {}): Promise<PhonekitServerProcess> {
  const serverDir = dirname(localRequire.resolve('@phonekit/dev/package.json'));
  // Its own database: never the repository's .phonekit/data, never shared with another suite's process.
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'phonekit-douyin-miniprogram-test-'));
  const child = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
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
