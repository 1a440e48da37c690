import { generateKeyPairSync } from 'node:crypto';

/**
 * The app's own RSA key pair, as Alipay's key tool (支付宝开放平台密钥工具)
 * makes it: the application private key signs OpenAPI requests (the server
 * holds it); its public half is what the developer uploads under 接口加签方式,
 * and the gateway verifies requests with it.
 */
export interface AlipaySandboxAppKeys {
  /** The application private key (应用私钥), PKCS#8 PEM. */
  readonly appPrivateKeyPem: string;
  /** The same key as bare base64 PKCS#8, as the key tool shows it ("PKCS8(Java适用)"). */
  readonly appPrivateKeyBase64: string;
  /** The application public key (应用公钥), SPKI PEM: what the fake gateway verifies requests with. */
  readonly appPublicKeyPem: string;
  /** The same public key as bare base64 SPKI, as uploaded to the console. */
  readonly appPublicKeyBase64: string;
}

const base64Of = (pem: string): string => pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');

/**
 * A fresh application key pair (RSA-2048, about 100 ms).
 *
 * @example
 * ```ts
 * const appKeys = generateAlipaySandboxAppKeys();
 * new FakeAlipayGateway({ appId, appPublicKeyPem: appKeys.appPublicKeyPem, alipayPrivateKeyPem: keys.privateKeyPem });
 * ```
 */
export function generateAlipaySandboxAppKeys(): AlipaySandboxAppKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  const appPrivateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const appPublicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { appPrivateKeyPem, appPrivateKeyBase64: base64Of(appPrivateKeyPem), appPublicKeyPem, appPublicKeyBase64: base64Of(appPublicKeyPem) };
}
