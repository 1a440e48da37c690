/**
 * What the HTTP layer needs of an accounts store, and nothing more: the
 * routes log a user in, keep the WeChat session_key of their session, bind
 * the verified phone and record the consent, and serve /api/me. The
 * `Accounts` of @phonekit/accounts satisfies this interface as it is
 * (checked at compile time in apps/server), yet @phonekit/express never
 * imports that package: teams that only want the stateless phone routes
 * install @phonekit/express alone.
 *
 * Every method may reject with an error named "AccountsError" whose `code`
 * is one of {@link ACCOUNTS_PORT_ERROR_CODES}; the server answers those
 * codes from its catalogue (PHONE_ALREADY_BOUND is a 409, for instance).
 */

/** The platforms a user comes from. */
export const ACCOUNT_PLATFORMS = ['alipay', 'wechat', 'douyin', 'baidu', 'qq', 'kuaishou'] as const;
export type AccountPlatform = (typeof ACCOUNT_PLATFORMS)[number];

/** The secrets a session may hold: the session_key of a platform whose legacy data is encrypted under it. */
export type AccountSessionSecretKind = 'wechat_session_key' | 'douyin_session_key' | 'baidu_session_key' | 'qq_session_key' | 'kuaishou_session_key';

/** The accounts store's own codes (the server's catalogue adds them as they are). */
export const ACCOUNTS_STORE_ERROR_CODES = [
  'INPUT_INVALID',
  'USER_NOT_FOUND',
  'SESSION_NOT_FOUND',
  'PHONE_ALREADY_BOUND',
  'DATA_KEY_MISSING',
  'DATA_KEY_INVALID',
  'BLIND_INDEX_KEY_INVALID',
  'DATA_KEY_UNKNOWN',
  'FIELD_DECRYPTION_FAILED',
  'DATABASE_OPTIONS_INVALID',
  'MIGRATION_FAILED',
  'DATABASE_UNAVAILABLE',
] as const;

/**
 * The codes of @phonekit/accounts's AccountsError, which the server answers
 * as they are. PHONE_INVALID is core's code as well and keeps core's entry.
 */
export const ACCOUNTS_PORT_ERROR_CODES = [...ACCOUNTS_STORE_ERROR_CODES, 'PHONE_INVALID'] as const;
export type AccountsPortErrorCode = (typeof ACCOUNTS_PORT_ERROR_CODES)[number];

/** A user: one person as one mini-program knows them, `(platform, appId, platformUserId)`. */
export interface AccountUser {
  readonly id: string;
  readonly platform: AccountPlatform;
  readonly appId: string;
  /** WeChat openid; Alipay user_id or open_id. */
  readonly platformUserId: string;
  readonly unionId: string | null;
  readonly createdAt: Date;
}

