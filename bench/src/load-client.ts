/**
 * The load generator: a child process (forked by http-bench.ts) that keeps
 * `connections` keep-alive HTTP/1.1 connections to 127.0.0.1 busy, one
 * request in flight on each (no pipelining, as a browser or a proxy sends),
 * for a bounded time. Each connection sends its own prebuilt request and
 * checks every answer: the status, and that the body carries the number that
 * connection's payload holds.
 *
 * Why not autocannon: on a 2-core machine the load generator takes CPU from
 * the server it measures. autocannon spends several times more CPU per
 * request than this client (it parses every answer with a full HTTP parser
 * and keeps HDR histograms), which hides how far a second worker scales. This
 * client reads only what it checks: the status line, Content-Length and the
 * mobile in the body. Its own CPU per request is reported with every run.
 */
import { connect, type Socket } from 'node:net';

export interface LoadRequest {
  /** The whole request, headers and body. */
  readonly bytes: Buffer;
  /** The answer must contain this (e.g. `"mobile":"13800001111"`); empty = status only. */
  readonly expect: string;
}

export interface LoadJob {
  readonly port: number;
  readonly connections: number;
  readonly seconds: number;
  readonly expectedStatus: number;
  /** Connection i sends requests[i % length]. */
  readonly requests: readonly LoadRequest[];
}

