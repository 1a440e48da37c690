import { PhonekitError } from '../../errors/phonekit-error';
import type { AlipayPublicKey } from '../public-key';
import type { AlipaySignType } from '../types';
import { ALIPAY_OAUTH_TOKEN_METHOD, type AlipayOauthToken } from './types';
import { verifyAlipayOpenApiResponse } from './verify-response';

const malformed = (message: string): PhonekitError => new PhonekitError('ALIPAY_GATEWAY_RESPONSE_MALFORMED', { message });

function text(body: Readonly<Record<string, unknown>>, key: string, required: true): string;
function text(body: Readonly<Record<string, unknown>>, key: string, required: false): string | undefined;
function text(body: Readonly<Record<string, unknown>>, key: string, required: boolean): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') {
    if (required) throw malformed(`The token answer has no "${key}".`);
    return undefined;
  }
  if (typeof value !== 'string') throw malformed(`"${key}" must be a string.`);
  return value;
}

/** Seconds: Alipay sends a number, its docs show a string ("3600"); both are read. */
function seconds(body: Readonly<Record<string, unknown>>, key: string): number {
  const value = body[key];
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw malformed(`"${key}" must be a number of seconds.`);
  return n;
}

/**
 * Reads an alipay.system.oauth.token answer: verifies it with
 * {@link verifyAlipayOpenApiResponse} (sign over the raw
 * `alipay_system_oauth_token_response` text; errors thrown as their
 * catalogued codes: ALIPAY_AUTH_CODE_INVALID for a wrong, used or expired
 * code, and so on), then reads `access_token`, `refresh_token`,
 * `expires_in`, `re_expires_in`, `auth_start`, and `user_id` and/or `open_id`
 * (apps created since Alipay's open_id upgrade get only `open_id`; at least
 * one is required) and `union_id`.
 *
 * @example
 * ```ts
 * const token = verifyAlipayOauthTokenResponse(await res.text(), alipayKey, 'RSA2');
 * token.subject; // { kind: 'open_id', id: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5' }
 * ```
 */
export function verifyAlipayOauthTokenResponse(rawText: string, alipayPublicKey: AlipayPublicKey, signType: AlipaySignType = 'RSA2'): AlipayOauthToken {
  const { body, alipayCertSn } = verifyAlipayOpenApiResponse(rawText, ALIPAY_OAUTH_TOKEN_METHOD, alipayPublicKey, signType);
  const userId = text(body, 'user_id', false);
  const openId = text(body, 'open_id', false);
  const subject = userId !== undefined ? ({ kind: 'user_id', id: userId } as const) : openId !== undefined ? ({ kind: 'open_id', id: openId } as const) : undefined;
  if (subject === undefined) throw malformed('The token answer has neither "user_id" nor "open_id".');
  return {
    accessToken: text(body, 'access_token', true),
    refreshToken: text(body, 'refresh_token', true),
    expiresIn: seconds(body, 'expires_in'),
    reExpiresIn: seconds(body, 're_expires_in'),
    authStart: text(body, 'auth_start', false),
    userId,
    openId,
    unionId: text(body, 'union_id', false),
    subject,
    alipayCertSn,
  };
}
