import { PhonekitError, isRecord, type UpstreamError } from '@phonekit/core';
import { isAccountsFailure } from '../accounts/accounts-port';
import type { ApiErrorEnvelope } from '../contract';
import { apiErrorEntry, type ApiErrorCode } from './catalogue';

export interface ApiErrorOptions {
  /** Overrides the catalogue message; must never contain keys or full phone numbers. */
  readonly message?: string;
  /** Overrides the catalogue hint, where the caller knows a fix closer to the user's case; same rules as message. */
  readonly hint?: string;
  /** The Chinese hint to go with an overridden hint (without it, the catalogue's Chinese hint stays). */
  readonly hintZh?: string;
  readonly upstream?: UpstreamError;
  /** What was really thrown: for the log, never for the answer. */
  readonly cause?: unknown;
}

/**
 * An error as the server answers it: a code of core's or the server's, its
 * HTTP status, and the server's words for it.
 *
 * @example
 * ```ts
 * router.post('/login', (req) => {
 *   if (!isRecord(req.body)) throw new ApiError('PAYLOAD_MALFORMED', { message: 'Send {"code": "..."}.' });
 * });
 * ```
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly httpStatus: number;
  readonly retryable: boolean;
  readonly hint: string;
  readonly hintZh: string;
  readonly upstream: UpstreamError | undefined;

  constructor(code: ApiErrorCode, options: ApiErrorOptions = {}) {
    const entry = apiErrorEntry(code);
    super(options.message ?? entry.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.httpStatus = entry.httpStatus;
    this.retryable = entry.retryable;
    this.hint = options.hint ?? entry.hint;
    this.hintZh = options.hintZh ?? entry.hintZh;
    this.upstream = options.upstream;
  }

  /** The error envelope the server answers with (no cause, no stack). */
  toJSON(): ApiErrorEnvelope {
    return {
      error: {
        code: this.code,
        message: this.message,
        hint: this.hint,
        hintZh: this.hintZh,
        retryable: this.retryable,
        ...(this.upstream === undefined ? {} : { upstream: this.upstream }),
      },
    };
  }
}

/** An encoding name as the client sent it, fit to quote: header token characters only, at most 32 of them. */
function encodingName(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  return /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,32}$/.test(text) ? `"${text}"` : '(an encoding name that is not a header token)';
}

/** body-parser's own errors (size, charset, aborted), as the server answers them. */
function fromBodyParser(thrown: Record<string, unknown>): ApiError | undefined {
  const { type, status } = thrown;
  switch (type) {
    case 'entity.too.large':
      return new ApiError('PAYLOAD_TOO_LARGE', { cause: thrown });
    case 'encoding.unsupported':
      return new ApiError('CONTENT_ENCODING_UNSUPPORTED', { message: `The request body is sent with Content-Encoding: ${encodingName(thrown['encoding'])}, which phonekit does not read.`, cause: thrown });
    case 'charset.unsupported':
      return new ApiError('PAYLOAD_MALFORMED', { message: 'The request body uses a charset phonekit does not read; send UTF-8.', cause: thrown });
    case 'request.aborted':
    case 'request.size.invalid':
      return new ApiError('PAYLOAD_MALFORMED', { message: 'The request body was cut short.', cause: thrown });
    case 'entity.parse.failed':
      return new ApiError('INVALID_JSON', { cause: thrown });
    default:
      // Any other 4xx from the body reader (a corrupt gzip stream has no type) is the client's fault, not INTERNAL.
      return typeof status === 'number' && status >= 400 && status < 500
        ? new ApiError('PAYLOAD_MALFORMED', { message: 'The request body could not be read.', cause: thrown })
        : undefined;
  }
}

/**
 * Turns anything thrown into the error the server answers: an ApiError as it
 * is; core's PhonekitError with its code, message and upstream (and the
 * server's hint for that code); body-parser's errors as the request problems
 * they are; an accounts store's AccountsError with its code (and the
 * server's words for it); anything else as INTERNAL. The original is kept as `cause`, for
 * the log only: it never reaches the answer.
 *
 * @example
 * ```ts
 * app.use((err, _req, res, _next) => {
 *   const error = toApiError(err);
 *   res.status(error.httpStatus).json(error);
 * });
 * ```
 */
export function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiError) return thrown;
  if (thrown instanceof PhonekitError) {
    return new ApiError(thrown.code, { message: thrown.message, ...(thrown.upstream === undefined ? {} : { upstream: thrown.upstream }), cause: thrown });
  }
  // The catalogue's words, not the store's message: the same answer whether
  // the store ran in this process or in the cluster primary.
  if (isAccountsFailure(thrown)) return new ApiError(thrown.code, { cause: thrown });
  return (isRecord(thrown) ? fromBodyParser(thrown) : undefined) ?? new ApiError('INTERNAL', { cause: thrown });
}
