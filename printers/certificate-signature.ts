// The verification code in a certificate's QR: the kiosk's Ed25519 signature over the
// certificate's canonical content, which the central platform checks with the public key the
// kiosk enrolled (central/services/certificate-verification-service.ts builds the same canonical
// form; a test holds the two to each other).
//
// Canonical content: the UTF-8 bytes of
//   JSON.stringify({ scheme, templateId, kioskId, trackingCode, issuedOn, rows })
// with the keys in exactly that order, `scheme` = "kiosk24-certificate-v1", `rows` every filled
// [label, value] row of the certificate in print order (section headings, title, issuer and
// footer are template text, named by templateId), and every string in Unicode NFC. What is signed
// is what the paper says, so one changed character of a row breaks the signature.
//
// The code: `K24C1.<kioskId>.<trackingCode>.<signature, base64url>` (about 120 characters):
// kiosk id and tracking code in clear, so the verifier knows whose key to use and which record
// the certificate belongs to.
import { sign, verify, type KeyObject } from 'node:crypto';
import type { DocumentTemplate } from '../catalog/schema.ts';
import { fillTemplate } from './certificate-template.ts';

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

function field(data: Record<string, unknown>, key: string): string {
  const v = data[key];
  if (typeof v !== 'string' || v === '') {
    throw new Error(`certificate data needs "${key}" to sign the certificate`);
  }
  return v;
}

/** The content the code covers, from the template and the data the certificate is filled with. */
export function certificateContent(
  template: DocumentTemplate,
  data: Record<string, unknown>,
): CertificateContent {
  const filled = fillTemplate(template, data);
  return {
    templateId: template.id,
    kioskId: field(data, 'kioskId'),
    trackingCode: field(data, 'trackingCode'),
    issuedOn: field(data, 'issuedOn'),
    rows: filled.sections.flatMap((s) => s.rows.map((r) => [r.label, r.value] as [string, string])),
  };
}

const CODE_PART = /^[A-Za-z0-9_-]{1,64}$/;

export function signCertificate(content: CertificateContent, privateKey: KeyObject): string {
  for (const [name, part] of [
    ['kioskId', content.kioskId],
    ['trackingCode', content.trackingCode],
  ]) {
    if (!CODE_PART.test(part!)) throw new Error(`${name} cannot go into a verification code`);
  }
  const signature = sign(null, Buffer.from(canonicalCertificate(content), 'utf8'), privateKey);
  return [
    CERTIFICATE_CODE_PREFIX,
    content.kioskId,
    content.trackingCode,
    signature.toString('base64url'),
  ].join('.');
}

export interface ParsedCertificateCode {
  kioskId: string;
  trackingCode: string;
  signature: Buffer;
}

export function parseCertificateCode(code: string): ParsedCertificateCode | null {
  const m = /^K24C1\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{86})$/.exec(
    code.trim(),
  );
  if (!m) return null;
  return { kioskId: m[1]!, trackingCode: m[2]!, signature: Buffer.from(m[3]!, 'base64url') };
}

/** True when `code` is the kiosk's signature of exactly this content. */
export function verifyCertificateCode(
  code: string,
  content: CertificateContent,
  publicKey: KeyObject,
): boolean {
  const parsed = parseCertificateCode(code);
  if (!parsed || parsed.kioskId !== content.kioskId) return false;
  if (parsed.trackingCode !== content.trackingCode) return false;
  try {
    return verify(
      null,
      Buffer.from(canonicalCertificate(content), 'utf8'),
      publicKey,
      parsed.signature,
    );
  } catch {
    return false;
  }
}
