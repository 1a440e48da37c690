import { X509Certificate } from 'node:crypto';
import { CERTIFICATE_WARNING_DAYS, DAY_MS, type FindingStatus } from './doctor-findings';

/** Every certificate in a PEM text, in order (an unreadable one as null). */
export function certificatesIn(text: string): (X509Certificate | null)[] {
  return (text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).map((pem) => {
    try {
      return new X509Certificate(pem);
    } catch {
      return null;
    }
  });
}

export const commonName = (cert: X509Certificate): string => /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? cert.subject.replace(/\n/g, ', ');

export const isSelfSigned = (cert: X509Certificate): boolean => cert.issuer === cert.subject && cert.verify(cert.publicKey);

/**
 * What a certificate's dates say at `now`: expired or not yet valid (a
 * problem), expiring within 30 days (a note), or nothing to say. `renew` is
 * the fix, e.g. "download the current alipayRootCert.crt from the Alipay console".
 */
export function validityFinding(validity: { readonly validFrom: string; readonly validTo: string }, now: Date, renew: string): [FindingStatus, string] | undefined {
  const notAfter = Date.parse(validity.validTo);
  const notBefore = Date.parse(validity.validFrom);
  if (!Number.isNaN(notAfter) && notAfter < now.getTime()) return ['problem', `the certificate expired on ${validity.validTo}: ${renew}.`];
  if (!Number.isNaN(notBefore) && notBefore > now.getTime()) return ['problem', `the certificate is not valid before ${validity.validFrom}: check the server clock, or the file.`];
  if (!Number.isNaN(notAfter) && notAfter - now.getTime() < CERTIFICATE_WARNING_DAYS * DAY_MS) return ['note', `the certificate expires on ${validity.validTo}: renew it in the Alipay console soon.`];
  return undefined;
}
