import type { Selectable } from 'kysely';
import type { ConsentsTable, SessionsTable, UsersTable } from '../database/schema';
import type { Consent, Session, User } from '../types';

// pg answers timestamptz as Date; so does PGlite. Both answer bytea as bytes
// (Buffer / Uint8Array): callers wrap with Buffer.from where it matters.

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    platform: row.platform,
    appId: row.app_id,
    platformUserId: row.platform_user_id,
    unionId: row.union_id,
    createdAt: row.created_at,
  };
}

export function toSession(row: Pick<Selectable<SessionsTable>, 'id' | 'user_id' | 'created_at' | 'expires_at'>): Session {
  return { id: row.id, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at };
}

export function toConsent(row: Selectable<ConsentsTable>): Consent {
  return {
    id: row.id,
    userId: row.user_id,
    purpose: row.purpose,
    policyVersion: row.policy_version,
    agreedAt: row.agreed_at,
    scope: row.scope,
    requestId: row.request_id,
    client: row.client_info,
  };
}
