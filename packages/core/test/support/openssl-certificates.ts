/**
 * Certificates made by the openssl CLI for the SN tests: CAs and leaves with
 * chosen subjects, serial numbers and signature algorithms (RSA with SHA-1 or
 * SHA-256, ECDSA, SM2), in one OpensslWorkspace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpensslWorkspace } from './openssl';

export type CertificateKeyAlgorithm = 'rsa' | 'ec' | 'sm2';
export type CertificateDigest = 'sha1' | 'sha256' | 'sha384' | 'sm3';

export interface OpensslCertificate {
  readonly pem: string;
  readonly certPath: string;
  readonly keyPath: string;
}

export interface CertificateSpec {
  /** File name stem, unique in the workspace. */
  readonly name: string;
  /** openssl -subj syntax, e.g. `/C=CN/O=Ant Financial/CN=Root`; UTF-8 allowed. */
  readonly subject: string;
  readonly keyAlgorithm?: CertificateKeyAlgorithm;
  readonly digest?: CertificateDigest;
  /** openssl -set_serial: decimal, `0x`-hex, or negative. Random when absent. */
  readonly serial?: string;
  /** The CA that signs it; self-signed when absent. */
  readonly issuer?: OpensslCertificate;
  /** `+` in the subject makes a multi-valued RDN. */
  readonly multivalueRdn?: boolean;
}

const KEY_ARGS: Readonly<Record<CertificateKeyAlgorithm, readonly string[]>> = {
  rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  ec: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  sm2: ['-algorithm', 'SM2'],
};

/** Makes one certificate (and its key) with the openssl CLI. */
export function makeCertificate(openssl: OpensslWorkspace, spec: CertificateSpec): OpensslCertificate {
  const keyPath = join(openssl.dir, `${spec.name}.key`);
  const certPath = join(openssl.dir, `${spec.name}.crt`);
  const algorithm = spec.keyAlgorithm ?? 'rsa';
  const digest = spec.digest ?? (algorithm === 'sm2' ? 'sm3' : 'sha256');
  openssl.run(['genpkey', ...KEY_ARGS[algorithm], '-out', keyPath]);
  const serial = spec.serial === undefined ? [] : ['-set_serial', spec.serial];
  const multivalue = spec.multivalueRdn === true ? ['-multivalue-rdn'] : [];
  if (spec.issuer === undefined) {
    openssl.run(['req', '-x509', '-new', '-key', keyPath, '-utf8', ...multivalue, '-subj', spec.subject, '-days', '1', `-${digest}`, ...serial, '-out', certPath]);
  } else {
    const csrPath = join(openssl.dir, `${spec.name}.csr`);
    openssl.run(['req', '-new', '-key', keyPath, '-utf8', ...multivalue, '-subj', spec.subject, '-out', csrPath]);
    openssl.run([
      'x509', '-req', '-in', csrPath, '-CA', spec.issuer.certPath, '-CAkey', spec.issuer.keyPath,
      '-days', '1', `-${digest}`, ...(serial.length > 0 ? serial : ['-CAcreateserial']), '-out', certPath,
    ]);
  }
  return { pem: readFileSync(certPath, 'utf8'), certPath, keyPath };
}

/** What `openssl x509 -serial` prints (upper-case hex, "-" for a negative one) as a decimal string. */
export function opensslSerialDecimal(openssl: OpensslWorkspace, certificate: OpensslCertificate): string {
  const hex = openssl.run(['x509', '-in', certificate.certPath, '-noout', '-serial']).toString('utf8').trim().replace(/^serial=/, '');
  return hex.startsWith('-') ? `-${BigInt(`0x${hex.slice(1)}`).toString(10)}` : BigInt(`0x${hex}`).toString(10);
}

/** The issuer as RFC 2253 prints it (most specific first, "," between), UTF-8 left as is. */
export function opensslIssuerRfc2253(openssl: OpensslWorkspace, certificate: OpensslCertificate): string {
  return openssl.run(['x509', '-in', certificate.certPath, '-noout', '-issuer', '-nameopt', 'RFC2253,-esc_msb']).toString('utf8').trim().replace(/^issuer=/, '');
}

/** `openssl dgst -md5` of UTF-8 text, as hex. */
export function opensslMd5Hex(openssl: OpensslWorkspace, text: string): string {
  return openssl.run(['dgst', '-md5', '-r'], Buffer.from(text, 'utf8')).toString('utf8').trim().split(' ')[0] ?? '';
}
