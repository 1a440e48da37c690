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
