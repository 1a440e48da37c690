import { ERROR_CATALOGUE, type PhonekitErrorCode } from './catalogue';

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
 * The one error type phonekit throws. `code` is a closed union, so
 * `switch (err.code)` narrows; status and hints come from the catalogue.
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
  readonly code: PhonekitErrorCode;
  readonly httpStatus: number;
  readonly retryable: boolean;
  readonly hint: string;
  readonly hintZh: string;
  readonly upstream: UpstreamError | undefined;

  constructor(code: PhonekitErrorCode, options: PhonekitErrorOptions = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(options.message ?? entry.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.httpStatus = entry.httpStatus;
    this.retryable = entry.retryable;
    this.hint = entry.hint;
    this.hintZh = entry.hintZh;
    this.upstream = options.upstream;
  }

  /** The JSON error envelope the server answers with. */
  toJSON(): PhonekitErrorBody {
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

/** The error envelope: `{"error": {code, message, hint, hintZh, retryable, upstream?}}`. */
export interface PhonekitErrorBody {
  readonly error: {
    readonly code: PhonekitErrorCode;
    readonly message: string;
    readonly hint: string;
    readonly hintZh: string;
    readonly retryable: boolean;
    readonly upstream?: UpstreamError;
  };
}

/**
 * Turns anything thrown into a PhonekitError: ours pass through, anything
 * else becomes INTERNAL with the original kept as `cause` (for the log, never
 * for the response).
 */
export function toPhonekitError(thrown: unknown): PhonekitError {
  if (thrown instanceof PhonekitError) return thrown;
  return new PhonekitError('INTERNAL', { cause: thrown });
}
