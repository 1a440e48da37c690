/**
 * The server contract as the page sees it: the routes, what it posts, and
 * the shapes it reads back. Types and constants only (no Alipay global), so
 * node code can import them.
 *
 * The answer shapes are the server's own (@phonekit/express's contract),
 * imported with `import type` only: erased when compiled, so the bundle
 * holds nothing of the server.
 */
import type { ApiErrorJson } from '@phonekit/express';

export type { AccountUserJson, ApiErrorCode, BoundPhoneJson, LoginJson, PhoneJson, PhoneNumberJson, UpstreamError } from '@phonekit/express';

export const PHONE_NUMBER_PATH = '/api/alipay/phone-number';
/** `POST {"authCode": "..."}` -> a `LoginJson` (the session token and the user). */
export const LOGIN_PATH = '/api/alipay/login';
/** `GET` (bearer) -> the user; `DELETE` (bearer) -> 204, everything about the user erased. */
export const ME_PATH = '/api/me';
export const SANDBOX_PHONE_RESPONSE_PATH = '/sandbox/alipay/phone-response';
/** `GET ?user=<name>` -> `{"authCode": "..."}`: the sandbox's stand-in for `my.getAuthCode` (single use, 5 minutes). */
export const SANDBOX_AUTH_CODE_PATH = '/sandbox/alipay/auth-code';

/** The two body formats the server accepts on `POST /api/alipay/phone-number`. */
export const SUBMISSION_CONTENT_TYPES = ['text/plain', 'application/json'] as const;
export type SubmissionContentType = (typeof SUBMISSION_CONTENT_TYPES)[number];

/** Exactly what gets posted; kept so Retry can send the same bytes again. */
export interface Submission {
  readonly body: string;
  readonly contentType: SubmissionContentType;
}

/**
 * The `error` of the server's `{"error": {...}}` body, or one the page made up
 * for a client-side failure. `code` is read as a string: an ApiErrorCode, a
 * ClientErrorCode, or a code from a newer server the page does not know yet.
 */
export type ServerError = Omit<ApiErrorJson, 'code'> & { readonly code: string };

/** Codes for failures the page detects itself (server codes come from the server). */
export const CLIENT_ERROR_CODES = [
  'SERVER_UNREACHABLE',
  'HTTP_ERROR',
  'UNEXPECTED_RESPONSE',
  'GET_PHONE_NUMBER_FAILED',
  'GET_AUTH_CODE_FAILED',
  'PAGE_ERROR',
] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
