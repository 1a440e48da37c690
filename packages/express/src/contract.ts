/**
 * The HTTP contract, in one place: what phonekit's routes answer. Clients
 * (the mini-programs) read these with `import type` only, so nothing of the
 * server reaches their bundles.
 *
 * - phone-number, 200: a `PhoneJson` (core's shape, the same for Alipay and
 *   WeChat), plus `"user"` when the request carried a session token;
 * - POST /api/alipay/login and POST /api/wechat/login, 200: a `LoginJson`;
 * - GET /api/me, 200: a `MeJson`; DELETE /api/me: 204;
 * - anything else: an `ApiErrorEnvelope`.
 */
import type { PhoneJson, UpstreamError } from '@phonekit/core';
import type { ApiErrorCode } from './errors/catalogue';

export type { PhoneJson, UpstreamError } from '@phonekit/core';
export type { ApiErrorCode } from './errors/catalogue';

/** The `error` of an error answer. */
export interface ApiErrorJson {
  readonly code: ApiErrorCode;
  readonly message: string;
  readonly hint: string;
  readonly hintZh: string;
  readonly retryable: boolean;
  /** What Alipay or WeChat answered, when the failure came from them. */
  readonly upstream?: UpstreamError;
}

/** Every error answer: `{"error": {code, message, hint, hintZh, retryable, upstream?}}`. */
export interface ApiErrorEnvelope {
  readonly error: ApiErrorJson;
}

/** The phone bound to a user, as the account answers show it. */
export interface BoundPhoneJson {
  /** For display: `138****2222`. */
  readonly masked: string;
  readonly e164: string;
  readonly countryCode: string;
  readonly nationalNumber: string;
}

/** A logged-in user, as login and phone-number answer it. */
export interface AccountUserJson {
  readonly id: string;
  readonly platform: 'alipay' | 'wechat' | 'douyin' | 'baidu' | 'qq' | 'kuaishou';
  readonly appId: string;
  readonly phone: BoundPhoneJson | null;
}

/** What the logins answer: `user` is null when the server keeps no accounts (WeChat only: the Alipay login needs accounts). */
export interface LoginJson {
  readonly sessionToken: string;
  readonly expiresIn: number;
  readonly user: AccountUserJson | null;
}

/** What phone-number answers: the phone, and the user it was bound to when the request carried a session token. */
export type PhoneNumberJson = PhoneJson & { readonly user?: AccountUserJson };

/** One consent record: who agreed to what, when, under which policy version. */
export interface ConsentJson {
  readonly id: string;
  readonly purpose: string;
  readonly policyVersion: string;
  /** ISO 8601. */
  readonly agreedAt: string;
  readonly scope: string | null;
  readonly requestId: string | null;
}

/** What GET /api/me answers. */
export interface MeJson extends AccountUserJson {
  readonly consents: readonly ConsentJson[];
}