export interface LoadResult {
  /** Every answer, including those to requests in flight at the deadline (server CPU is divided by this). */
  readonly requests: number;
  /** Answers that arrived before the deadline, over `seconds`: the rate. */
  readonly requestsPerSecond: number;
  readonly seconds: number;
  /** Answers with another status or without the expected content, connection errors, unparsable answers. */
  readonly unexpected: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** This process's CPU time (user + system) during the run, in microseconds. */
  readonly clientCpuUs: number;
  /** The first unexpected answer, for the error message. */
  readonly firstUnexpected?: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');
// Node writes header names as the app set them: Express says Content-Length, Fastify content-length.
const CONTENT_LENGTH = [Buffer.from('\r\nContent-Length: '), Buffer.from('\r\ncontent-length: ')];
const CONNECTION_CLOSE = [Buffer.from('\r\nConnection: close'), Buffer.from('\r\nconnection: close')];

/** The Content-Length of the answer whose head ends at `headerEnd`, or -1. Byte searches only: no string, no regex. */
function contentLength(data: Buffer, headerEnd: number): number {
  for (const name of CONTENT_LENGTH) {
    const at = data.indexOf(name);
    if (at < 0 || at > headerEnd) continue;
    let value = 0;
    let i = at + name.length;
    for (; i < headerEnd; i++) {
      const digit = (data[i] ?? 0) - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    return i === at + name.length ? -1 : value;
  }
  return -1;
}

function closesConnection(data: Buffer, headerEnd: number): boolean {
  return CONNECTION_CLOSE.some((name) => {
    const at = data.indexOf(name);
    return at >= 0 && at < headerEnd;
  });
}

/** Builds a keep-alive request for `load-client`. */
export function httpRequest(method: 'GET' | 'POST', port: number, path: string, body = '', contentType = 'application/json'): Buffer {
  const payload = Buffer.from(body, 'utf8');
  const head =
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n` +
    (method === 'POST' ? `Content-Type: ${contentType}\r\nContent-Length: ${payload.length}\r\n` : '') +
    '\r\n';
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

/** Latencies in 100 µs buckets up to 10 s (and one overflow bucket): constant cost per answer, no allocation. */
class Latencies {
  private readonly buckets = new Uint32Array(100_001);
  private count = 0;
  add(ms: number): void {
    const bucket = Math.min(Math.floor(ms * 10), 100_000);
    this.buckets[bucket] = (this.buckets[bucket] ?? 0) + 1;
    this.count++;
  }
  percentile(p: number): number {
    const rank = Math.ceil(this.count * p);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i] ?? 0;
      if (seen >= rank && seen > 0) return (i + 1) / 10;
    }
    return Number.NaN;
  }
}

function cpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Runs one job to completion: every connection stops sending at the deadline and waits for its last answer. */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolveRun) => {
    const statuses: Record<string, number> = {};
    const latencies = new Latencies();
    let answered = 0;
    let inWindow = 0;
    let unexpected = 0;
    let firstUnexpected: string | undefined;
    let open = 0;
    const cpu0 = cpuUs();
    const started = process.hrtime.bigint();
    const deadline = started + BigInt(Math.round(job.seconds * 1e9));

    const finish = (): void => {
      resolveRun({
        requests: answered,
        requestsPerSecond: inWindow / job.seconds,
        seconds: job.seconds,
        unexpected,
        statuses,
        p50Ms: latencies.percentile(0.5),
        p99Ms: latencies.percentile(0.99),
        clientCpuUs: cpuUs() - cpu0,
        ...(firstUnexpected === undefined ? {} : { firstUnexpected }),
      });
    };

    const miss = (what: string): void => {
      unexpected++;
      firstUnexpected ??= what.slice(0, 500);
    };

    const startConnection = (index: number): void => {
      const request = job.requests[index % job.requests.length];
      if (request === undefined) return;
      const expect = request.expect === '' ? null : Buffer.from(request.expect, 'utf8');
      const socket: Socket = connect({ host: '127.0.0.1', port: job.port, noDelay: true });
      open++;
      let pending: Buffer | null = null;
      let sentAt = 0n;
      let closed = false;
      const send = (): void => {
        const now = process.hrtime.bigint();
        if (now >= deadline) {
          socket.end();
          return;
        }
        sentAt = now;
        socket.write(request.bytes);
      };
      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        let data: Buffer = pending === null ? chunk : Buffer.concat([pending, chunk]);
        pending = null;
        for (;;) {
          const headerEnd = data.indexOf(HEADER_END);
          if (headerEnd < 0) {
            pending = data;
            return;
          }
          const length = contentLength(data, headerEnd);
          if (length < 0) {
            miss(`an answer without Content-Length: ${data.toString('latin1', 0, headerEnd)}`);
            socket.destroy();
            return;
          }
          const total = headerEnd + 4 + length;
          if (data.length < total) {
            pending = data;
            return;
          }
          const now = process.hrtime.bigint();
          answered++;
          if (now <= deadline) inWindow++;
          latencies.add(Number(now - sentAt) / 1e6);
          const status = data.toString('latin1', 9, 12);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (Number(status) !== job.expectedStatus || (expect !== null && data.indexOf(expect, headerEnd + 4) < 0)) {
            miss(`${data.toString('latin1', 0, data.indexOf('\r\n'))} ${data.toString('utf8', headerEnd + 4, total)}`);
          }
          const rest = data.length > total ? data.subarray(total) : null;
          if (closesConnection(data, headerEnd)) {
            socket.destroy();
            if (!closed && process.hrtime.bigint() < deadline) {
              closed = true;
              open--;
              startConnection(index);
            }
            return;
          }
          if (rest === null) break;
          data = rest;
        }
        send();
      });
      socket.on('error', (err) => miss(`connection error: ${err.message}`));
      socket.on('close', () => {
        if (closed) return;
        closed = true;
        if (--open === 0) finish();
      });
    };

    for (let i = 0; i < job.connections; i++) startConnection(i);
  });
}

/** A job as it crosses the IPC channel (JSON: the request bytes as base64). */
export interface LoadJobMessage extends Omit<LoadJob, 'requests'> {
  readonly requests: ReadonlyArray<{ readonly base64: string; readonly expect: string }>;
}

export function toMessage(job: LoadJob): LoadJobMessage {
  return { ...job, requests: job.requests.map((r) => ({ base64: r.bytes.toString('base64'), expect: r.expect })) };
}

// As a forked child: one job per message, each answered with its result.
if (process.send !== undefined) {
  process.on('message', (message: LoadJobMessage) => {
    const requests = message.requests.map((r) => ({ bytes: Buffer.from(r.base64, 'base64'), expect: r.expect }));
    void runLoad({ ...message, requests }).then((result) => process.send?.(result));
  });
}
