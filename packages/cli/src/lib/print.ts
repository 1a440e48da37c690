import type { CoreErrorCode, PhonekitError, UpstreamError } from '@phonekit/core';
import type { CommandIo } from './command';

/** Prints one JSON value on stdout, pretty, ending in a newline. */
export function printJson(io: CommandIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** The error as the CLI reports it in JSON: no cause, no stack. */
export interface ErrorJson {
  readonly code: CoreErrorCode;
  readonly message: string;
  readonly hint: string;
  readonly hintZh: string;
  readonly upstream?: UpstreamError;
}

export function errorJson(error: PhonekitError): ErrorJson {
  return {
    code: error.code,
    message: error.message,
    hint: error.hint,
    hintZh: error.hintZh,
    ...(error.upstream === undefined ? {} : { upstream: error.upstream }),
  };
}

/** `phonekit: CODE: message Hint: hint`, the one-line form for stderr. */
export function errorLine(error: PhonekitError): string {
  return `phonekit: ${error.code}: ${error.message} Hint: ${error.hint}\n`;
}
