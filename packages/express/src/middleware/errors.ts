import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { PhonekitError, toPhonekitError } from '@phonekit/core';

interface HttpParserError {
  readonly type?: unknown;
  readonly status?: unknown;
}

/** Maps body-parser's own errors (size, encoding, aborted) to catalogue entries. */
function fromBodyParser(err: unknown): PhonekitError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { type, status } = err as HttpParserError;
  switch (type) {
    case 'entity.too.large':
      return new PhonekitError('PAYLOAD_TOO_LARGE');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new PhonekitError('PAYLOAD_MALFORMED', { message: 'The request body uses a charset phonekit does not read; send UTF-8.' });
    case 'request.aborted':
    case 'request.size.invalid':
      return new PhonekitError('PAYLOAD_MALFORMED', { message: 'The request body was cut short.' });
    case 'entity.parse.failed':
      return new PhonekitError('INVALID_JSON');
    default:
      // Any other 4xx from the body reader (a corrupt gzip stream has no type) is the client's fault, not INTERNAL.
      return typeof status === 'number' && status >= 400 && status < 500
        ? new PhonekitError('PAYLOAD_MALFORMED', { message: 'The request body could not be read.' })
        : undefined;
  }
}

export function sendError(res: Response, error: PhonekitError): void {
  res.locals['outcome'] = { ...(res.locals['outcome'] as object | undefined), code: error.code };
  if ((error.httpStatus === 503 || error.httpStatus === 429) && !res.hasHeader('retry-after')) res.setHeader('retry-after', '1');
  res.status(error.httpStatus).json(error.toJSON());
}

export function notFound(_req: Request, res: Response): void {
  sendError(res, new PhonekitError('NOT_FOUND'));
}

/** The last middleware: anything thrown becomes a catalogued answer; causes go to the log only. */
export function errorHandler(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const error = fromBodyParser(err) ?? toPhonekitError(err);
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
