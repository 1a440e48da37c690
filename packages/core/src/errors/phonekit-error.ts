import { CORE_ERROR_CATALOGUE, type CoreErrorCode } from './catalogue';

/** What the platform itself answered, when the failure came from Alipay or WeChat. */
export interface UpstreamError {
  readonly code: string;
  readonly msg?: string;
  readonly subCode?: string;
  readonly subMsg?: string;
}

export interface PhonekitErrorOptions {
  /** Overrides the catalogue message; must never contain keys or full phone numbers. */
  readonly message?: string;
  readonly upstream?: UpstreamError;
  readonly cause?: unknown;
}

/**
 * The one error type core throws. `code` is a closed union, so
 * `switch (err.code)` narrows; message, hints and `retryable` come from the
 * catalogue. How it is answered over HTTP is the HTTP layer's business
 * (@phonekit/express maps every code to a status).
 *
 * @example
 * ```ts
 * try {
 *   openAlipayPhoneResponse(body, app);
 * } catch (err) {
 *   if (err instanceof PhonekitError && err.code === 'ALIPAY_BUSY') retryLater();
 * }
 * ```
 */
export class PhonekitError extends Error {
  override readonly name = 'PhonekitError';
  readonly code: CoreErrorCode;
  readonly retryable: boolean;
  readonly hint: string;
  readonly hintZh: string;
  readonly upstream: UpstreamError | undefined;

  constructor(code: CoreErrorCode, options: PhonekitErrorOptions = {}) {
    const entry = CORE_ERROR_CATALOGUE[code];
    super(options.message ?? entry.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = entry.retryable;
    this.hint = entry.hint;
    this.hintZh = entry.hintZh;
    this.upstream = options.upstream;
  }
}
