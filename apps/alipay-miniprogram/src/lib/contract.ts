/**
 * The server contract as the page sees it: the routes, what it posts, and
 * the shapes it reads back. Types and constants only (no Alipay global), so
 * node code can import them.
 */

export const PHONE_NUMBER_PATH = '/api/alipay/phone-number';
export const SANDBOX_PHONE_RESPONSE_PATH = '/sandbox/alipay/phone-response';

/** The two body formats the server accepts on `POST /api/alipay/phone-number`. */
export const SUBMISSION_CONTENT_TYPES = ['text/plain', 'application/json'] as const;
export type SubmissionContentType = (typeof SUBMISSION_CONTENT_TYPES)[number];

/** Exactly what gets posted; kept so Retry can send the same bytes again. */
export interface Submission {
  readonly body: string;
  readonly contentType: SubmissionContentType;
}

/** The server's 200 answer. */
export interface VerifiedPhone {
  mobile: string;
  countryCode: string;
  nationalNumber: string;
  e164: string;
  /** Present on the phonekit server; computed by the page otherwise. */
  masked: string;
}

/** Alipay's own result code, as the server relays it. */
export interface UpstreamError {
  code: string;
  msg: string;
  subCode: string;
  subMsg: string;
}

/** The server's `{"error": {...}}` body, or one the page made up for a client-side failure. */
export interface ServerError {
  code: string;
  message: string;
  hint: string;
  hintZh: string;
  retryable: boolean;
  upstream: UpstreamError | null;
}

/** Codes for failures the page detects itself (server codes come from the server). */
export const CLIENT_ERROR_CODES = [
  'SERVER_UNREACHABLE',
  'HTTP_ERROR',
  'UNEXPECTED_RESPONSE',
  'GET_PHONE_NUMBER_FAILED',
  'PAGE_ERROR',
] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
