// Issue 12, point 9: a request whose client closes the connection before
// the answer leaves a log line too ("request aborted", aborted: true, with
// its request id, method and path), at info, never with the body.
import { connect } from 'node:net';
import type { RequestHandler } from 'express';
import { generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { startServer, type RunningServer } from '../src/start-server';
import { captureLogger, configFromEnv, envForKeys } from './support/server-fixtures';
import { partialPost } from './support/raw-http';

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly reqId?: string;
  readonly method?: string;
  readonly path?: string;
  readonly aborted?: boolean;
  readonly status?: number;
}

let server: RunningServer;
let logs: ReturnType<typeof captureLogger>;
/** Resolves when the slow route has the request (so the client closes while the server works on it). */
let routeHasRequest: () => void = () => undefined;

// A route that never answers: a slow upstream call, as the client sees it before it gives up.
const slow: RequestHandler = () => {
  routeHasRequest();
};

beforeAll(async () => {
  logs = captureLogger('info');
  const config = configFromEnv({ ...envForKeys(generateAlipaySandboxKeys()), RATE_LIMIT_PER_MINUTE: '0' });
  server = await startServer(config, { logger: logs.logger, port: 0, routes: [{ path: '/slow', handler: slow }] });
});

afterAll(async () => {
  await server.close();
});

const lines = (): LogLine[] => logs.lines().map((line) => JSON.parse(line) as LogLine);

async function eventually<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('never happened');
}

describe('a client that closes the connection before the answer', () => {
  it('leaves one "request aborted" line at info with its request id, method and path (no query string)', async () => {
    const arrived = new Promise<void>((resolve) => (routeHasRequest = resolve));
    const socket = connect(server.port, '127.0.0.1');
    socket.write(`GET /slow/thing?mobile=13800001111 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: gone-away-1\r\n\r\n`);
    await arrived;
    socket.destroy();
    const line = await eventually(() => lines().find((l) => l.reqId === 'gone-away-1'));
    expect(line).toEqual(expect.objectContaining({ msg: 'request aborted', level: 30, reqId: 'gone-away-1', method: 'GET', path: '/slow/thing', aborted: true }));
    expect(line.status).toBeUndefined();
    expect(lines().filter((l) => l.reqId === 'gone-away-1')).toHaveLength(1);
    expect(logs.text()).not.toContain('13800001111');
  });

  it('half-way through sending its body: the line is there, and none of the body is', async () => {
    const body = JSON.stringify({ response: 'SECRET-CIPHERTEXT-'.repeat(20) });
    // node emits 'request' once the headers are in; the app, listening first, has started the request's log by then.
    const arrived = new Promise<void>((resolve) => server.server.once('request', () => resolve()));
    const exchange = partialPost(server.port, '/api/alipay/phone-number', body, 60);
    await arrived;
    exchange.socket.destroy();
    const line = await eventually(() => lines().find((l) => l.path === '/api/alipay/phone-number' && l.aborted === true));
    expect(line).toEqual(expect.objectContaining({ msg: 'request aborted', level: 30, method: 'POST', aborted: true }));
    expect(line.status).toBeUndefined();
    expect(line.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.text()).not.toContain('SECRET-CIPHERTEXT');
  });
});

describe('a request answered in full', () => {
  it('leaves its usual "request" line and no aborted line', async () => {
    const res = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'answered-1' } });
    expect(res.status).toBe(200);
    await res.text();
    const line = await eventually(() => lines().find((l) => l.reqId === 'answered-1'));
    expect(line).toEqual(expect.objectContaining({ msg: 'request', status: 200 }));
    expect(line.aborted).toBeUndefined();
    expect(lines().filter((l) => l.reqId === 'answered-1')).toHaveLength(1);
  });
});
