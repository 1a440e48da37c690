// Faults a real deployment meets: too many requests from one client, clients
// that dribble their body or vanish mid-request. Everything runs over real
// sockets on 127.0.0.1 (the SIGTERM test is the production server's:
// apps/server/test/shutdown.test.ts).
import { connect, type Socket } from 'node:net';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { startServer, type RunningServer } from '../src/start-server';
import { configFromEnv, envForKeys, expectErrorEnvelope, expectPhoneBody, silentLogger } from './support/server-fixtures';

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

function openConnections(server: RunningServer): Promise<number> {
  return new Promise((resolveCount, reject) => server.server.getConnections((err, count) => (err ? reject(err) : resolveCount(count))));
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

describe('POST /api/alipay/phone-number', () => {
  describe('with RATE_LIMIT_PER_MINUTE=5', () => {
    let server: RunningServer;

    beforeAll(async () => {
      server = await startServer(configFromEnv({ ...envForKeys(keys), RATE_LIMIT_PER_MINUTE: '5', HOST: '127.0.0.1' }), { port: 0, logger: silentLogger() });
    });

    afterAll(async () => {
      await server.close();
    });

    it('answers the first five requests from a client and the sixth 429 RATE_LIMITED with Retry-After', async () => {
      const body = buildAlipayPhoneResponse(keys, 'success', { mobile: '13900001111' });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${server.url}${ROUTE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        statuses.push(res.status);
        expect(expectPhoneBody(await res.json()).mobile).toBe('13900001111');
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const sixth = await fetch(`${server.url}${ROUTE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(sixth.status).toBe(429);
      const retryAfter = Number(sixth.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const error = expectErrorEnvelope(await sixth.json(), 'RATE_LIMITED');
      expect(error.retryable).toBe(true);
    });

    it('keeps counting garbage too: a seventh request, even malformed, is 429', async () => {
      const res = await fetch(`${server.url}${ROUTE}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'garbage' });
      expect(res.status).toBe(429);
      expectErrorEnvelope(await res.json(), 'RATE_LIMITED');
    });

    it('does not limit GET /healthz, so a load balancer can keep checking', async () => {
      for (let i = 0; i < 8; i++) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });
  });

  describe('with a client that sends its body slowly (REQUEST_TIMEOUT_MS=1000)', () => {
    let server: RunningServer;

    beforeAll(async () => {
      server = await startServer(configFromEnv({ ...envForKeys(keys), RATE_LIMIT_PER_MINUTE: '0', REQUEST_TIMEOUT_MS: '1000', HOST: '127.0.0.1' }), {
        port: 0,
        logger: silentLogger(),
      });
    });

    afterAll(async () => {
      await server.close();
    });

    it('answers 408 soon after the timeout while other requests are served meanwhile', async () => {
      const body = buildAlipayPhoneResponse(keys, 'success');
      const slow = rawRequest(server.port, body, 1);
      const started = Date.now();
      // One more byte every 100 ms: it would take over a minute to finish.
      let sent = 1;
      const drip = setInterval(() => {
        if (!slow.socket.destroyed && sent < body.length - 1) slow.socket.write(body.charAt(sent++));
      }, 100);
      try {
        const others: number[] = [];
        for (let i = 0; i < 5; i++) {
          const res = await fetch(`${server.url}${ROUTE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          others.push(res.status);
          await res.arrayBuffer();
          await sleep(100);
        }
        expect(others).toEqual([200, 200, 200, 200, 200]);
        const answer = await slow.answer;
        const elapsed = Date.now() - started;
        expect(answer.status).toBe(408);
        expect(elapsed).toBeGreaterThanOrEqual(900);
        expect(elapsed).toBeLessThan(3_000);
      } finally {
        clearInterval(drip);
        slow.socket.destroy();
      }
    });

    it('answers 408 to a client that sends its headers slowly too', async () => {
      const socket = connect(server.port, '127.0.0.1');
      const closed = new Promise<string>((resolveClosed) => {
        let received = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (received += chunk));
        socket.on('close', () => resolveClosed(received));
        socket.on('error', () => undefined);
      });
      const header = `POST ${ROUTE} HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(200)}`;
      let sent = 0;
      const drip = setInterval(() => {
        if (!socket.destroyed && sent < header.length) socket.write(header.charAt(sent++));
      }, 20);
      const started = Date.now();
      try {
        expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
        expect(Date.now() - started).toBeLessThan(3_000);
      } finally {
        clearInterval(drip);
        socket.destroy();
      }
    });

    it('leaves no connection open after the slow clients are gone', async () => {
      expect(await eventually(() => openConnections(server), (n) => n === 0, 5_000)).toBe(0);
    });
  });

  describe('with clients that disconnect mid-request', () => {
    let server: RunningServer;

    beforeAll(async () => {
      server = await startServer(configFromEnv({ ...envForKeys(keys), RATE_LIMIT_PER_MINUTE: '0', HOST: '127.0.0.1' }), { port: 0, logger: silentLogger() });
    });

    afterAll(async () => {
      await server.close();
    });

    it('keeps no socket of theirs open and keeps answering', async () => {
      const body = buildAlipayPhoneResponse(keys, 'success', { mobile: '13700002222' });
      const baseline = await openConnections(server);
      expect(baseline).toBe(0);
      // 60 clients: half a body, then gone; headers only, then gone; a whole request, then gone before the answer.
      const clients = Array.from({ length: 60 }, (_, i) => {
        const firstPart = i % 3 === 0 ? Math.floor(body.length / 2) : i % 3 === 1 ? 0 : body.length;
        return rawRequest(server.port, body, firstPart);
      });
      await eventually(() => openConnections(server), (n) => n >= 40, 3_000);
      for (const client of clients) client.socket.destroy();
      expect(await eventually(() => openConnections(server), (n) => n === 0, 5_000)).toBe(0);

      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      const res = await fetch(`${server.url}${ROUTE}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
      expect(expectPhoneBody(await res.json()).mobile).toBe('13700002222');
    });

    it('survives a client that resets the connection right after sending the whole request, many times', async () => {
      const body = buildAlipayPhoneResponse(keys, 'success');
      for (let round = 0; round < 5; round++) {
        const clients = Array.from({ length: 20 }, () => rawRequest(server.port, body, body.length));
        await sleep(5);
        for (const client of clients) client.socket.resetAndDestroy();
      }
      expect(await eventually(() => openConnections(server), (n) => n === 0, 5_000)).toBe(0);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });
  });
});

/** A free loopback port for the server process (main.ts listens on config.port). */
