import type { CommandIo } from './command';
import { EXIT_CODES, type ExitCode } from './exit-codes';

/** A command's name, usage line and full help, for `--help` and usage errors. */
export interface CommandHelp {
  /** As typed: `alipay inspect`. */
  readonly name: string;
  /** One line, without the leading `phonekit `. */
  readonly usage: string;
  readonly text: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

// Structural, not instanceof: errors from node: modules come from another realm under jest's VM.
function parseArgsError(err: unknown): { code: string; message: string } | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err) || !('message' in err)) return undefined;
  const { code, message } = err;
  return typeof code === 'string' && typeof message === 'string' && code.startsWith('ERR_PARSE_ARGS_') ? { code, message } : undefined;
}

/**
 * Runs node:util parseArgs and turns its errors into one short message.
 * Positional arguments are not echoed: a key pasted without its option name
 * must not end up on the terminal or in a CI log.
 */
export function parseOptions<T>(parse: () => T): Parsed<T> {
  try {
    return { ok: true, value: parse() };
  } catch (err) {
    const failure = parseArgsError(err);
    if (failure === undefined) throw err;
    switch (failure.code) {
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        return { ok: false, message: 'unexpected argument: every value follows its option (--name VALUE), and payloads come on stdin.' };
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
        const name = /Unknown option '([^']{1,64})'/.exec(failure.message)?.[1];
        return { ok: false, message: name === undefined ? 'unknown option.' : `unknown option ${name}.` };
      }
      default:
        // ERR_PARSE_ARGS_INVALID_OPTION_VALUE: "Option '--aes-key <value>' argument missing" and the like.
        return { ok: false, message: failure.message.replace(/\s*\n\s*/g, ' ') };
    }
  }
}

/** Prints a usage error on stderr and returns exit code 2. */
export function usageError(io: CommandIo, help: CommandHelp, message: string): ExitCode {
  io.stderr(`phonekit ${help.name}: ${message}\nUsage: phonekit ${help.usage}\nRun 'phonekit ${help.name} --help' for details.\n`);
  return EXIT_CODES.usage;
}

/** Prints a command's help on stdout and returns exit code 0. */
export function printHelp(io: CommandIo, help: CommandHelp): ExitCode {
  io.stdout(help.text.endsWith('\n') ? help.text : `${help.text}\n`);
  return EXIT_CODES.ok;
}
