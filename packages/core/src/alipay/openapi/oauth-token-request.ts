import { PhonekitError } from '../../errors/phonekit-error';
import { shanghaiTimestamp } from '../../lib/shanghai-time';
import { isAlipaySignType, type AlipaySignType } from '../types';
import { ALIPAY_OAUTH_TOKEN_METHOD, type AlipayCertificateSns } from './types';

interface OauthTokenRequestCommon {
  /** The mini-program's appId (16 digits), the same app that called my.getAuthCode. */
  readonly appId: string;
  /** When the request is made; sent as Beijing time. */
  readonly timestamp: Date;
  /** The app's signing method in the console; RSA2 when absent. */
  readonly signType?: AlipaySignType;
  /** Certificate mode (公钥证书): adds app_cert_sn and alipay_root_cert_sn. */
  readonly certificate?: AlipayCertificateSns;
  /** A service provider calling for a merchant (第三方应用授权): the merchant's app_auth_token. */
  readonly appAuthToken?: string;
}

/** Exchange an auth code (grant_type=authorization_code) or refresh a token (grant_type=refresh_token). */
export type OauthTokenRequestInput = OauthTokenRequestCommon &
  ({ readonly authCode: string; readonly refreshToken?: undefined } | { readonly refreshToken: string; readonly authCode?: undefined });

/** What an auth code or token from a client may look like: Alipay's are 32-40 letters and digits. */
const TOKEN_TEXT = /^[\w.-]{1,128}$/;
const APP_ID_TEXT = /^\d{1,32}$/;
/** `[\w-]`: SNs are md5 hex, root SNs join them with "_". */
const SN_TEXT = /^[\w-]{1,512}$/;
const isSn = (value: unknown): value is string => typeof value === 'string' && SN_TEXT.test(value);

/**
 * The parameters of an alipay.system.oauth.token call, unsigned: the common
 * ones (`app_id`, `method`, `format=JSON`, `charset=utf-8`, `sign_type`,
 * `timestamp` as Beijing `yyyy-MM-dd HH:mm:ss`, `version=1.0`), the business
 * ones (`grant_type=authorization_code` + `code`, or
 * `grant_type=refresh_token` + `refresh_token`) and, in certificate mode,
 * `app_cert_sn` and `alipay_root_cert_sn`. Sign them with
 * {@link signAlipayOpenApiRequest}.
 *
 * The auth code comes from the client, so it is checked: ALIPAY_AUTH_CODE_INVALID
 * (or ALIPAY_REFRESH_TOKEN_INVALID) when it cannot be one; ALIPAY_APP_ID_INVALID
 * for an appId that is not digits; ALIPAY_CERTIFICATE_INVALID for SNs that are
 * not SNs.
 *
 * @example
 * ```ts
 * buildOauthTokenRequest({ appId: '2021001161683774', authCode: '4b203fe6c11548bcabd8da5bb087a83b', timestamp: new Date() });
 * // { app_id: '2021001161683774', method: 'alipay.system.oauth.token', format: 'JSON', charset: 'utf-8',
 * //   sign_type: 'RSA2', timestamp: '2024-05-13 17:49:20', version: '1.0',
 * //   grant_type: 'authorization_code', code: '4b203fe6c11548bcabd8da5bb087a83b' }
 * ```
 */
export function buildOauthTokenRequest(input: OauthTokenRequestInput): Record<string, string> {
  const { appId, timestamp, certificate, appAuthToken } = input;
  const signType = input.signType ?? 'RSA2';
  if (typeof appId !== 'string' || !APP_ID_TEXT.test(appId)) {
    throw new PhonekitError('ALIPAY_APP_ID_INVALID', { message: 'The appId must be the digits the console shows (16 for a mini-program).' });
  }
  if (!isAlipaySignType(signType)) {
    throw new PhonekitError('SIGN_TYPE_UNSUPPORTED', { message: `sign_type "${String(signType).slice(0, 16)}" is not RSA2 or RSA.` });
  }
  if (!(timestamp instanceof Date) || Number.isNaN(timestamp.getTime())) throw new TypeError('timestamp must be a valid Date.');
  const grant: Record<string, string> = {};
  if (input.authCode !== undefined && input.refreshToken !== undefined) throw new TypeError('Give authCode or refreshToken, not both.');
  // No refresh token means an auth code exchange, so a missing code from a client is an invalid code.
  if (input.refreshToken === undefined) {
    if (typeof input.authCode !== 'string' || !TOKEN_TEXT.test(input.authCode)) {
      throw new PhonekitError('ALIPAY_AUTH_CODE_INVALID', { message: 'The auth code is empty or not shaped like one (letters and digits from my.getAuthCode).' });
    }
    grant['grant_type'] = 'authorization_code';
    grant['code'] = input.authCode;
  } else {
    if (typeof input.refreshToken !== 'string' || !TOKEN_TEXT.test(input.refreshToken)) {
      throw new PhonekitError('ALIPAY_REFRESH_TOKEN_INVALID', { message: 'The refresh token is empty or not shaped like one.' });
    }
    grant['grant_type'] = 'refresh_token';
    grant['refresh_token'] = input.refreshToken;
  }
  const params: Record<string, string> = {
    app_id: appId,
    method: ALIPAY_OAUTH_TOKEN_METHOD,
    format: 'JSON',
    charset: 'utf-8',
    sign_type: signType,
    timestamp: shanghaiTimestamp(timestamp),
    version: '1.0',
    ...grant,
  };
  if (certificate !== undefined) {
    if (!isSn(certificate.appCertSn) || !isSn(certificate.alipayRootCertSn)) {
      throw new PhonekitError('ALIPAY_CERTIFICATE_INVALID', { message: 'app_cert_sn and alipay_root_cert_sn must be SNs computed from the certificates (hex, joined with "_").' });
    }
    params['app_cert_sn'] = certificate.appCertSn;
    params['alipay_root_cert_sn'] = certificate.alipayRootCertSn;
  }
  if (appAuthToken !== undefined) {
    if (typeof appAuthToken !== 'string' || !TOKEN_TEXT.test(appAuthToken)) throw new TypeError('appAuthToken must be the app_auth_token Alipay issued.');
    params['app_auth_token'] = appAuthToken;
  }
  return params;
}
