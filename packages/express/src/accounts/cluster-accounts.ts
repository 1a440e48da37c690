import { callPrimary, type RpcHandlers } from '../cluster/primary-rpc';
import type {
  AccountConsent,
  AccountConsentInput,
  AccountErasure,
  AccountExport,
  AccountPhone,
  AccountPhoneBinding,
  AccountSession,
  AccountSessionSecretKind,
  AccountSessionUser,
  AccountUser,
  AccountUserInput,
  AccountsPort,
  NewAccountSession,
} from './accounts-port';

const PREFIX = 'accounts.';

/**
 * In the cluster primary: serves `accounts` to the workers. A PGlite data
 * dir is one process's (PGlite is an embedded database, not a server), so
 * when the accounts live in PGlite the primary opens them once and every
 * worker reaches them through {@link ClusterAccounts}; with Postgres each
 * worker opens its own pool instead. The primary closes them at shutdown.
 */
export function accountsHandlers(accounts: AccountsPort): RpcHandlers {
  return {
    [`${PREFIX}upsertUser`]: (input: AccountUserInput) => accounts.upsertUser(input),
    [`${PREFIX}createSession`]: (userId: string, options?: { ttlSeconds?: number }) => accounts.createSession(userId, options),
    [`${PREFIX}userBySessionToken`]: (token: string) => accounts.userBySessionToken(token),
    // The answer (when it was stored) is left in the primary: nothing of it is needed.
    [`${PREFIX}storeSessionSecret`]: async (sessionId: string, kind: AccountSessionSecretKind, secret: string) => {
      await accounts.storeSessionSecret(sessionId, kind, secret);
      return null;
    },
    [`${PREFIX}sessionSecretOf`]: (sessionId: string, kind: AccountSessionSecretKind) => accounts.sessionSecretOf(sessionId, kind),
    [`${PREFIX}bindPhone`]: (userId: string, phone: AccountPhone) => accounts.bindPhone(userId, phone),
    [`${PREFIX}phoneOf`]: (userId: string) => accounts.phoneOf(userId),
    [`${PREFIX}recordConsent`]: (userId: string, consent: AccountConsentInput) => accounts.recordConsent(userId, consent),
    [`${PREFIX}consentsOf`]: (userId: string) => accounts.consentsOf(userId),
    [`${PREFIX}exportUser`]: (userId: string) => accounts.exportUser(userId),
    [`${PREFIX}eraseUser`]: (userId: string) => accounts.eraseUser(userId),
  };
}

// node:cluster's IPC carries JSON: dates arrive as ISO strings and are made
// dates again here, so a worker's answers are what the primary's would be.
type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

const dateOf = (text: string): Date => new Date(text);
const userOf = (wire: Wire<AccountUser>): AccountUser => ({ ...wire, createdAt: dateOf(wire.createdAt) });
const sessionOf = (wire: Wire<AccountSession>): AccountSession => ({ ...wire, createdAt: dateOf(wire.createdAt), expiresAt: dateOf(wire.expiresAt) });
const bindingOf = (wire: Wire<AccountPhoneBinding>): AccountPhoneBinding => ({ ...wire, boundAt: dateOf(wire.boundAt) });
const consentOf = (wire: Wire<AccountConsent>): AccountConsent => ({ ...wire, agreedAt: dateOf(wire.agreedAt) });

interface WireExport {
  readonly exportedAt: string;
  readonly user: Wire<AccountUser>;
  readonly phone: Wire<AccountPhoneBinding> | null;
  readonly consents: ReadonlyArray<Wire<AccountConsent>>;
  readonly sessions: ReadonlyArray<Wire<AccountSession>>;
  readonly sessionSecrets: ReadonlyArray<{ readonly sessionId: string; readonly kind: AccountSessionSecretKind; readonly storedAt: string }>;
}

/**
 * In a cluster worker: the accounts the primary holds (see
 * {@link accountsHandlers}), over the cluster's IPC channel. An
 * AccountsError in the primary rejects here as an error of the same name
 * and code, so the server answers it the same way. `close()` does nothing:
 * the primary owns the database.
 */
export class ClusterAccounts implements AccountsPort {
  async upsertUser(input: AccountUserInput): Promise<{ user: AccountUser; created: boolean }> {
    const answer = await callPrimary<{ user: Wire<AccountUser>; created: boolean }>(`${PREFIX}upsertUser`, input);
    return { user: userOf(answer.user), created: answer.created };
  }

  async createSession(userId: string, options?: { readonly ttlSeconds?: number }): Promise<NewAccountSession> {
    const wire = await callPrimary<Wire<NewAccountSession>>(`${PREFIX}createSession`, userId, options);
    return { ...wire, ...sessionOf(wire) };
  }

  async userBySessionToken(token: string): Promise<AccountSessionUser | null> {
    const wire = await callPrimary<{ user: Wire<AccountUser>; session: Wire<AccountSession> } | null>(`${PREFIX}userBySessionToken`, token);
    return wire === null ? null : { user: userOf(wire.user), session: sessionOf(wire.session) };
  }

  async storeSessionSecret(sessionId: string, kind: AccountSessionSecretKind, secret: string): Promise<void> {
    await callPrimary<null>(`${PREFIX}storeSessionSecret`, sessionId, kind, secret);
  }

  sessionSecretOf(sessionId: string, kind: AccountSessionSecretKind): Promise<string | null> {
    return callPrimary<string | null>(`${PREFIX}sessionSecretOf`, sessionId, kind);
  }

  async bindPhone(userId: string, phone: AccountPhone): Promise<AccountPhoneBinding> {
    return bindingOf(await callPrimary<Wire<AccountPhoneBinding>>(`${PREFIX}bindPhone`, userId, phone));
  }

  async phoneOf(userId: string): Promise<AccountPhoneBinding | null> {
    const wire = await callPrimary<Wire<AccountPhoneBinding> | null>(`${PREFIX}phoneOf`, userId);
    return wire === null ? null : bindingOf(wire);
  }

  async recordConsent(userId: string, consent: AccountConsentInput): Promise<AccountConsent> {
    return consentOf(await callPrimary<Wire<AccountConsent>>(`${PREFIX}recordConsent`, userId, consent));
  }

  async consentsOf(userId: string): Promise<AccountConsent[]> {
    return (await callPrimary<Array<Wire<AccountConsent>>>(`${PREFIX}consentsOf`, userId)).map(consentOf);
  }

  async exportUser(userId: string): Promise<AccountExport> {
    const wire = await callPrimary<WireExport>(`${PREFIX}exportUser`, userId);
    return {
      exportedAt: dateOf(wire.exportedAt),
      user: userOf(wire.user),
      phone: wire.phone === null ? null : bindingOf(wire.phone),
      consents: wire.consents.map(consentOf),
      sessions: wire.sessions.map(sessionOf),
      sessionSecrets: wire.sessionSecrets.map((secret) => ({ ...secret, storedAt: dateOf(secret.storedAt) })),
    };
  }

  eraseUser(userId: string): Promise<AccountErasure> {
    return callPrimary<AccountErasure>(`${PREFIX}eraseUser`, userId);
  }

  async close(): Promise<void> {}
}
