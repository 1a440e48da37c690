// SIGTERM while clients are still sending their requests, to a real process
// (runServer, as apps/server's main.ts runs it): node stops checking its
// request timeouts once the server stops listening, so the server keeps the
// deadlines itself, and the shutdown grace (SHUTDOWN_GRACE_MS, by default 5 s
// more than REQUEST_TIMEOUT_MS) outlasts them. Every client gets an answer
// (the one that finishes sending: its phone; the ones that stop half-way:
// 408 in the envelope) and the process exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys, type AlipaySandboxKeys } from '@phonekit/sandbox';
import { partialPost, rawExchange } from './support/raw-http';
import { expectErrorEnvelope, expectPhoneBody } from './support/server-fixtures';

jest.setTimeout(60_000);

const PACKAGE_DIR = resolve(__dirname, '..');
const ROUTE = '/api/alipay/phone-number';

let keys: AlipaySandboxKeys;

beforeAll(() => {
  keys = generateAlipaySandboxKeys();
});

interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<number | null>;
  output(): string;
}

/** Starts test/support/run-server-process.ts with `env` and resolves once it logs that it listens. */
function startProcess(env: Record<string, string>): Promise<ServerProcess> {
  return new Promise((resolveStarted, reject) => {
    const child = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'test/support/run-server-process.ts'], {
      cwd: PACKAGE_DIR,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', RATE_LIMIT_PER_MINUTE: '0', ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    void exited.then((code) => {
      clearTimeout(killer);
      reject(new Error(`the server process exited with ${String(code)} before listening:\n${output.slice(-2000)}`));
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const found = /"url":"http:\/\/localhost:(\d+)"[^\n]*"msg":"phonekit listening"/.exec(output);
      if (found?.[1] !== undefined) resolveStarted({ child, port: Number(found[1]), exited, output: () => output });
    });
  });
}

describe('SIGTERM with clients still sending (REQUEST_TIMEOUT_MS=1000, the default grace)', () => {
  it('answers every client, the slow ones 408 in the envelope, and exits 0', async () => {
    const server = await startProcess({ REQUEST_TIMEOUT_MS: '1000' });
    const body = buildAlipayPhoneResponse(keys, 'success', { mobile: '13800000007' });
    const half = Math.floor(body.length / 2);
    // One that will finish sending, one whose body stops half-way, one whose headers stop half-way.
    const finishing = partialPost(server.port, ROUTE, body, half);
    const stalledBody = partialPost(server.port, ROUTE, body, half);
    const stalledHeaders = rawExchange(server.port, `POST ${ROUTE} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ab`);
    try {
      // Give the server a moment to accept the three and read what they sent.
      await new Promise((r) => setTimeout(r, 300));
      server.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      finishing.send(finishing.rest);

      const answer = await finishing.answer;
      expect(answer.status).toBe(200);
      expect(expectPhoneBody(JSON.parse(answer.body)).mobile).toBe('13800000007');
      expect(answer.headers['connection']).toBe('close');
      for (const stalled of [stalledBody, stalledHeaders]) {
        const late = await stalled.answer;
        expect(late.status).toBe(408);
        expectErrorEnvelope(JSON.parse(late.body), 'REQUEST_TIMEOUT');
        expect(late.headers['x-request-id']).toMatch(/^[\w-]+$/);
      }
      const code = await server.exited;
      expect({ code, output: code === 0 ? '' : server.output().slice(-2000) }).toEqual({ code: 0, output: '' });
      expect(server.output()).toContain('"msg":"stopped"');
    } finally {
      for (const exchange of [finishing, stalledBody, stalledHeaders]) exchange.socket.destroy();
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  });
});

describe('SHUTDOWN_GRACE_MS not longer than REQUEST_TIMEOUT_MS', () => {
  it('stops the start with a message naming both and the fix', async () => {
    await expect(startProcess({ REQUEST_TIMEOUT_MS: '10000', SHUTDOWN_GRACE_MS: '10000' })).rejects.toThrow(
      /SHUTDOWN_GRACE_MS: is 10000 ms, not longer than REQUEST_TIMEOUT_MS \(10000 ms\).*like 15000/,
    );
  });
});
