import type { AccountsPort } from './accounts-port';

/** What the routers need to bind phone numbers to logged-in users. */
export interface AccountRoutesOptions {
  /** The accounts store; without it the routes keep no users (login answers `"user": null`, phone-number is stateless). */
  readonly accounts?: AccountsPort | undefined;
  /** REQUIRE_LOGIN: refuse phone-number requests without a session token (401 LOGIN_REQUIRED). Needs `accounts`. */
  readonly requireLogin?: boolean | undefined;
  /** PRIVACY_POLICY_VERSION: recorded with every consent (default {@link DEFAULT_PRIVACY_POLICY_VERSION}). */
  readonly privacyPolicyVersion?: string | undefined;
}

/** The policy version recorded when none is configured. */
export const DEFAULT_PRIVACY_POLICY_VERSION = '2026-12';

/** Throws at start when REQUIRE_LOGIN is asked of a router that has no accounts to log anyone in. */
export function assertAccountRoutesOptions(options: AccountRoutesOptions): void {
  if (options.requireLogin === true && options.accounts === undefined) {
    throw new Error('REQUIRE_LOGIN=true needs accounts: configure DATABASE_URL or PHONEKIT_DATA_DIR and pass the opened accounts ({ accounts }).');
  }
}
