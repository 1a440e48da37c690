/**
 * The SQLSTATE and constraint of a database error, from pg or PGlite (both
 * raise pg-protocol's DatabaseError shape).
 */
export function databaseErrorOf(error: unknown): { readonly code: string | undefined; readonly constraint: string | undefined } {
  if (typeof error !== 'object' || error === null) return { code: undefined, constraint: undefined };
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return {
    code: typeof code === 'string' ? code : undefined,
    constraint: typeof constraint === 'string' ? constraint : undefined,
  };
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';

/**
 * SQLSTATEs that mean the server is not there to answer (not that the
 * statement was wrong): class 08 (connection exception), 57P01-57P03
 * (admin or crash shutdown, cannot connect now: a restart or failover),
 * 53300 (too many connections) and 57014 (statement cancelled, by
 * statement_timeout).
 */
const UNAVAILABLE_SQLSTATE = /^(?:08\d{3}|57P0[1-3]|53300|57014)$/;

/** Node's socket errors while connecting or talking to the server. */
const UNAVAILABLE_SYSCALL = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/** What node-postgres and pg-pool say, without a code, when the connection is gone or too slow. */
const UNAVAILABLE_MESSAGE =
  /^(?:Connection terminated(?: unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|Connection ended unexpectedly)$/;

/**
 * Whether a failure from pg means the database could not be reached or did
 * not answer in time (refused, dropped, shut down, timed out), as opposed
 * to a statement it refused. Node's AggregateError (every address of a
 * host refused) counts when each of its errors does.
 *
 * @example
 * ```ts
 * isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })); // true
 * isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' })); // false
 * ```
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = databaseErrorOf(error);
  if (code !== undefined && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SYSCALL.has(code))) return true;
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.every((inner) => isDatabaseUnavailable(inner));
  return error instanceof Error && code === undefined && UNAVAILABLE_MESSAGE.test(error.message);
}
