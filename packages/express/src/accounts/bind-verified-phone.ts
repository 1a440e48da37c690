import type { NormalisedPhone } from '@phonekit/core';
import type { AccountUserJson } from '../contract';
import { accountUserJson } from './account-json';
import type { AccountSessionUser, AccountsPort } from './accounts-port';

export interface BindVerifiedPhoneInput {
  readonly accounts: AccountsPort;
  readonly found: AccountSessionUser;
  /** The number the platform verified (signature checked, decrypted). */
  readonly phone: NormalisedPhone;
  readonly policyVersion: string;
  /** The request's id (X-Request-Id), kept with the consent for the audit trail. */
  readonly requestId: string | undefined;
}

/**
 * Binds a verified number to the logged-in user and records their consent.
 * The consent is written first: a number is never held without the record of
 * the agreement it was given under (the user agreed in the platform's sheet
 * before the number reached the server); a bind that then fails
 * (PHONE_ALREADY_BOUND) leaves a consent that was truly given.
 */
export async function bindVerifiedPhone(input: BindVerifiedPhoneInput): Promise<AccountUserJson> {
  const { accounts, found, phone } = input;
  await accounts.recordConsent(found.user.id, {
    purpose: 'phone-number',
    policyVersion: input.policyVersion,
    scope: 'phoneNumber',
    ...(input.requestId === undefined ? {} : { requestId: input.requestId }),
  });
  const binding = await accounts.bindPhone(found.user.id, { e164: phone.e164, countryCode: phone.countryCode, nationalNumber: phone.nationalNumber });
  return accountUserJson(found.user, binding);
}
