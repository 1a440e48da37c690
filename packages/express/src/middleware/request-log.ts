import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { maskPhone } from '@phonekit/core';

/**
 * One log line per request: id, method, path (no query string: it may carry
 * a mobile in the sandbox), status, duration, and the outcome fields routes
 * put on res.locals (error code, masked phone). Never the body.
 */
export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const incoming = req.get('x-request-id');
    const id = incoming !== undefined && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.locals['requestId'] = id;
    res.setHeader('x-request-id', id);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const outcome = res.locals['outcome'] as Record<string, unknown> | undefined;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      logger[level]({ reqId: id, method: req.method, path: (req.originalUrl.split('?')[0] ?? '').replace(/\d{7,}/g, (digits) => maskPhone(digits)), status: res.statusCode, ms: Math.round(ms * 10) / 10, ...outcome }, 'request');
    });
    next();
  };
}
