import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl } from './openssl';

/**
 * The Alipay login's keys and certificates, made with the openssl CLI: the
 * application key pair in every form the server reads, and certificate
 * mode's files (a root CA standing in for alipayRootCert.crt, and an app
 * certificate it issued, as the console issues appCertPublicKey_<appId>.crt).
 */
export interface OpensslAppLoginKeys {
  readonly dir: string;
  /** PKCS#8 PEM ("BEGIN PRIVATE KEY"), as openssl genpkey writes it. */
  readonly privateKeyPath: string;
  readonly privateKeyPem: string;
  /** PKCS#8 DER as one line of base64, the key tool's "PKCS8(Java适用)" form. */
  readonly privateKeyBase64: string;
  /** PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"). */
  readonly privateKeyPkcs1Path: string;
  /** PKCS#1 DER as one line of base64 (MIIEpA...). */
  readonly privateKeyPkcs1Base64: string;
  /** SPKI bare base64: the application public key (应用公钥) uploaded to the console. */
  readonly publicKeyBase64: string;
  /** A self-signed RSA CA: the root bundle. */
  readonly rootCertPath: string;
  /** The app certificate, issued by the root over the application key. */
  readonly appCertPath: string;
}

const base64Of = (der: Buffer): string => der.toString('base64');

export function makeOpensslAppLoginKeys(dir: string, appId = '2021000000000001'): OpensslAppLoginKeys {
  mkdirSync(dir, { recursive: true });
  const privateKeyPath = join(dir, 'app-private.pem');
  const privateKeyPkcs1Path = join(dir, 'app-private-pkcs1.pem');
  const rootKeyPath = join(dir, 'root.key');
  const rootCertPath = join(dir, 'alipayRootCert.crt');
  const csrPath = join(dir, 'app.csr');
  const appCertPath = join(dir, `appCertPublicKey_${appId}.crt`);
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', privateKeyPath]);
  openssl(['rsa', '-in', privateKeyPath, '-traditional', '-out', privateKeyPkcs1Path]);
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', rootKeyPath]);
  openssl(['req', '-x509', '-new', '-key', rootKeyPath, '-days', '365', '-subj', '/C=CN/O=phonekit test/OU=Certification Authority/CN=phonekit test Root R1', '-out', rootCertPath]);
  openssl(['req', '-new', '-key', privateKeyPath, '-subj', `/C=CN/O=phonekit test/CN=${appId}`, '-out', csrPath]);
  openssl(['x509', '-req', '-in', csrPath, '-CA', rootCertPath, '-CAkey', rootKeyPath, '-CAcreateserial', '-days', '365', '-out', appCertPath]);
  const privateKeyPem = readFileSync(privateKeyPath, 'utf8');
  return {
    dir,
    privateKeyPath,
    privateKeyPem,
    privateKeyBase64: privateKeyPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''),
    privateKeyPkcs1Path,
    privateKeyPkcs1Base64: base64Of(openssl(['rsa', '-in', privateKeyPath, '-traditional', '-outform', 'DER'])),
    publicKeyBase64: base64Of(openssl(['pkey', '-in', privateKeyPath, '-pubout', '-outform', 'DER'])),
    rootCertPath,
    appCertPath,
  };
}

/**
 * A certificate's SN as the official SDKs compute it, by openssl alone: the
 * md5 hex of the issuer in RFC 2253 order (`CN=...,OU=...,O=...,C=...`, what
 * the SDKs print for plain names) followed by the serial number in decimal.
 */
export function opensslAlipayCertSn(certPath: string): string {
  const issuer = openssl(['x509', '-in', certPath, '-noout', '-issuer', '-nameopt', 'RFC2253']).toString('utf8').trim().replace(/^issuer=/, '');
  const serialHex = openssl(['x509', '-in', certPath, '-noout', '-serial']).toString('utf8').trim().replace(/^serial=/, '');
  return openssl(['dgst', '-md5', '-r'], `${issuer}${BigInt(`0x${serialHex}`).toString(10)}`).toString('utf8').trim().split(' ')[0] ?? '';
}

/** Base64 wrapped at 64 characters a line, as a PEM body (or a paste from a text file) is. */
export function wrapped(base64: string): string {
  return (base64.match(/.{1,64}/g) ?? []).join('\n');
}
