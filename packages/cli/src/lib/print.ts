import type { CoreErrorCode, PhonekitError, UpstreamError } from '@phonekit/core';
import { CLI_HINTS } from './cli-hints';
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

/** The error as the CLI reports it, with the fix naming the CLI's options where core's names "the app" (see cli-hints.ts). */
export function errorJson(error: PhonekitError): ErrorJson {
  const cli = CLI_HINTS[error.code];
  return {
    code: error.code,
    message: error.message,
    hint: cli?.hint ?? error.hint,
    hintZh: cli?.hintZh ?? error.hintZh,
    ...(error.upstream === undefined ? {} : { upstream: error.upstream }),
  };
}

/** `phonekit: CODE: message Hint: hint`, the one-line form for stderr. */
export function errorLine(error: PhonekitError): string {
  return `phonekit: ${error.code}: ${error.message} Hint: ${CLI_HINTS[error.code]?.hint ?? error.hint}\n`;
}
