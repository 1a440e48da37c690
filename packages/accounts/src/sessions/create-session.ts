import { AccountsError } from '../errors/accounts-error';
import type { AccountsContext } from '../lib/context';
import { databaseErrorOf, FOREIGN_KEY_VIOLATION } from '../lib/database-error';
import { toSession } from '../lib/rows';
import { hashSessionToken, newSessionToken } from '../lib/session-token';
import { isUuid } from '../lib/validate';
import type { CreateSessionOptions, NewSession } from '../types';

const MAX_TTL_SECONDS = 366 * 24 * 60 * 60;

// The token exists only in this function's answer: the row keeps its
// SHA-256, so a copy of the database (or a backup) cannot log anyone in.
// A plain hash suffices (no salt, no slow KDF): the token is 256 random bits.
export async function createSession(context: AccountsContext, userId: string, options: CreateSessionOptions = {}): Promise<NewSession> {
  const ttlSeconds = options.ttlSeconds ?? context.sessionTtlSeconds;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
    throw new AccountsError('INPUT_INVALID', { message: `ttlSeconds must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}.` });
  }
  if (!isUuid(userId)) throw new AccountsError('USER_NOT_FOUND');
  const token = newSessionToken();
  const createdAt = context.clock();
  try {
    const row = await context.db
      .insertInto('sessions')
      .values({
        token_hash: hashSessionToken(token),
        user_id: userId,
        created_at: createdAt,
        expires_at: new Date(createdAt.getTime() + ttlSeconds * 1000),
      })
      .returning(['id', 'user_id', 'created_at', 'expires_at'])
      .executeTakeFirstOrThrow();
    return { ...toSession(row), token, expiresIn: ttlSeconds };
  } catch (error) {
    if (databaseErrorOf(error).code === FOREIGN_KEY_VIOLATION) throw new AccountsError('USER_NOT_FOUND');
    throw error;
  }
}
