/**
 * The HTTP contract, in one place: what phonekit's routes answer. Clients
 * (the mini-programs) read these with `import type` only, so nothing of the
 * server reaches their bundles.
 *
 * - 200: a `PhoneJson` (core's shape, the same for Alipay and WeChat);
 * - anything else: an `ApiErrorEnvelope`.
 */
import type { UpstreamError } from '@phonekit/core';
import type { ApiErrorCode } from './errors/catalogue';

export type { PhoneJson, UpstreamError } from '@phonekit/core';
export type { ApiErrorCode } from './errors/catalogue';

/** The `error` of an error answer. */
export interface ApiErrorJson {
  readonly code: ApiErrorCode;
  readonly message: string;
  readonly hint: string;
  readonly hintZh: string;
  readonly retryable: boolean;
  /** What Alipay or WeChat answered, when the failure came from them. */
  readonly upstream?: UpstreamError;
}

/** Every error answer: `{"error": {code, message, hint, hintZh, retryable, upstream?}}`. */
export interface ApiErrorEnvelope {
  readonly error: ApiErrorJson;
}
