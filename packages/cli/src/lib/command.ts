import type { CliEnv } from './env';
import type { ExitCode } from './exit-codes';

/**
 * What a command may touch of the outside world. main.ts wires it to the
 * process; tests pass strings and collect the output.
 */
export interface CommandIo {
  /** Everything on standard input. A lazy getter in the real process, so commands that do not read it never block on a terminal. */
  readonly stdin: string | Promise<string>;
  /** Writes text as given (commands end their lines with '\n'). */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Environment defaults (see lib/env.ts); absent in tests unless given. */
  readonly env?: CliEnv;
}

/** One phonekit command: its arguments after the command words, and its io. Resolves to the exit code. */
export type Command = (argv: readonly string[], io: CommandIo) => Promise<ExitCode>;
