// Certificate verification: a certificate printed at a kiosk carries, in its QR, the kiosk's
// Ed25519 signature over the certificate's canonical content; whoever holds the paper (a counter,
// an employer) sends that code and the content it shows, and the centre checks the signature with
// the public key the kiosk enrolled with (enrolment-service.ts).
// The canonical form and the code's layout are shared with the kiosk: contract/certificate-code.ts.
//
// Limit: the centre keeps one key per kiosk, so a kiosk that re-enrols with a new key makes the
// certificates it printed before unverifiable here; they remain verifiable by tracking code
// against the submission record.
import type { KeyObject } from 'node:crypto';
import {
  canonicalCertificate,
  parseCertificateCode,
  type CertificateContent,
} from '../../contract/certificate-code.ts';
import { publicKeyFromRaw, verifyBytes } from '../security/ed25519.ts';

export type { CertificateContent } from '../../contract/certificate-code.ts';

export type VerificationFailure =
  | 'code-malformed'
  | 'code-content-mismatch'
  | 'kiosk-unknown'
  | 'kiosk-revoked'
  | 'signature-invalid';

export type CertificateVerification =
  | { valid: true; kioskId: string; trackingCode: string; issuedOn: string; templateId: string }
  | { valid: false; reason: VerificationFailure };

/** Where the centre finds a kiosk's enrolled key (the kiosk repository in production). */
export interface KioskKeys {
  find(kioskId: string): Promise<{ publicKey: string; revokedAt: string | null } | null>;
}

export interface CertificateVerificationService {
  verify(code: string, content: CertificateContent): Promise<CertificateVerification>;
}

export function createCertificateVerificationService(
  keys: KioskKeys,
): CertificateVerificationService {
  return {
    async verify(code, content) {
      const parsed = parseCertificateCode(code);
      if (!parsed) return { valid: false, reason: 'code-malformed' };
      const { kioskId, trackingCode, signature } = parsed;
      if (kioskId !== content.kioskId || trackingCode !== content.trackingCode) {
        return { valid: false, reason: 'code-content-mismatch' };
      }
      const kiosk = await keys.find(kioskId);
      const key: KeyObject | null = kiosk ? publicKeyFromRaw(kiosk.publicKey) : null;
      if (!kiosk || !key) return { valid: false, reason: 'kiosk-unknown' };
      // A certificate issued after the kiosk was revoked is not trusted; one from before is.
      if (kiosk.revokedAt !== null && content.issuedOn > kiosk.revokedAt.slice(0, 10)) {
        return { valid: false, reason: 'kiosk-revoked' };
      }
      const signed = Buffer.from(canonicalCertificate(content), 'utf8');
      if (!verifyBytes(key, signed, Buffer.from(signature, 'base64url'))) {
        return { valid: false, reason: 'signature-invalid' };
      }
      return {
        valid: true,
        kioskId,
        trackingCode,
        issuedOn: content.issuedOn,
        templateId: content.templateId,
      };
    },
  };
}
