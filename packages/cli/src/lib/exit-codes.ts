/**
 * The exit codes of every phonekit command, documented in `phonekit --help`.
 * Scripts can tell "the payload or configuration is bad" (1) from "the
 * command was called wrongly or its keys cannot be used" (2).
 */
export const EXIT_CODES = {
  /** The command did what was asked: the payload was verified and read, the configuration is sound, the keys were made. */
  ok: 0,
  /** The input was checked and rejected: a bad signature, undecryptable data, a doctor finding marked ✘. */
  rejected: 1,
  /** Usage or configuration error: unknown command or option, a missing or unusable key, an unreadable file. */
  usage: 2,
  /** A bug in phonekit: something failed that should not. */
  internal: 3,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
