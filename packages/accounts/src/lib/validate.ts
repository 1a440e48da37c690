import { AccountsError } from '../errors/accounts-error';
import { PLATFORMS, SESSION_SECRET_KINDS, type Platform, type SessionSecretKind } from '../types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the value could be a row id (Postgres would reject anything else with a syntax error, not "no row"). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Non-empty text of at most `max` characters, without control characters. */
export function assertText(value: unknown, field: string, max: number): asserts value is string {
  // eslint-disable-next-line no-control-regex
  if (typeof value !== 'string' || value === '' || value.length > max || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new AccountsError('INPUT_INVALID', { message: `${field} must be a non-empty string of at most ${max} characters, without control characters.` });
  }
}

export function assertOptionalText(value: unknown, field: string, max: number): asserts value is string | undefined {
  if (value !== undefined) assertText(value, field, max);
}

export function assertPlatform(value: unknown): asserts value is Platform {
  if (!PLATFORMS.includes(value as Platform)) {
    throw new AccountsError('INPUT_INVALID', { message: `platform must be one of ${PLATFORMS.join(', ')}.` });
  }
}

export function assertSessionSecretKind(value: unknown): asserts value is SessionSecretKind {
  if (!SESSION_SECRET_KINDS.includes(value as SessionSecretKind)) {
    throw new AccountsError('INPUT_INVALID', { message: `kind must be one of ${SESSION_SECRET_KINDS.join(', ')}.` });
  }
}
