import { PhonekitError } from '../../errors/phonekit-error';
import { alipayCertFields, alipaySnOf, certificatePemBlocks } from '../../lib/alipay-cert-fields';

const invalid = (message: string): PhonekitError => new PhonekitError('ALIPAY_CERTIFICATE_INVALID', { message });

/**
 * PKCS#1 signature algorithms (sha1WithRSAEncryption, sha256WithRSAEncryption,
 * ...): the SDKs keep a root certificate when its signature algorithm OID
 * starts with this (Java: `c.getSigAlgOID().startsWith("1.2.840.113549.1.1")`,
 * Node: `item.signatureOID.startsWith('1.2.840.113549.1.1')`), which skips the
 * SM2 (1.2.156.10197.1.501) and ECDSA roots of the bundle. The same plain
 * string prefix, so the same certificates are kept.
 */
const RSA_SIGNATURE_PREFIX = '1.2.840.113549.1.1';

/**
 * `alipay_root_cert_sn`: the SNs (see {@link alipayCertSn}) of the
 * RSA-signed certificates of alipayRootCert.crt, in file order, joined with
 * "_", exactly as the official SDKs compute it (alipay-sdk antcertutil.ts
 * getRootCertSN, Java AntCertificationUtil.getRootCertSN). Pass the whole
 * bundle, as the console issues it.
 *
 * Throws ALIPAY_CERTIFICATE_INVALID when a block is not a readable
 * certificate or none of them is RSA-signed.
 *
 * @example
 * ```ts
 * alipayRootCertSn(readFileSync('alipayRootCert.crt', 'utf8'));
 * // '687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6'
 * ```
 */
export function alipayRootCertSn(rootCertPem: string): string {
  if (typeof rootCertPem !== 'string') throw invalid('The root certificate bundle must be PEM text.');
  const blocks = certificatePemBlocks(rootCertPem);
  if (blocks.length === 0) throw invalid('The text holds no PEM certificate ("-----BEGIN CERTIFICATE-----").');
  const sns: string[] = [];
  for (const [index, block] of blocks.entries()) {
    const fields = alipayCertFields(block);
    if (fields === null) throw invalid(`Certificate ${index + 1} of the bundle could not be read: it may be truncated.`);
    if (fields.signatureAlgorithmOid.startsWith(RSA_SIGNATURE_PREFIX)) sns.push(alipaySnOf(fields));
  }
  if (sns.length === 0) {
    throw invalid('No certificate of the bundle is RSA-signed: alipayRootCert.crt always holds some; this looks like another file.');
  }
  return sns.join('_');
}
