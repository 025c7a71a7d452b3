// The HTTP contract between a kiosk and the central platform (intake side). The kiosk's sync
// client and the central server both validate against these schemas.
import { z } from 'zod';
import { CardType } from '../catalog/schema.ts';
import type { CardPerson } from './identity.ts';

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

/** What of a card record goes to the centre with a submission (not its validity or photo). */
export function applicantOf(card: CardPerson): Applicant {
  return {
    cardType: card.cardType,
    name: card.name,
    idNumber: card.idNumber,
    gender: card.gender,
    birthDate: card.birthDate,
    nation: card.nation,
    nationality: card.nationality,
    address: card.address,
  };
}

/**
 * A file that travels with a submission (a scanned page, a signature). Its bytes are uploaded in
 * chunks before the submission itself (CENTRAL_PATHS.uploads); the submission names it here, and
 * the centre refuses a submission whose attachments it does not hold complete with this hash.
 */
export const AttachmentRef = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  kind: z.enum(['scanned-page', 'signature', 'photo', 'document']),
  mediaType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]{1,64}$/),
  /** Bytes; at most 32 MiB. */
  size: z.number().int().min(1).max(33_554_432),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

export const SubmissionRequest = z.object({
  idempotencyKey: IdempotencyKey,
  trackingCode: TrackingCode,
  kioskId: z.string().min(1).max(64),
  itemCode: z.string().min(1).max(64),
  catalogVersion: z.number().int().positive(),
  submittedAt: z.iso.datetime({ offset: true }),
  identityMethod: z.enum(['id-card', 'id-card-and-face']),
  /** Optional (added for issue 7): the face check's decision, never the face itself. */
  faceCheck: z
    .object({
      decision: z.literal('match'),
      score: z.number().min(0).max(1),
      method: z.enum(['local-1to1', 'central-provider']),
      challenge: z.enum(['blink', 'turn-left', 'turn-right']),
    })
    .optional(),
  applicant: Applicant,
  form: z.record(z.string(), z.string().max(2000)),
  /** Optional (added for issue 5): absent and [] mean the same. */
  attachments: z
    .array(AttachmentRef)
    .max(20)
    .refine((list) => new Set(list.map((a) => a.id)).size === list.length, 'attachment ids repeat')
    .optional(),
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

/** Declares an upload (idempotent: the same declaration again answers the upload's state). */
export const UploadDeclaration = AttachmentRef.omit({ id: true });
export type UploadDeclaration = z.infer<typeof UploadDeclaration>;

/** Where an upload stands: send the bytes from `received` on, then complete it. */
export const UploadState = z.object({
  received: z.number().int().min(0),
  size: z.number().int().min(1),
  complete: z.boolean(),
});
export type UploadState = z.infer<typeof UploadState>;

/** A status change at the centre (受理 accepted, 办结 completed, 退回 returned). */
export const StatusEvent = z.object({
  trackingCode: TrackingCode,
  status: SubmissionStatus,
  at: z.string(),
});
export type StatusEvent = z.infer<typeof StatusEvent>;

/** GET statusFeed?after=CURSOR&limit=N: the calling kiosk's status changes after the cursor. */
export const StatusFeedPage = z.object({
  events: z.array(StatusEvent),
  /** Pass back as `after`; unchanged when there was nothing new. */
  cursor: z.string().regex(/^\d{1,19}$/),
  more: z.boolean(),
});
export type StatusFeedPage = z.infer<typeof StatusFeedPage>;

/**
 * POST faceVerifications (issue 7): a kiosk without a decoded card photo asks the centre's
 * verification provider (e.g. a national real-person service). The live capture travels only here.
 */
export const FaceVerificationRequest = z.object({
  kioskId: z.string().min(1).max(64),
  itemCode: z.string().min(1).max(64),
  cardType: CardType,
  idNumber: z.string().min(6).max(36),
  name: z.string().min(1).max(120),
  liveImage: z.string().max(180_000).optional(),
  descriptor: z.array(z.number()).max(1024),
});
export type FaceVerificationRequest = z.infer<typeof FaceVerificationRequest>;

export const FaceVerificationResult = z.object({
  outcome: z.enum(['match', 'no-match', 'not-configured']),
  score: z.number().min(0).max(1).nullable(),
  message: z.string(),
});
export type FaceVerificationResult = z.infer<typeof FaceVerificationResult>;

export const CENTRAL_PATHS = {
  health: '/api/v1/health',
  submissions: '/api/v1/submissions',
  ratings: '/api/v1/ratings',
  catalog: '/api/v1/catalog',
  /** PUT uploads/:submissionKey/:attachmentId (declare), PUT …/chunks/:offset, POST …/complete */
  uploads: '/api/v1/uploads',
  statusFeed: '/api/v1/status-feed',
  faceVerifications: '/api/v1/face-verifications',
} as const;

/** Chunk bodies are raw bytes of this media type. */
export const CHUNK_MEDIA_TYPE = 'application/octet-stream';

/** GET health → 200 when the centre and its database answer. */
export const HealthAnswer = z.object({ ok: z.literal(true) });
export type HealthAnswer = z.infer<typeof HealthAnswer>;

/** The path parameters of an upload: `uploads/:submissionKey/:attachmentId`. */
export const UploadParams = z.object({
  submissionKey: IdempotencyKey,
  attachmentId: AttachmentRef.shape.id,
});
/** … and of one chunk, `…/chunks/:offset` (the byte offset, decimal in the path). */
export const ChunkParams = UploadParams.extend({
  offset: z.coerce.number<number>().int().min(0).max(33_554_432),
});

/** GET statusFeed's query string. */
export const StatusFeedQuery = z.object({
  after: z.string().default('0'),
  limit: z.coerce.number<number>().int().min(1).max(500).default(200),
});
