import { maskPhone } from '@phonekit/core';
import type { AccountUserJson, BoundPhoneJson, ConsentJson, MeJson } from '../contract';
import type { AccountConsent, AccountPhone, AccountUser } from './accounts-port';

/**
 * The masked form of a bound number, as the phone-number routes mask what the
 * platforms send: a mainland number bare (`138****2222`), others as
 * `<country code>-<national number>` (`1-*******112`).
 */
export function boundPhoneJson(phone: AccountPhone): BoundPhoneJson {
  const mobile = phone.countryCode === '86' ? phone.nationalNumber : `${phone.countryCode}-${phone.nationalNumber}`;
  return { masked: maskPhone(mobile), e164: phone.e164, countryCode: phone.countryCode, nationalNumber: phone.nationalNumber };
}

/** A user as login and phone-number answer it; never the platform user id or unionid. */
export function accountUserJson(user: AccountUser, phone: AccountPhone | null): AccountUserJson {
  return { id: user.id, platform: user.platform, appId: user.appId, phone: phone === null ? null : boundPhoneJson(phone) };
}

export function consentJson(consent: AccountConsent): ConsentJson {
  return {
    id: consent.id,
    purpose: consent.purpose,
    policyVersion: consent.policyVersion,
    agreedAt: consent.agreedAt.toISOString(),
    scope: consent.scope,
    requestId: consent.requestId,
  };
}

/** What GET /api/me answers. */
export function meJson(user: AccountUser, phone: AccountPhone | null, consents: readonly AccountConsent[]): MeJson {
  return { ...accountUserJson(user, phone), consents: consents.map(consentJson) };
}