export interface AccountSession {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** A session just created: its token exists only here and with the client. */
export interface NewAccountSession extends AccountSession {
  readonly token: string;
  /** Seconds until it expires. */
  readonly expiresIn: number;
}

export interface AccountSessionUser {
  readonly user: AccountUser;
  readonly session: AccountSession;
}

/** A verified phone number, normalised. */
export interface AccountPhone {
  readonly e164: string;
  readonly countryCode: string;
  readonly nationalNumber: string;
}

/** The phone number bound to a user, decrypted. */
export interface AccountPhoneBinding extends AccountPhone {
  readonly userId: string;
  readonly appId: string;
  readonly boundAt: Date;
}

export interface AccountConsentInput {
  readonly purpose: string;
  readonly policyVersion: string;
  readonly scope?: string | undefined;
  readonly requestId?: string | undefined;
  readonly client?: Readonly<Record<string, string>> | undefined;
}

/** Who agreed to what, when, under which policy version. */
export interface AccountConsent {
  readonly id: string;
  readonly userId: string;
  readonly purpose: string;
  readonly policyVersion: string;
  readonly agreedAt: Date;
  readonly scope: string | null;
  readonly requestId: string | null;
  readonly client: Readonly<Record<string, string>> | null;
}

/** Which secrets a user's sessions hold, and since when (never their values). */
export interface AccountSessionSecretInfo {
  readonly sessionId: string;
  readonly kind: AccountSessionSecretKind;
  readonly storedAt: Date;
}

/** Everything stored about a user (PIPL Art. 45, the right of access), decrypted. */
export interface AccountExport {
  readonly exportedAt: Date;
  readonly user: AccountUser;
  readonly phone: AccountPhoneBinding | null;
  readonly consents: readonly AccountConsent[];
  readonly sessions: readonly AccountSession[];
  readonly sessionSecrets: readonly AccountSessionSecretInfo[];
}

/** What an erasure removed. */
export interface AccountErasure {
  readonly userId: string;
  readonly user: boolean;
  readonly phone: boolean;
  readonly consents: number;
  readonly sessions: number;
  readonly sessionSecrets: number;
}

export interface AccountUserInput {
  readonly platform: AccountPlatform;
  readonly appId: string;
  readonly platformUserId: string;
  readonly unionId?: string | null | undefined;
}

/**
 * The accounts store the routes use. `openAccounts()` of @phonekit/accounts
 * answers one; a cluster worker whose primary holds the store uses
 * {@link ClusterAccounts}.
 *
 * @example
 * ```ts
 * import { openAccounts, requireDataKeyring } from '@phonekit/accounts';
 * const accounts = await openAccounts({ database: { databaseUrl }, keyring: requireDataKeyring({ dataKey }) });
 * await accounts.migrate();
 * const app = createApp(config, { accounts }); // accounts: AccountsPort
 * ```
 */
export interface AccountsPort {
  /** Finds or creates the user `(platform, appId, platformUserId)`; a unionId given is kept. */
  upsertUser(input: AccountUserInput): Promise<{ readonly user: AccountUser; readonly created: boolean }>;
  /** Starts a session; only the token's hash is stored. */
  createSession(userId: string, options?: { readonly ttlSeconds?: number }): Promise<NewAccountSession>;
  /** The user and session of a bearer token, or null (unknown, expired, ended, erased). */
  userBySessionToken(token: string): Promise<AccountSessionUser | null>;
  /** Keeps a platform secret of the session, encrypted. */
  storeSessionSecret(sessionId: string, kind: AccountSessionSecretKind, secret: string): Promise<unknown>;
  /** The session's secret, decrypted, or null. */
  sessionSecretOf(sessionId: string, kind: AccountSessionSecretKind): Promise<string | null>;
  /** Binds a verified number to the user (encrypted; one user per number per app). */
  bindPhone(userId: string, phone: AccountPhone): Promise<AccountPhoneBinding>;
  phoneOf(userId: string): Promise<AccountPhoneBinding | null>;
  /** Appends a consent record. */
  recordConsent(userId: string, consent: AccountConsentInput): Promise<AccountConsent>;
  /** The user's consent records, oldest first. */
  consentsOf(userId: string): Promise<readonly AccountConsent[]>;
  exportUser(userId: string): Promise<AccountExport>;
  /** Erases the user: phone, consents, session secrets, sessions and the user row. */
  eraseUser(userId: string): Promise<AccountErasure>;
  close(): Promise<void>;
}

/** @returns whether `value` is one of the accounts codes the server answers. */
export function isAccountsPortErrorCode(value: unknown): value is AccountsPortErrorCode {
  return typeof value === 'string' && (ACCOUNTS_PORT_ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Whether something thrown is an accounts failure the server can answer: an
 * Error named "AccountsError" (from @phonekit/accounts, or rebuilt from the
 * cluster primary's answer) with a known code. Checked by shape, not by
 * class, since this package does not import @phonekit/accounts.
 */
export function isAccountsFailure(thrown: unknown): thrown is Error & { readonly code: AccountsPortErrorCode } {
  return thrown instanceof Error && thrown.name === 'AccountsError' && isAccountsPortErrorCode((thrown as { code?: unknown }).code);
}
