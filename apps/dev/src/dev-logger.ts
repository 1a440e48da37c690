import { createLogger, type Logger } from '@phonekit/express';
import pretty from 'pino-pretty';

/** LOG_FORMAT for the development app: `pretty` (readable lines), `json` (one JSON object per line, as production writes). */
export type LogFormat = 'pretty' | 'json';

/**
 * The development app's log format: LOG_FORMAT when set to pretty or json,
 * else pretty when stdout is a terminal (a developer reading it) and json when
 * it is a pipe or a file (a log shipper, a test, `| jq`). The production
 * server always writes JSON (pino-pretty is not in its dependencies).
 */
export function devLogFormat(env: Record<string, string | undefined>, stdoutIsTty: boolean): LogFormat {
  const given = (env['LOG_FORMAT'] ?? '').trim().toLowerCase();
  if (given === 'pretty' || given === 'json') return given;
  return stdoutIsTty ? 'pretty' : 'json';
}

/**
 * The logger for `pnpm start`: the same pino logger as production (levels,
 * redaction and masking all happen before a line is written), with its lines
 * formatted by pino-pretty when the format is pretty; undefined for json (the
 * server makes its own).
 */
export function devLogger(level: string, format: LogFormat): Logger | undefined {
  if (format === 'json') return undefined;
  const colorize = process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
  // Synchronous, like the default JSON destination: no line is lost when the process exits.
  return createLogger(level, pretty({ colorize, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', singleLine: true }));
}
