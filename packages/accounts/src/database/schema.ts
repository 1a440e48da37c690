import type { ColumnType, Generated } from 'kysely';
import type { Platform } from '../types';

/** The Postgres schema every phonekit table lives in, apart from the team's own tables. */
export const ACCOUNTS_SCHEMA = 'phonekit';

/** The tables holding accounts data (rawRows shows any of them). */
export const ACCOUNT_TABLES = ['users', 'sessions', 'phone_bindings', 'consents', 'session_secrets'] as const;
export type AccountTable = (typeof ACCOUNT_TABLES)[number];

/** Where migrate() records what it applied, in the same schema. */
export const MIGRATION_TABLE = 'migrations';
export const MIGRATION_LOCK_TABLE = 'migration_lock';

type Timestamp = ColumnType<Date, Date, Date>;
type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

export interface UsersTable {
  id: Generated<string>;
  platform: Platform;
  app_id: string;
  platform_user_id: string;
  union_id: string | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  /** SHA-256 of the bearer token; the token itself is never stored. */
  token_hash: Bytes;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface PhoneBindingsTable {
  user_id: string;
  app_id: string;
  /** AES-256-GCM of {"e164","countryCode","nationalNumber"}; AAD binds it to (user_id, app_id). */
  ciphertext: Bytes;
  key_id: string;
  /** HMAC-SHA256 of (app_id, e164): unique per app, for "who has this number". */
  blind_index: Bytes;
  blind_index_key_id: string;
  bound_at: Timestamp;
}

export interface ConsentsTable {
  id: Generated<string>;
  user_id: string;
  purpose: string;
  policy_version: string;
  agreed_at: Timestamp;
  scope: string | null;
  request_id: string | null;
  client_info: ColumnType<Record<string, string> | null, string | null, string | null>;
}

export interface SessionSecretsTable {
  session_id: string;
  kind: string;
  /** AES-256-GCM of the secret; AAD binds it to (session_id, kind). */
  ciphertext: Bytes;
  key_id: string;
  stored_at: Timestamp;
}

/** The Kysely view of the "phonekit" schema. */
export interface AccountsDatabase {
  users: UsersTable;
  sessions: SessionsTable;
  phone_bindings: PhoneBindingsTable;
  consents: ConsentsTable;
  session_secrets: SessionSecretsTable;
}
