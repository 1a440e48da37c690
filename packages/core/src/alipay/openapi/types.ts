/** The OpenAPI method that exchanges an auth code (from my.getAuthCode) for the user's identity and tokens. */
export const ALIPAY_OAUTH_TOKEN_METHOD = 'alipay.system.oauth.token';

/** OpenAPI request parameters as the gateway reads them: names and string values, before URL encoding. */
export type AlipayOpenApiParams = Readonly<Record<string, string>>;

/** Certificate mode (公钥证书): the SNs every request carries, from {@link alipayCertSn} and {@link alipayRootCertSn}. */
export interface AlipayCertificateSns {
  /** SN of appCertPublicKey_<appId>.crt. */
  readonly appCertSn: string;
  /** SN of the RSA certificates of alipayRootCert.crt. */
  readonly alipayRootCertSn: string;
}

/**
 * What alipay.system.oauth.token answers, read. Tokens are secrets: they
 * never belong in a log line.
 */
export interface AlipayOauthToken {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds the access token lives, from authStart. */
  readonly expiresIn: number;
  /** Seconds the refresh token lives. */
  readonly reExpiresIn: number;
  /** `yyyy-MM-dd HH:mm:ss` (Beijing time) when the authorisation started, when Alipay sent it. */
  readonly authStart: string | undefined;
  /** `2088...` (16 digits): what older apps get. */
  readonly userId: string | undefined;
  /** What apps created since Alipay's open_id upgrade get instead of user_id. */
  readonly openId: string | undefined;
  /** Same across the apps of one app group (应用分组), when configured. */
  readonly unionId: string | undefined;
  /**
   * The identifier to key the user by for this app: user_id when Alipay sent
   * one (an older app keeps the ids it has always had), else open_id.
   */
  readonly subject: { readonly kind: 'user_id' | 'open_id'; readonly id: string };
  /** Certificate mode: the SN of the Alipay certificate that signed the answer. */
  readonly alipayCertSn: string | undefined;
}
