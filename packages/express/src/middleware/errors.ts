import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ApiError, toApiError } from '../errors/api-error';
import type { ApiErrorCode } from '../errors/catalogue';
import { sendJson } from '../routes/send-json';

/**
 * Retry-After for the codes that know better than 1 s: a dependency that is
 * down (Redis, Postgres) restarts or fails over in seconds, and every client
 * retrying each second would only add to the load when it is back.
 */
const RETRY_AFTER_SECONDS: Readonly<Partial<Record<ApiErrorCode, number>>> = { REDIS_UNAVAILABLE: 5, DATABASE_UNAVAILABLE: 5 };

/**
 * Answers an error in the envelope. `Retry-After` follows the catalogue's
 * `retryable`, not the status: a 429 for a used-up WeChat quota is not worth
 * retrying, a 502 for a rotated access token is. A Retry-After already set
 * (the rate limiter's window) is kept.
 */
export function sendError(res: Response, error: ApiError): void {
  res.locals['outcome'] = { ...(res.locals['outcome'] as object | undefined), code: error.code };
  if (error.retryable && !res.hasHeader('retry-after')) res.setHeader('retry-after', String(RETRY_AFTER_SECONDS[error.code] ?? 1));
  res.setHeader('cache-control', 'no-store');
  // RFC 6750: a 401 names the scheme it wants, and why a token was refused.
  if (error.code === 'LOGIN_REQUIRED') res.setHeader('www-authenticate', 'Bearer realm="phonekit"');
  else if (error.code === 'SESSION_INVALID') res.setHeader('www-authenticate', 'Bearer realm="phonekit", error="invalid_token"');
  res.status(error.httpStatus);
  sendJson(res, error.toJSON());
}

export function notFound(_req: Request, res: Response): void {
  sendError(res, new ApiError('NOT_FOUND'));
}

/** The last middleware: anything thrown becomes a catalogued answer; causes go to the log only. */
export function errorHandler(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const error = toApiError(err);
    if (error.code === 'INTERNAL') {
      const cause = error.cause ?? err;
      // The message is left out: some (JSON.parse's) quote their input, which may hold a payload.
      const where = cause instanceof Error ? (cause.stack ?? '').split('\n').slice(1, 6).map((l) => l.trim()) : [];
      logger.error({ reqId: res.locals['requestId'], err: { type: cause instanceof Error ? cause.name : typeof cause, where } }, 'unexpected error');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    sendError(res, error);
  };
}
