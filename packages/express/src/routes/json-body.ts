import express, { type Request } from 'express';
import { isRecord } from '@phonekit/core';
import { ApiError } from '../errors/api-error';

/** The body as text, whatever the content type (it is never url-decoded: a '+' must survive). */
export function bodyText(req: Request): string {
  const body: unknown = req.body;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return '';
}

/** The body as a JSON object; the body arrives as text under any content type. `expected` names what to send. */
export function jsonObject(req: Request, expected: string): Record<string, unknown> {
  const text = bodyText(req);
  if (text.trim() === '') throw new ApiError('PAYLOAD_MALFORMED', { message: `The request body is empty: send ${expected}.` });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('INVALID_JSON', { message: `The request body is not valid JSON: send ${expected}.` });
  }
  if (!isRecord(value)) throw new ApiError('PAYLOAD_MALFORMED', { message: `The request body is not a JSON object: send ${expected}.` });
  return value;
}

/** The request id the request log gave this request, if any. */
export function requestIdOf(locals: Record<string, unknown>): string | undefined {
  const id = locals['requestId'];
  return typeof id === 'string' ? id : undefined;
}

/**
 * The body is read as text under ANY content type and never url-decoded:
 * my.request may send res.response as application/x-www-form-urlencoded, and
 * a '+' in the ciphertext or sign must survive. A no-op when the app in front
 * already read the body (createApp does).
 */
export function textBody(limitBytes: number): express.RequestHandler {
  return express.text({ type: () => true, limit: limitBytes, defaultCharset: 'utf-8' });
}
