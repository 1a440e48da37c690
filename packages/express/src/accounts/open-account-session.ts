import type { LoginJson } from '../contract';
import { accountUserJson } from './account-json';
import type { AccountSessionSecretKind, AccountsPort, AccountUserInput } from './accounts-port';

export interface OpenAccountSessionOptions {
  readonly ttlSeconds: number;
  /** A platform secret the session holds, kept encrypted (WeChat's session_key). */
  readonly secret?: { readonly kind: AccountSessionSecretKind; readonly value: string };
}

/**
 * What every login does once the platform named its user: finds or creates
 * the user, opens a session (keeping its secret, when given) and answers
 * `{sessionToken, expiresIn, user}` with the phone already bound, if any.
 */
export async function openAccountSession(store: AccountsPort, input: AccountUserInput, options: OpenAccountSessionOptions): Promise<{ answer: LoginJson; userId: string }> {
  const { user } = await store.upsertUser(input);
  const session = await store.createSession(user.id, { ttlSeconds: options.ttlSeconds });
  if (options.secret !== undefined) await store.storeSessionSecret(session.id, options.secret.kind, options.secret.value);
  const phone = await store.phoneOf(user.id);
  return { answer: { sessionToken: session.token, expiresIn: session.expiresIn, user: accountUserJson(user, phone) }, userId: user.id };
}
