/**
 * The official Node SDK (alipay-sdk, a devDependency only) as the
 * independent party: its certificate SNs and its request signatures. It does
 * not export getSN or sign, so both are read from what a configured AlipaySdk
 * computes: `config.appCertSn` and friends, and the signed query string of
 * sdkExecute.
 */
import { AlipaySdk } from 'alipay-sdk';

export interface OfficialSns {
  readonly appCertSn: string;
  readonly alipayCertSn: string;
  readonly alipayRootCertSn: string;
}

/** The SNs alipay-sdk computes for these three certificates (certificate mode). */
export function officialSns(appPrivateKeyPem: string, certificates: { readonly appCert: string; readonly alipayCert: string; readonly rootCert: string }): OfficialSns {
  const sdk = new AlipaySdk({
    appId: '2021000000000000',
    privateKey: appPrivateKeyPem,
    keyType: 'PKCS8',
    appCertContent: certificates.appCert,
    alipayPublicCertContent: certificates.alipayCert,
    alipayRootCertContent: certificates.rootCert,
  });
  return { appCertSn: sdk.config.appCertSn, alipayCertSn: sdk.config.alipayCertSn, alipayRootCertSn: sdk.config.alipayRootCertSn };
}

export interface OfficialRequestOptions {
  readonly appId: string;
  readonly appPrivateKeyPem: string;
  readonly signType?: 'RSA2' | 'RSA';
  readonly certificates?: { readonly appCert: string; readonly alipayCert: string; readonly rootCert: string };
}

/** The parameters alipay-sdk signs and sends for an alipay.system.oauth.token call, sign included. */
export function officialOauthTokenRequest(options: OfficialRequestOptions, authCode: string): Record<string, string> {
  const sdk = new AlipaySdk({
    appId: options.appId,
    privateKey: options.appPrivateKeyPem,
    keyType: 'PKCS8',
    signType: options.signType ?? 'RSA2',
    ...(options.certificates === undefined
      ? {}
      : {
          appCertContent: options.certificates.appCert,
          alipayPublicCertContent: options.certificates.alipayCert,
          alipayRootCertContent: options.certificates.rootCert,
        }),
  });
  const query = sdk.sdkExecute('alipay.system.oauth.token', { grantType: 'authorization_code', code: authCode });
  return Object.fromEntries(new URLSearchParams(query));
}

/**
 * What alipay-sdk's own check says of a my.getPhoneNumber res.response: the
 * check Alipay documents for it (https://opendocs.alipay.com/common/02mse3,
 * which the SDK cites beside rsaCheck) parses the text, verifies the sign
 * over '"' + the parsed response + '"', then aesDecrypt decrypts it.
 */
export function officialPhoneResponseCheck(
  responseText: string,
  keys: { readonly appPrivateKeyPem: string; readonly alipayPublicKeyPem: string; readonly aesKeyBase64: string },
): { readonly verified: boolean; readonly rawSliceVerified: (rawSlice: string) => boolean; readonly decrypted: unknown } {
  const sdk = new AlipaySdk({
    appId: '2021000000000000',
    privateKey: keys.appPrivateKeyPem,
    keyType: 'PKCS8',
    alipayPublicKey: keys.alipayPublicKeyPem,
    encryptKey: keys.aesKeyBase64,
  });
  const parsed = JSON.parse(responseText) as { response: string; sign: string; sign_type?: 'RSA2' | 'RSA' };
  const verified = sdk.rsaCheck(`"${parsed.response}"`, parsed.sign, parsed.sign_type ?? 'RSA2');
  return {
    verified,
    rawSliceVerified: (rawSlice) => sdk.rsaCheck(rawSlice, parsed.sign, parsed.sign_type ?? 'RSA2'),
    // aesDecrypt answers the plaintext (the business JSON) as text.
    decrypted: verified ? (JSON.parse(sdk.aesDecrypt(parsed.response)) as unknown) : undefined,
  };
}
