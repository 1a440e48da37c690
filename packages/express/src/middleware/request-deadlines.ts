import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error';
import { sendError } from './errors';

export interface RequestDeadlineOptions {
  /** REQUEST_TIMEOUT_MS: a request whose headers and body have not arrived by then is answered 408. */
  readonly requestTimeoutMs: number;
  /** How long the headers alone may take (node's headersTimeout). */
  readonly headersTimeoutMs: number;
  /** How often deadlines are checked (node's connectionsCheckingInterval). */
  readonly checkEveryMs: number;
  readonly logger: Logger;
  /** Headers every answer carries (helmet's), for the answers written straight to the socket. */
  readonly fixedHeaders: ReadonlyArray<readonly [string, string]>;
}

export interface RequestDeadlines {
  /**
   * Called when the server stops listening: from then on node no longer
   * checks its request and headers timeouts (server.close() stops that
   * sweep), so these deadlines are kept here instead, counted at most from
   * now; answers still to be written go out with "Connection: close".
   */
  closing(): void;
  /** Called once the server has closed: stops the checks. */
  closed(): void;
}

/** What node answers a connection it cannot serve, as phonekit's catalogued errors. */
function clientErrorOf(code: string | undefined): ApiError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError('REQUEST_TIMEOUT');
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError('HEADERS_TOO_LARGE');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new ApiError('PAYLOAD_TOO_LARGE', { message: 'The chunk extensions of the request body are larger than the server accepts.' });
    default:
      return new ApiError('HTTP_MALFORMED');
  }
}

/**
 * The answers written straight to a socket, when node's HTTP parser refuses
 * a connection before Express sees a request (timed-out or malformed
 * headers): the same JSON envelope, X-Request-Id and headers as every other
 * answer, then the connection closes. Node's own answers are bare text.
 */
function writeToSocket(socket: Socket, error: ApiError, options: RequestDeadlineOptions): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const id = randomUUID();
  const body = JSON.stringify(error.toJSON());
  const lines = [
    `HTTP/1.1 ${error.httpStatus} ${STATUS_CODES[error.httpStatus] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    `X-Request-Id: ${id}`,
    ...options.fixedHeaders.map(([name, value]) => `${name}: ${value}`),
    'Connection: close',
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  const level = error.httpStatus >= 500 ? 'error' : 'warn';
  if (options.logger.isLevelEnabled(level)) options.logger[level]({ reqId: id, status: error.httpStatus, code: error.code }, 'request');
}

/** Answers a request that is still arriving with 408 REQUEST_TIMEOUT, through Express's response (request log, headers, id). */
function answerTimeout(res: ServerResponse): void {
  if (res.headersSent || res.writableEnded) return;
  res.shouldKeepAlive = false;
  // The app is the server's request listener: every response is Express's.
  sendError(res as Response, new ApiError('REQUEST_TIMEOUT'));
}

/**
 * Every request that takes too long to arrive is answered 408 in phonekit's
 * envelope, before and after SIGTERM:
 * - while listening, node checks requestTimeout and headersTimeout and
 *   reports a late connection as a 'clientError'; it is answered here (not
 *   with node's bare "408 Request Timeout" text), through the request's own
 *   response when its headers had arrived;
 * - once the server stops listening node stops checking, so a client still
 *   sending at SIGTERM would hold the process until its grace ran out: the
 *   same deadlines are checked here until the server has closed.
 * Malformed requests node refuses get the JSON envelope too.
 */
export function enforceRequestDeadlines(server: Server, options: RequestDeadlineOptions): RequestDeadlines {
  // Responses not yet finished, with when their request's headers arrived.
  const unanswered = new Map<ServerResponse, number>();
  // The response of each connection's current request.
  const current = new WeakMap<Socket, ServerResponse>();
  // Open connections, for connections whose headers are still arriving at close.
  const sockets = new Set<Socket>();
  let closingAt = Number.POSITIVE_INFINITY;
  let check: NodeJS.Timeout | undefined;

  // Shared listeners (no closure per request or connection).
  function answered(this: ServerResponse): void {
    unanswered.delete(this);
  }
  function gone(this: Socket): void {
    sockets.delete(this);
  }
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', gone);
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (closingAt !== Number.POSITIVE_INFINITY) res.shouldKeepAlive = false;
    unanswered.set(res, performance.now());
    current.set(req.socket, res);
    res.once('close', answered);
  });
  const inFlight = (socket: Socket): ServerResponse | undefined => {
    const res = current.get(socket);
    return res !== undefined && unanswered.has(res) ? res : undefined;
  };

  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const res = inFlight(socket);
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
      socket.destroy();
      return;
    }
    if (res !== undefined) {
      // The request's headers had arrived: answer through its response, or give up on a response already started.
      if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' && !res.headersSent) answerTimeout(res);
      else socket.destroy();
      return;
    }
    writeToSocket(socket, clientErrorOf(err.code), options);
  });

  const checkDeadlines = (): void => {
    const now = performance.now();
    for (const [res, arrived] of unanswered) {
      // A request whose headers arrived after close began before it: counted from close.
      if (!res.req.complete && now - Math.min(arrived, closingAt) >= options.requestTimeoutMs) answerTimeout(res);
    }
    if (now - closingAt < options.headersTimeoutMs) return;
    for (const socket of sockets) {
      // Still open with no request in flight after close: its headers have not arrived in time.
      if (inFlight(socket) === undefined) writeToSocket(socket, new ApiError('REQUEST_TIMEOUT'), options);
    }
  };

  return {
    closing() {
      if (check !== undefined) return;
      closingAt = performance.now();
      for (const res of unanswered.keys()) if (!res.headersSent) res.shouldKeepAlive = false;
      check = setInterval(checkDeadlines, options.checkEveryMs);
      check.unref();
    },
    closed() {
      clearInterval(check);
    },
  };
}
