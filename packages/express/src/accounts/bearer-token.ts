import type { Request } from 'express';
import { ApiError } from '../errors/api-error';

const BEARER = /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i;

/**
 * The session token of a request: `Authorization: Bearer <token>`, else (the
 * legacy WeChat flow's older clients) a "sessionToken" field of the JSON
 * body. Undefined when there is neither.
 *
 * `strict` (a server with accounts): an Authorization header that is not a
 * Bearer token is refused (SESSION_INVALID) rather than ignored, so a request
 * that meant to log in is never answered as if it had not. Without accounts
 * it is ignored, as before accounts existed (it may be the team's own).
 */
export function sessionTokenOf(req: Request, body: Readonly<Record<string, unknown>> = {}, options: { readonly strict?: boolean } = {}): string | undefined {
  const header = req.get('authorization');
  if (header !== undefined) {
    const token = BEARER.exec(header)?.[1];
    if (token !== undefined) return token;
    if (options.strict === true) throw new ApiError('SESSION_INVALID', { message: 'The Authorization header is not "Bearer <sessionToken>".' });
  }
  const field = body['sessionToken'];
  return typeof field === 'string' && field !== '' ? field : undefined;
}
