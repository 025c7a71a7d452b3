// POST CERTIFICATE_PATHS.verify { code, content }: is this certificate what the kiosk printed?
// The canonical content and the code's layout: certificate-code.ts. Open route (the paper's
// holder is no kiosk and no admin): always 200 for a well-formed question, 400 for a malformed one.
import { z } from 'zod';

export const CERTIFICATE_PATHS = {
  verify: '/api/v1/certificates/verify',
} as const;

const text = (max: number) => z.string().max(max);

export const CertificateVerifyRequest = z.object({
  code: text(300),
  content: z.object({
    templateId: text(64).min(1),
    kioskId: text(64).min(1),
    trackingCode: text(64).min(1),
    issuedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    rows: z.array(z.tuple([text(200), text(2000)])).max(200),
  }),
});
export type CertificateVerifyRequest = z.infer<typeof CertificateVerifyRequest>;

export const CertificateVerificationFailure = z.enum([
  'code-malformed',
  'code-content-mismatch',
  'kiosk-unknown',
  'kiosk-revoked',
  'signature-invalid',
]);

export const CertificateVerification = z.discriminatedUnion('valid', [
  z.object({
    valid: z.literal(true),
    kioskId: z.string(),
    trackingCode: z.string(),
    issuedOn: z.string(),
    templateId: z.string(),
  }),
  z.object({ valid: z.literal(false), reason: CertificateVerificationFailure }),
]);
export type CertificateVerification = z.infer<typeof CertificateVerification>;
