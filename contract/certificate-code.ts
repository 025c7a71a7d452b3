// The verification code in a certificate's QR, as both sides must read it: the kiosk signs the
// certificate's canonical content with its enrolled Ed25519 key (printers/certificate-signature.ts)
// and the central platform verifies it (central/services/certificate-verification-service.ts).
// One definition here, so the two can never build different bytes.
//
// Canonical content: the UTF-8 bytes of
//   JSON.stringify({ scheme, templateId, kioskId, trackingCode, issuedOn, rows })
// with the keys in exactly that order, `rows` every filled [label, value] row of the certificate
// in print order (headings, title, issuer and footer are template text, named by templateId),
// every string in Unicode NFC. What is signed is what the paper says.
//
// The code: `K24C1.<kioskId>.<trackingCode>.<signature, base64url>`: kiosk id and tracking code
// in clear, so the verifier knows whose key to use and which record the paper belongs to.

export const CERTIFICATE_SIGNATURE_SCHEME = 'kiosk24-certificate-v1';
export const CERTIFICATE_CODE_PREFIX = 'K24C1';

export interface CertificateContent {
  templateId: string;
  kioskId: string;
  trackingCode: string;
  /** YYYY-MM-DD, the day printed on the certificate. */
  issuedOn: string;
  rows: [label: string, value: string][];
}

const nfc = (s: string) => s.normalize('NFC');

export function canonicalCertificate(c: CertificateContent): string {
  return JSON.stringify({
    scheme: CERTIFICATE_SIGNATURE_SCHEME,
    templateId: nfc(c.templateId),
    kioskId: nfc(c.kioskId),
    trackingCode: nfc(c.trackingCode),
    issuedOn: nfc(c.issuedOn),
    rows: c.rows.map(([label, value]) => [nfc(label), nfc(value)]),
  });
}

/** What may stand for a kiosk id or tracking code inside a code. */
export const CERTIFICATE_CODE_PART = /^[A-Za-z0-9_-]{1,64}$/;

/** The parts of a code, signature still base64url; null for anything malformed. */
export function parseCertificateCode(
  code: string,
): { kioskId: string; trackingCode: string; signature: string } | null {
  const m = /^K24C1\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{86})$/.exec(
    code.trim(),
  );
  return m ? { kioskId: m[1]!, trackingCode: m[2]!, signature: m[3]! } : null;
}
