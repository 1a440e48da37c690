import { ACCOUNTS_ERROR_CATALOGUE, type AccountsErrorCode } from './catalogue';

export interface AccountsErrorOptions {
  /** Overrides the catalogue message; must never contain phone numbers, keys or tokens. */
  readonly message?: string;
  readonly cause?: unknown;
}

/**
 * The one error type this package throws on purpose. `code` is a closed union,
 * so `switch (err.code)` narrows; status and hints come from the catalogue.
 *
 * @example
 * ```ts
 * try {
 *   await accounts.bindPhone(user.id, phone);
 * } catch (err) {
 *   if (err instanceof AccountsError && err.code === 'PHONE_ALREADY_BOUND') answer409(err.toJSON());
 *   else throw err;
 * }
 * ```
 */
export class AccountsError extends Error {
  override readonly name = 'AccountsError';
  readonly code: AccountsErrorCode;
  readonly httpStatus: number;
  readonly hint: string;
  readonly hintZh: string;

  constructor(code: AccountsErrorCode, options: AccountsErrorOptions = {}) {
    const entry = ACCOUNTS_ERROR_CATALOGUE[code];
    super(options.message ?? entry.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.httpStatus = entry.httpStatus;
    this.hint = entry.hint;
    this.hintZh = entry.hintZh;
  }

  /** The JSON error envelope a route answers with: `{"error": {code, message, hint, hintZh}}`. */
  toJSON(): AccountsErrorBody {
    return { error: { code: this.code, message: this.message, hint: this.hint, hintZh: this.hintZh } };
  }
}

export interface AccountsErrorBody {
  readonly error: {
    readonly code: AccountsErrorCode;
    readonly message: string;
    readonly hint: string;
    readonly hintZh: string;
  };
}

/** Whether `value` is an AccountsError, optionally with the given code. */
export function isAccountsError(value: unknown, code?: AccountsErrorCode): value is AccountsError {
  return value instanceof AccountsError && (code === undefined || value.code === code);
}
