/** The platforms a user can come from. */
export const PLATFORMS = ['alipay', 'wechat', 'douyin', 'baidu', 'qq', 'kuaishou'] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * A user: one person as one mini-program knows them, `(platform, appId,
 * platformUserId)`. Alipay: `user_id` or `open_id` from
 * `alipay.system.oauth.token`; WeChat: `openid` (with `unionid` when the app
 * is in an Open Platform account).
 */
export interface User {
  readonly id: string;
  readonly platform: Platform;
  readonly appId: string;
  readonly platformUserId: string;
  readonly unionId: string | null;
  readonly createdAt: Date;
}

export interface UpsertUserInput {
  readonly platform: Platform;
  readonly appId: string;
  readonly platformUserId: string;
  /** WeChat unionid; a later login without one keeps the stored one. */
  readonly unionId?: string | null | undefined;
}

export interface UpsertedUser {
  readonly user: User;
  /** Whether this call created the user (false: it existed already). */
  readonly created: boolean;
}

/** A verified phone number, normalised as phonekit answers it. */
export interface PhoneNumberInput {
  /** "+8613800138000" */
  readonly e164: string;
  /** "86" */
  readonly countryCode: string;
  /** "13800138000" */
  readonly nationalNumber: string;
}

/** The phone number bound to a user, decrypted. */
export interface PhoneBinding extends PhoneNumberInput {
  readonly userId: string;
  readonly appId: string;
  readonly boundAt: Date;
}

export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** A session just created: the only time its token exists outside the client. */
export interface NewSession extends Session {
  /** The bearer token to hand the client; the database keeps only its SHA-256. */
  readonly token: string;
  /** Seconds until it expires. */
  readonly expiresIn: number;
}

export interface CreateSessionOptions {
  /** Lifetime in seconds; default: the `sessionTtlSeconds` given to openAccounts. */
  readonly ttlSeconds?: number;
}

export interface SessionUser {
  readonly user: User;
  readonly session: Session;
}

/** Which sessions deleteSessions removes. */
export type SessionSelector =
  | { readonly token: string }
  | { readonly userId: string }
  | { readonly expired: true };

/** Secrets a platform hands the server for one login, kept encrypted per session. */
export const SESSION_SECRET_KINDS = ['wechat_session_key', 'douyin_session_key', 'baidu_session_key', 'qq_session_key', 'kuaishou_session_key'] as const;
export type SessionSecretKind = (typeof SESSION_SECRET_KINDS)[number];

export interface SessionSecretInfo {
  readonly sessionId: string;
  readonly kind: SessionSecretKind;
  readonly storedAt: Date;
}

/** Who agreed to what, when, under which policy version, from where. */
export interface ConsentInput {
  /** What the user agreed to, e.g. "phone-number" or "privacy-policy". */
  readonly purpose: string;
  /** The version of the policy text they saw, e.g. "2026-01". */
  readonly policyVersion: string;
  /** The platform scope the agreement was given through, e.g. "phoneNumber". */
  readonly scope?: string | undefined;
  /** The request that carried the agreement, for the audit trail. */
  readonly requestId?: string | undefined;
  /** Client facts worth keeping (app version, SDK, user agent): at most 16 short strings; never a phone number. */
  readonly client?: Readonly<Record<string, string>> | undefined;
}

export interface Consent {
  readonly id: string;
  readonly userId: string;
  readonly purpose: string;
  readonly policyVersion: string;
  readonly agreedAt: Date;
  readonly scope: string | null;
  readonly requestId: string | null;
  readonly client: Readonly<Record<string, string>> | null;
}

/** Everything stored about a user (PIPL Art. 45, the right of access), decrypted. */
export interface UserExport {
  readonly exportedAt: Date;
  readonly user: User;
  readonly phone: PhoneBinding | null;
  readonly consents: readonly Consent[];
  /** Sessions: when they were made and expire. Tokens are not stored, so cannot be exported. */
  readonly sessions: readonly Session[];
  /**
   * The platform secrets kept for those sessions: which and when. Their values
   * are credentials WeChat issued to the server, not facts about the person,
   * and are left out so that an export file never carries a usable key.
   */
  readonly sessionSecrets: readonly SessionSecretInfo[];
}

/** What eraseUser removed. */
export interface UserErasure {
  readonly userId: string;
  /** Whether a user row existed (and is now gone). */
  readonly user: boolean;
  readonly phone: boolean;
  readonly consents: number;
  readonly sessions: number;
  readonly sessionSecrets: number;
}

export interface RotateKeyOptions {
  /** Rows re-encrypted per transaction; default 500. */
  readonly batchSize?: number;
}

export interface KeyRotation {
  /** The key id every row is now encrypted under. */
  readonly keyId: string;
  /** The blind-index key id every phone row is now indexed with. */
  readonly blindIndexKeyId: string;
  readonly phoneBindings: number;
  readonly sessionSecrets: number;
  readonly batches: number;
}

export interface MigrationOutcome {
  /** Migrations this call applied, in order; empty when the database was up to date. */
  readonly applied: readonly string[];
}
