// The kiosk's half of certificate verification: it signs the canonical content of a filled
// certificate with its enrolled Ed25519 key. The canonical form and the code's layout are shared
// with the central platform's verifier (contract/certificate-code.ts).
import { sign, verify, type KeyObject } from 'node:crypto';
import type { DocumentTemplate } from '../catalog/schema.ts';
import {
  canonicalCertificate,
  CERTIFICATE_CODE_PART,
  CERTIFICATE_CODE_PREFIX,
  parseCertificateCode,
  type CertificateContent,
} from '../contract/certificate-code.ts';
import { fillTemplate } from './certificate-template.ts';

export {
  canonicalCertificate,
  CERTIFICATE_CODE_PREFIX,
  CERTIFICATE_SIGNATURE_SCHEME,
  parseCertificateCode,
  type CertificateContent,
} from '../contract/certificate-code.ts';

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

export function signCertificate(content: CertificateContent, privateKey: KeyObject): string {
  for (const [name, part] of [
    ['kioskId', content.kioskId],
    ['trackingCode', content.trackingCode],
  ]) {
    if (!CERTIFICATE_CODE_PART.test(part!))
      throw new Error(`${name} cannot go into a verification code`);
  }
  const signature = sign(null, Buffer.from(canonicalCertificate(content), 'utf8'), privateKey);
  return [
    CERTIFICATE_CODE_PREFIX,
    content.kioskId,
    content.trackingCode,
    signature.toString('base64url'),
  ].join('.');
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
      Buffer.from(parsed.signature, 'base64url'),
    );
  } catch {
    return false;
  }
}
