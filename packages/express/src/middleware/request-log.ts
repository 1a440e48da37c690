import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { maskPhone } from '@phonekit/core';
import { setAnswerHeader } from './deferred-headers';

const REQUEST_ID = /^[\w-]{1,64}$/;
const DIGIT_RUN = /\d{7,}/g;

/**
 * The res.locals key a route sets (to true) on a failure that anyone can
 * cause at will, like an upstream error without a valid signature: its line
 * is written at warn even when the status is 5xx, so a forger raises no alarm.
 */
export const UNAUTHENTICATED_FAILURE = 'unauthenticatedFailure';

/** The path as logged: no query string (it may carry a mobile in the sandbox), digit runs masked. */
function loggedPath(url: string): string {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return path.replace(DIGIT_RUN, (digits) => maskPhone(digits));
}

/**
 * Starts the log line of one request: gives it an id (a well-formed incoming
 * X-Request-Id, else a fresh UUID), answers it in X-Request-Id, and writes
 * the line when the answer is finished, or a "request aborted" line
 * (`aborted: true`) when the client closed the connection before it was. For apps that compose their own
 * first middleware (createApp does); `requestLog` is the middleware form.
 */
export function startRequestLog(logger: Logger, req: Request, res: Response): void {
  const started = performance.now();
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.locals['requestId'] = id;
  setAnswerHeader(res, 'x-request-id', id);
  const elapsedMs = (): number => Math.round((performance.now() - started) * 10) / 10;
  let finished = false;
  res.on('finish', () => {
    finished = true;
    const status = res.statusCode;
    // A failure anyone can cause at will (an unsigned upstream error) is no alarm: warn, whatever its status.
    const level = status >= 500 && res.locals[UNAUTHENTICATED_FAILURE] !== true ? 'error' : status >= 400 ? 'warn' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const outcome = res.locals['outcome'] as Record<string, unknown> | undefined;
    logger[level]({ reqId: id, method: req.method, path: loggedPath(req.originalUrl), status, ms: elapsedMs(), ...outcome }, 'request');
  });
  // The connection closed before the answer was all written: the client
  // gave up (or its network did). One line for it too, at info (a client
  // that hangs up is not the server's failure), with what the route had
  // decided so far (no status: none reached the client); never the body. ('finish' is the test: an answer ended
  // after the socket was gone counts as writableFinished, yet never left.)
  res.on('close', () => {
    if (finished || !logger.isLevelEnabled('info')) return;
    const outcome = res.locals['outcome'] as Record<string, unknown> | undefined;
    logger.info(
      { reqId: id, method: req.method, path: loggedPath(req.originalUrl), aborted: true, ms: elapsedMs(), ...outcome },
      'request aborted',
    );
  });
}

/**
 * One log line per request: id, method, path (no query string: it may carry
 * a mobile in the sandbox), status, duration, and the outcome fields routes
 * put on res.locals (error code, masked phone). Never the body.
 */
export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    startRequestLog(logger, req, res);
    next();
  };
}
