// @phonekit/core: types and crypto for mini-program phone numbers. No I/O.

export { CORE_ERROR_CATALOGUE, CORE_ERROR_CODES, isCoreErrorCode } from './errors/catalogue';
export type { CoreErrorCode, CoreErrorEntry } from './errors/catalogue';
export { PhonekitError } from './errors/phonekit-error';
export type { PhonekitErrorOptions, UpstreamError } from './errors/phonekit-error';

export { isRecord } from './lib/is-record';

export { ALIPAY_SIGN_TYPES, isAlipaySignType } from './alipay/types';
export type { AlipayBusinessBody, AlipaySignType, ParsedAlipayPhoneResponse } from './alipay/types';
export { parseAlipayPhoneResponse } from './alipay/parse-phone-response';
export { loadAlipayPublicKey } from './alipay/public-key';
export type { AlipayPublicKey, AlipayPublicKeyFormat } from './alipay/public-key';
export { loadAlipayAesKey } from './alipay/aes-key';
export type { AlipayAesKey } from './alipay/aes-key';
export { verifyAlipaySign } from './alipay/verify-sign';
export { decryptAlipayContent } from './alipay/decrypt-content';
export { interpretAlipayBody, upstreamOf } from './alipay/interpret-body';
export {
  inspectAlipayPhoneResponse,
  inspectParsedAlipayPhoneResponse,
  openAlipayPhoneResponse,
  openParsedAlipayPhoneResponse,
} from './alipay/inspect-phone-response';
export type { AlipayAppKeys, AlipayInspection, InspectOptions, SignatureStatus } from './alipay/inspect-phone-response';

// Alipay OpenAPI gateway: the login (alipay.system.oauth.token) and certificate mode.
export { ALIPAY_OAUTH_TOKEN_METHOD } from './alipay/openapi/types';
export type { AlipayCertificateSns, AlipayOauthToken, AlipayOpenApiParams } from './alipay/openapi/types';
export { loadAlipayAppPrivateKey } from './alipay/openapi/app-private-key';
export type { AlipayAppPrivateKey, AlipayAppPrivateKeyFormat } from './alipay/openapi/app-private-key';
export { alipayOpenApiSignContent } from './alipay/openapi/sign-content';
export { signAlipayOpenApiRequest } from './alipay/openapi/sign-request';
export { buildOauthTokenRequest } from './alipay/openapi/oauth-token-request';
export type { OauthTokenRequestInput } from './alipay/openapi/oauth-token-request';
export { verifyAlipayOpenApiResponse } from './alipay/openapi/verify-response';
export type { VerifiedAlipayOpenApiResponse } from './alipay/openapi/verify-response';
export { verifyAlipayOauthTokenResponse } from './alipay/openapi/oauth-token-response';
export { alipayCertSn } from './alipay/openapi/cert-sn';
export { alipayRootCertSn } from './alipay/openapi/root-cert-sn';

export { keyTextSource } from './keys/key-text-source';
export type { KeyTextSource } from './keys/key-text-source';

export { normalisePhone, normalisePhoneParts } from './phone/normalise-phone';
export type { NormalisedPhone } from './phone/normalise-phone';
export { maskPhone } from './phone/mask-phone';
export { toPhoneJson } from './phone/phone-json';
export type { PhoneJson } from './phone/phone-json';

export { decryptWechatData } from './wechat/decrypt-wechat-data';
export type { DecryptWechatDataInput, WechatPhoneData } from './wechat/decrypt-wechat-data';
export { decryptWechatEncryptedData } from './wechat/decrypt-wechat-encrypted-data';

// QQ, Douyin, Kuaishou and Baidu mini-programs.
export type { DecryptSessionDataInput } from './lib/session-key-data';
export { decryptQqEncryptedData, decryptQqPhoneData } from './qq/decrypt-qq-data';
export { decryptKuaishouEncryptedData, decryptKuaishouPhoneData } from './kuaishou/decrypt-kuaishou-data';
export { decryptDouyinEncryptedData, decryptDouyinPhoneData } from './douyin/decrypt-douyin-data';
export { loadDouyinPrivateKey } from './douyin/douyin-private-key';
export type { DouyinPrivateKey } from './douyin/douyin-private-key';
export { decryptDouyinPhoneInfo, decryptDouyinPhoneNumber } from './douyin/decrypt-douyin-phone';
export type { DecryptDouyinPhoneInfoInput } from './douyin/decrypt-douyin-phone';
export { decryptBaiduEncryptedData, decryptBaiduPhoneData } from './baidu/decrypt-baidu-data';
export type { DecryptBaiduDataInput } from './baidu/decrypt-baidu-data';
