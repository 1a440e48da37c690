#!/usr/bin/env node
'use strict';
// `pnpm dev`, `pnpm preview`, `pnpm build:minidev`: runs `minidev <args>`,
// passing its output through. minidev downloads its builder from Alipay's CDN
// the first time it runs (the install never does, see pnpm-workspace.yaml);
// offline it prints a stack trace, and `minidev dev` then exits 0 as if it had
// started. This turns that into one clear message and exit 1. Any other error
// minidev prints keeps its trace; exit codes pass through.
const { spawn } = require('node:child_process');

const NETWORK_ERROR = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up)\b/;
/** The first line of an error minidev prints: `Error: ...`, `GotError [RequestError]: getaddrinfo ...`. */
const ERROR_START = /^\s*\w*Error\b[^:]*:/;
/** What follows it: stack frames, the error's own fields, closing braces, blank lines. */
const ERROR_REST = /^\s+\S|^\}|^\s*$/;

const OFFLINE_MESSAGE = (cause) =>
  [
    `minidev: could not download its builder from Alipay's CDN (${cause}).`,
    '  minidev needs the network the first time it runs: `pnpm install` does not fetch its assets.',
    '  Offline, run the mini-program in the browser simulator instead: `npx -y pnpm@10 start` (repository root);',
    '  `npx -y pnpm@10 build` type-checks it and `npx -y pnpm@10 test` runs its page tests, all without minidev.',
    '  minidev 无法从支付宝 CDN 下载构建器（需要联网）。离线时请在仓库根目录运行 `npx -y pnpm@10 start`，用浏览器模拟器运行小程序。',
    '',
  ].join('\n');

/**
 * Copies one of minidev's output streams line by line, holding back error
 * blocks until it is known whether they are the offline failure. Returns
 * what it held (for the exit decision) and a flush for the end.
 */
function relay(source, sink) {
  const blocks = [];
  let held;
  let partial = '';
  const release = () => {
    if (held !== undefined) sink.write(held.join(''));
    held = undefined;
  };
  const line = (text) => {
    if (held !== undefined && ERROR_REST.test(text)) {
      held.push(text);
      return;
    }
    // Ordinary output after an error block: minidev carried on, so show it all.
    if (held !== undefined) release();
    if (ERROR_START.test(text)) {
      held = [text];
      blocks.push(held);
      return;
    }
    sink.write(text);
  };
  source.setEncoding('utf8');
  source.on('data', (chunk) => {
    const lines = (partial + chunk).split(/(?<=\n)/);
    partial = lines.at(-1)?.endsWith('\n') === true ? '' : (lines.pop() ?? '');
    lines.forEach(line);
  });
  return {
    end() {
      if (partial !== '') line(partial);
      partial = '';
    },
    /** The first held error line that names a network failure. */
    networkError() {
      for (const block of blocks) {
        const text = block.join('');
        if (NETWORK_ERROR.test(text)) return (block[0] ?? '').trim();
      }
      return undefined;
    },
    holding: () => held !== undefined,
    release,
  };
}

/** Runs `minidev <args>` and resolves to the exit code this script should end with. */
function runMinidev(args, { stdout = process.stdout, stderr = process.stderr } = {}) {
  return new Promise((resolveCode) => {
    const child = spawn('minidev', args, { stdio: ['inherit', 'pipe', 'pipe'] });
    const out = relay(child.stdout, stdout);
    const err = relay(child.stderr, stderr);
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('error', (error) => {
      if (error.code === 'ENOENT') {
        stderr.write('minidev: not found. Run `npx -y pnpm@10 install`, then this script through pnpm (`npx -y pnpm@10 dev`), which puts node_modules/.bin on PATH.\n');
      } else {
        stderr.write(`minidev: could not start it: ${error.message}\n`);
      }
      resolveCode(1);
    });
    child.on('close', (code) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      out.end();
      err.end();
      const cause = err.networkError() ?? out.networkError();
      if (cause !== undefined) {
        stderr.write(OFFLINE_MESSAGE(cause.replace(/^\w*Error( \[\w+\])?: /, '')));
        resolveCode(1);
        return;
      }
      const errored = out.holding() || err.holding();
      out.release();
      err.release();
      if (code === 0 && errored) {
        stderr.write('minidev: it printed the error above but exited 0; treating that as a failure.\n');
        resolveCode(1);
        return;
      }
      resolveCode(code ?? 1);
    });
  });
}

module.exports = { runMinidev };

if (require.main === module) {
  void runMinidev(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
