// SIGTERM with requests in flight, to the production server started the
// documented way (`node dist/main.js`, one node process a process manager
// signals directly): in-flight requests finish with 200, new connections are
// refused, and the process exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer as createNetServer, type Socket } from 'node:net';
import { resolve } from 'node:path';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { expectPhoneBody } from './support/phone-body';

const SERVER_DIR = resolve(__dirname, '..');

const ROUTE = '/api/alipay/phone-number';

let keys: AlipaySandboxKeys;

beforeAll(() => {
  keys = generateAlipaySandboxKeys();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 50 ms until it holds or `timeoutMs` passes; returns the last value. */
async function eventually<T>(read: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await sleep(50);
    value = await read();
  }
  return value;
}

interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Parses one HTTP/1.1 response from `text` once it is complete (by Content-Length), else undefined. */
function parseResponse(text: string): RawResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const [statusLine = '', ...headerLines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine.split(' ')[1]);
  const length = headers['content-length'];
  const bodyBytes = Buffer.from(text.slice(end + 4), 'utf8');
  if (length !== undefined && bodyBytes.length < Number(length)) return undefined;
  return { status, headers, body: length === undefined ? '' : bodyBytes.subarray(0, Number(length)).toString('utf8') };
}

/**
 * A client on a raw socket: sends the request line, headers and the first
 * `firstPart` bytes of `body`, and hands back a way to send the rest and to
 * read the answer. For requests in flight, slow bodies and vanishing clients.
 */
function rawRequest(port: number, body: string, firstPart: number): { socket: Socket; sendRest: () => void; answer: Promise<RawResponse> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  const answer = new Promise<RawResponse>((resolveAnswer, reject) => {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const parsed = parseResponse(received);
      if (parsed !== undefined) resolveAnswer(parsed);
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const parsed = parseResponse(received);
      if (parsed !== undefined) resolveAnswer(parsed);
      else reject(new Error(`the connection closed without a complete answer: ${JSON.stringify(received.slice(0, 200))}`));
    });
  });
  // Handled by whoever awaits it; never an unhandled rejection in between.
  answer.catch(() => undefined);
  const bytes = Buffer.from(body, 'utf8');
  socket.write(
    `POST ${ROUTE} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\nConnection: keep-alive\r\n\r\n`,
  );
  socket.write(bytes.subarray(0, firstPart));
  return { socket, sendRest: () => socket.write(bytes.subarray(firstPart)), answer };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** Whether a new TCP connection to the port is refused. */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolveRefused) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveRefused(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolveRefused(err.code === 'ECONNREFUSED'));
  });
}

describe('the built server process (node dist/main.js) on SIGTERM', () => {
  let child: ChildProcess | undefined;
  let port: number;
  let exited: Promise<number | null>;
  let output = '';

  beforeAll(async () => {
    port = await freePort();
    child = spawn(process.execPath, ['dist/main.js'], {
      cwd: SERVER_DIR,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        RATE_LIMIT_PER_MINUTE: '0',
        ALIPAY_PUBLIC_KEY: keys.publicKeyBase64,
        ALIPAY_AES_KEY: keys.aesKeyBase64,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const proc = child;
    exited = new Promise((resolveExit) => proc.once('exit', (code) => resolveExit(code)));
    const ready = await eventually(
      async () => {
        try {
          return (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) })).status;
        } catch {
          return 0;
        }
      },
      (status) => status === 200 || proc.exitCode !== null,
      30_000,
    );
    if (ready !== 200) throw new Error(`the server process did not start:\n${output.slice(-2000)}`);
  }, 40_000);

  afterAll(() => {
    if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
  });

  it('finishes the requests in flight with 200, refuses new connections, and exits 0', async () => {
    const proc = child;
    if (proc === undefined) throw new Error('no server process');
    const mobiles = ['13800000001', '13800000002', '13800000003', '13800000004', '13800000005'];
    // Five requests in flight: headers and half the body sent, the rest held back.
    const inFlight = mobiles.map((mobile) => {
      const body = buildAlipayPhoneResponse(keys, 'success', { mobile });
      return { mobile, request: rawRequest(port, body, Math.floor(body.length / 2)) };
    });
    await sleep(300);

    proc.kill('SIGTERM');
    // The listening socket closes at once: new connections are refused.
    expect(await eventually(() => connectionRefused(port), (refused) => refused, 3_000)).toBe(true);
    expect(proc.exitCode).toBeNull();

    // The requests in flight finish and are answered in full.
    for (const { request } of inFlight) request.sendRest();
    const answers = await Promise.all(inFlight.map(({ request }) => request.answer));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => expectPhoneBody(JSON.parse(a.body)).mobile)).toEqual(mobiles);

    // Answered with "Connection: close": keep-alive clients let go, so the server need not wait for them.
    expect(answers.map((a) => a.headers['connection'])).toEqual(['close', 'close', 'close', 'close', 'close']);

    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<string>((r) => (timer = setTimeout(() => r('still running'), 12_000)))]);
    clearTimeout(timer);
    expect({ code, output: code === 0 ? '' : output.slice(-2000) }).toEqual({ code: 0, output: '' });
    // Well inside the shutdown grace (SHUTDOWN_GRACE_MS, 15 s by default) and the 5 s keep-alive timeout: nothing was left waiting.
    expect(Date.now() - started).toBeLessThan(3_000);
    for (const { request } of inFlight) request.socket.destroy();
  }, 30_000);
});

