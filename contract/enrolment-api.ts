// Kiosk enrolment (issue 6): an admin issues a one-time token; the kiosk sends it once with its
// Ed25519 public key and from then on signs every request (contract/request-signing.ts).
import { z } from 'zod';

/** 32 random bytes, base64url: shown once to the admin, stored by the centre as a SHA-256. */
export const EnrolmentToken = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/);
/** A raw 32-byte Ed25519 public key, base64url without padding. */
export const Ed25519PublicKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** The kiosk configuration's pattern (config/kiosk-config.ts). */
export const EnrolledKioskId = z.string().regex(/^[A-Za-z0-9_-]{3,64}$/);
export const District = z.string().min(1).max(64);

export const EnrolmentRequest = z.object({
  token: EnrolmentToken,
  kioskId: EnrolledKioskId,
  district: District,
  publicKey: Ed25519PublicKey,
});
export type EnrolmentRequest = z.infer<typeof EnrolmentRequest>;

export const EnrolmentAnswer = z.object({
  kioskId: EnrolledKioskId,
  district: District,
  enrolledAt: z.string(),
  /** The same token, kiosk and key had enrolled before: the stored enrolment is confirmed. */
  replayed: z.boolean(),
});
export type EnrolmentAnswer = z.infer<typeof EnrolmentAnswer>;

export const EnrolmentTokenRequest = z.object({
  /** Bind the token to one kiosk id; required to re-enrol (replace the key of) a known kiosk. */
  kioskId: EnrolledKioskId.optional(),
  /** Bind the token to one district. */
  district: District.optional(),
  validForHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
});
export type EnrolmentTokenRequest = z.input<typeof EnrolmentTokenRequest>;

export const EnrolmentTokenAnswer = z.object({
  token: EnrolmentToken,
  kioskId: EnrolledKioskId.nullable(),
  district: District.nullable(),
  expiresAt: z.string(),
});
export type EnrolmentTokenAnswer = z.infer<typeof EnrolmentTokenAnswer>;

export const KioskRecord = z.object({
  kioskId: EnrolledKioskId,
  district: District,
  publicKey: Ed25519PublicKey,
  enrolledAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type KioskRecord = z.infer<typeof KioskRecord>;

export const ENROLMENT_PATHS = {
  /** POST EnrolmentRequest → 201/200 EnrolmentAnswer (open: the token is the credential). */
  enrol: '/api/v1/enrol',
  /** GET, signed → the calling kiosk's KioskRecord: "am I enrolled, with this key?" */
  self: '/api/v1/enrolment',
  /** POST EnrolmentTokenRequest, admin → 201 EnrolmentTokenAnswer. */
  adminTokens: '/api/v1/admin/enrolment-tokens',
  /** GET, admin → KioskRecord[]. */
  adminKiosks: '/api/v1/admin/kiosks',
  /** POST, admin → KioskRecord with revokedAt: its requests are refused from now on. */
  adminRevoke: '/api/v1/admin/kiosks/:kioskId/revoke',
} as const;
