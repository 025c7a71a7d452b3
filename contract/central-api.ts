// The HTTP contract between a kiosk and the central platform (intake side). The kiosk's sync
// client and the central server both validate against these schemas.
import { z } from 'zod';
import { CardType } from '../catalog/schema.ts';

export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
export const TrackingCode = z.string().regex(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){2,3}$/);

export const Applicant = z.object({
  cardType: CardType,
  name: z.string().min(1).max(120),
  idNumber: z.string().min(6).max(36),
  gender: z.enum(['male', 'female', 'unknown', 'unspecified']),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  nation: z.string().nullable(),
  nationality: z.string().nullable(),
  address: z.string().nullable(),
});
export type Applicant = z.infer<typeof Applicant>;

export const SubmissionRequest = z.object({
  idempotencyKey: IdempotencyKey,
  trackingCode: TrackingCode,
  kioskId: z.string().min(1).max(64),
  itemCode: z.string().min(1).max(64),
  catalogVersion: z.number().int().positive(),
  submittedAt: z.iso.datetime({ offset: true }),
  identityMethod: z.enum(['id-card', 'id-card-and-face']),
  applicant: Applicant,
  form: z.record(z.string(), z.string().max(2000)),
});
export type SubmissionRequest = z.infer<typeof SubmissionRequest>;

export const SubmissionStatus = z.enum(['received', 'accepted', 'completed', 'returned']);

export const SubmissionAck = z.object({
  trackingCode: TrackingCode,
  status: SubmissionStatus,
  receivedAt: z.string(),
  /** true when this key had been seen before and the stored answer is replayed. */
  replayed: z.boolean(),
});
export type SubmissionAck = z.infer<typeof SubmissionAck>;

export const RatingRequest = z.object({
  idempotencyKey: IdempotencyKey,
  trackingCode: TrackingCode,
  kioskId: z.string().min(1).max(64),
  itemCode: z.string().min(1).max(64),
  level: z.number().int().min(1).max(5),
  reasons: z.array(z.string().max(100)).max(10),
  comment: z.string().max(500),
  ratedAt: z.iso.datetime({ offset: true }),
});
export type RatingRequest = z.infer<typeof RatingRequest>;

export const RatingAck = z.object({ trackingCode: TrackingCode, replayed: z.boolean() });

export const ApiError = z.object({ error: z.string(), message: z.string() });

export const CENTRAL_PATHS = {
  health: '/api/v1/health',
  submissions: '/api/v1/submissions',
  ratings: '/api/v1/ratings',
  catalog: '/api/v1/catalog',
} as const;
