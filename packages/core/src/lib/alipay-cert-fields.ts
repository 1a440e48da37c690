import { X509Certificate, createHash } from 'node:crypto';
import { DER_CONTEXT_0, DER_INTEGER, DER_SEQUENCE, DER_SET, derChildren, derItemAt, derOid, derSignedInteger, type DerItem } from './der';

/**
 * What Alipay's certificate serial number ("SN") is made of, read from one
 * certificate: the issuer name as the SDKs print it, the serial number, and
 * the signature algorithm (the root bundle keeps only RSA-signed ones).
 *
 * Node's X509Certificate parses and validates the certificate; the fields are
 * then read from its DER (`raw`) because X509Certificate neither prints the
 * issuer in the SDKs' order and format nor, in Node 20, exposes the
 * signature algorithm.
 */
export interface AlipayCertFields {
  /** `CN=...,OU=...,O=...,C=...`: attributes in reverse order, as the official SDKs hash it. */
  readonly issuer: string;
  /** The serial number in decimal (signed, as Java's BigInteger reads it). */
  readonly serialDecimal: string;
  /** The outer signatureAlgorithm OID, e.g. 1.2.840.113549.1.1.11 (sha256WithRSAEncryption). */
  readonly signatureAlgorithmOid: string;
}

/**
 * The short names the official Node SDK (alipay-sdk 4.x antcertutil.ts, via
 * @fidm/x509) prints; any other attribute type is printed with an empty name
 * ("=value"). Alipay's CAs use only C, O, OU and CN, for which this equals the
 * Java SDK's getIssuerX500Principal().getName() (RFC 2253) as well.
 */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'E',
};

/**
 * Issuer Name -> `CN=a,OU=b,O=c,C=d`. Every AttributeTypeAndValue of every
 * RDN, in certificate order, then reversed (antcertutil's reduceRight), each
 * value its raw bytes decoded as UTF-8 (what @fidm/asn1 does for every string
 * type), joined with "," and no escaping.
 */
function issuerText(der: Uint8Array, name: DerItem): string | null {
  const rdns = derChildren(der, name);
  if (rdns === null) return null;
  const parts: string[] = [];
  for (const rdn of rdns) {
    if (rdn.tag !== DER_SET) return null;
    const attributes = derChildren(der, rdn);
    if (attributes === null) return null;
    for (const attribute of attributes) {
      const pair = attribute.tag === DER_SEQUENCE ? derChildren(der, attribute) : null;
      const [type, value] = pair ?? [];
      if (pair?.length !== 2 || type === undefined || value === undefined) return null;
      const oid = derOid(der, type);
      if (oid === null) return null;
      parts.push(`${SHORT_NAMES[oid] ?? ''}=${Buffer.from(der.subarray(value.start, value.end)).toString('utf8')}`);
    }
  }
  return parts.reverse().join(',');
}

/** Reads the SN fields of one PEM or DER certificate; null when it is not a certificate. */
export function alipayCertFields(certificate: string | Buffer): AlipayCertFields | null {
  let der: Buffer;
  try {
    der = new X509Certificate(certificate).raw;
  } catch {
    return null;
  }
  const outer = derItemAt(der, 0, der.length);
  const top = outer?.tag === DER_SEQUENCE ? derChildren(der, outer) : null;
  const [tbs, signatureAlgorithm] = top ?? [];
  if (tbs?.tag !== DER_SEQUENCE || signatureAlgorithm?.tag !== DER_SEQUENCE) return null;
  const fields = derChildren(der, tbs);
  if (fields === null) return null;
  // version [0] is absent in v1 certificates.
  const offset = fields[0]?.tag === DER_CONTEXT_0 ? 1 : 0;
  const serial = fields[offset];
  const issuer = fields[offset + 2];
  const algorithm = derChildren(der, signatureAlgorithm)?.[0];
  if (serial?.tag !== DER_INTEGER || issuer?.tag !== DER_SEQUENCE || algorithm === undefined) return null;
  const serialValue = derSignedInteger(der, serial);
  const issuerName = issuerText(der, issuer);
  const oid = derOid(der, algorithm);
  if (serialValue === null || issuerName === null || oid === null) return null;
  return { issuer: issuerName, serialDecimal: serialValue.toString(10), signatureAlgorithmOid: oid };
}

/** md5 hex of issuer + decimal serial: the SN Alipay names a certificate by. */
export function alipaySnOf(fields: AlipayCertFields): string {
  return createHash('md5').update(`${fields.issuer}${fields.serialDecimal}`, 'utf8').digest('hex');
}

/** The PEM blocks of every certificate in `text`, in order. */
export function certificatePemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
}
