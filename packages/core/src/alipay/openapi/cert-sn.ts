import { PhonekitError } from '../../errors/phonekit-error';
import { alipayCertFields, alipaySnOf, certificatePemBlocks } from '../../lib/alipay-cert-fields';

const invalid = (message: string): PhonekitError => new PhonekitError('ALIPAY_CERTIFICATE_INVALID', { message });

/**
 * The SN Alipay names a certificate by, for `app_cert_sn` (from
 * appCertPublicKey_<appId>.crt) or to compare with an answer's
 * `alipay_cert_sn` (from alipayCertPublicKey_RSA2.crt): md5 hex of the issuer
 * name (`CN=...,OU=...,O=...,C=...`) followed by the serial number in decimal,
 * exactly as the official SDKs compute it (alipay-sdk antcertutil.ts getSN,
 * Java AntCertificationUtil.getCertSN). Of several certificates in the text,
 * the first is used, as the SDKs do.
 *
 * Throws ALIPAY_CERTIFICATE_INVALID when the text holds no readable certificate.
 *
 * @example
 * ```ts
 * const appCertSn = alipayCertSn(readFileSync('appCertPublicKey_2021001161683774.crt', 'utf8'));
 * // '866efef280dec9137a87d047ac446315'
 * ```
 */
export function alipayCertSn(certPem: string): string {
  if (typeof certPem !== 'string') throw invalid('The certificate must be PEM text.');
  const [first] = certificatePemBlocks(certPem);
  if (first === undefined) throw invalid('The text holds no PEM certificate ("-----BEGIN CERTIFICATE-----").');
  const fields = alipayCertFields(first);
  if (fields === null) throw invalid('The certificate could not be read: it may be truncated or not a certificate.');
  return alipaySnOf(fields);
}
