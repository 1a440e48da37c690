// scripts/minidev.cjs (`pnpm dev`, `pnpm preview`, `pnpm build:minidev`)
// against a stand-in `minidev` on PATH: minidev is Alipay's tool, the edge we
// do not own, and the real one needs Alipay's CDN. The stand-in replays what
// minidev 2.x prints offline (captured from a real run).
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const WRAPPER = resolve(__dirname, '..', 'scripts', 'minidev.cjs');

/** minidev 2.2 `dev` with no network, stderr as printed; it then exits 0. */
const OFFLINE_STDERR = [
  "[bailingual-sdk-glue] default locale zh-CN is not exist in new data, can't update data.",
  '- 正在下载构建器（版本：linux cubebuild@0.100.12): [                    ] 0%',
  'GotError [RequestError]: getaddrinfo ENOTFOUND mdn.alipayobjects.com',
  '    at ClientRequest.<anonymous> (/repo/node_modules/.pnpm/got@8.3.2/node_modules/got/index.js:182:22)',
  '    at Object.onceWrapper (node:events:639:26)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:82:21) {',
  "  code: 'ENOTFOUND',",
  "  host: 'mdn.alipayobjects.com',",
  "  url: 'https://mdn.alipayobjects.com/mini_assets/uri/file/as/builder-v0.100.12-linux-x64.tgz'",
  '}',
  '',
].join('\n');
const OFFLINE_STDOUT = "[bailingual-sdk-glue] locales in local data 'en-US,zh-CN' is different from cdn data ''\n\n\n";

interface Behaviour {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly code: number;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The arguments the stand-in minidev received. */
  readonly argv: readonly string[];
}

let bin: string;

beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'phonekit-minidev-'));
});

afterEach(() => {
  rmSync(bin, { recursive: true, force: true });
});

/** Puts a `minidev` on PATH that prints `behaviour` and exits with its code, then runs the wrapper. */
function runWrapper(args: readonly string[], behaviour: Behaviour | 'absent'): Promise<Run> {
  const argvFile = join(bin, 'argv.json');
  if (behaviour !== 'absent') {
    const script = join(bin, 'minidev');
    writeFileSync(
      script,
      [
        '#!/usr/bin/env node',
        `require('node:fs').writeFileSync(${JSON.stringify(argvFile)}, JSON.stringify(process.argv.slice(2)));`,
        `process.stdout.write(${JSON.stringify(behaviour.stdout ?? '')});`,
        `process.stderr.write(${JSON.stringify(behaviour.stderr ?? '')});`,
        `process.exitCode = ${behaviour.code};`,
      ].join('\n'),
    );
    chmodSync(script, 0o755);
  }
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [WRAPPER, ...args], {
      env: { PATH: `${bin}:${dirname(process.execPath)}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      let argv: readonly string[] = [];
      try {
        argv = JSON.parse(readFileSync(argvFile, 'utf8')) as string[];
      } catch {
        // the stand-in never ran
      }
      resolveRun({ code, stdout, stderr, argv });
    });
  });
}

describe('scripts/minidev.cjs', () => {
  describe('when minidev cannot download its builder (offline)', () => {
    it('dev prints one clear message and exits 1, although minidev itself exits 0', async () => {
      const run = await runWrapper(['dev'], { stdout: OFFLINE_STDOUT, stderr: OFFLINE_STDERR, code: 0 });
      expect(run.argv).toEqual(['dev']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("minidev: could not download its builder from Alipay's CDN (getaddrinfo ENOTFOUND mdn.alipayobjects.com).");
      expect(run.stderr).toContain('npx -y pnpm@10 start');
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stderr).not.toContain('GotError');
    });

    it('build exits 1 with the same message when minidev exits 255', async () => {
      const run = await runWrapper(['build'], { stdout: OFFLINE_STDOUT, stderr: OFFLINE_STDERR, code: 255 });
      expect(run.argv).toEqual(['build']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('could not download its builder');
      expect(run.stderr).not.toMatch(/^\s+at /m);
    });
  });

  describe('when minidev succeeds', () => {
    it('passes its output and arguments through and exits 0', async () => {
      const run = await runWrapper(['preview', '--app-id', '2021000000000000'], { stdout: 'compiled 12 files\nscan the QR code\n', code: 0 });
      expect(run.argv).toEqual(['preview', '--app-id', '2021000000000000']);
      expect(run).toMatchObject({ code: 0, stdout: 'compiled 12 files\nscan the QR code\n', stderr: '' });
    });
  });

  describe('when minidev fails for another reason', () => {
    it('keeps its error and stack trace and its exit code', async () => {
      const stderr = 'Error: app.json not found in src\n    at build (/repo/node_modules/minidev/lib/build.js:10:5)\n';
      const run = await runWrapper(['build'], { stderr, code: 2 });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(stderr);
    });

    it('treats an error printed before exit 0 as a failure, showing the error', async () => {
      const stderr = 'TypeError: Cannot read properties of undefined\n    at start (/repo/node_modules/minidev/lib/dev.js:3:1)\n';
      const run = await runWrapper(['dev'], { stderr, code: 0 });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(stderr);
      expect(run.stderr).toContain('treating that as a failure');
    });

    it('shows output printed after an error block as it comes, in order', async () => {
      const stderr = 'Error: a retried download\n    at get (x.js:1:1)\n\nretried: builder ready\n';
      const run = await runWrapper(['dev'], { stderr, code: 0 });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe(stderr);
    });
  });

  describe('when minidev is not installed', () => {
    it('says how to install and run it, and exits 1', async () => {
      const run = await runWrapper(['dev'], 'absent');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^minidev: not found\. Run `npx -y pnpm@10 install`/);
    });
  });
});
