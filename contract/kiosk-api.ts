// The one interface between the renderer and the kiosk host. Both transports (Electron IPC and
// the browser shell's WebSocket) are generated from this table, and the host validates every
// input and output against it at the boundary.
import { z } from 'zod';
import { Catalog } from '../catalog/schema.ts';
import { CardPerson } from './identity.ts';

export const DeviceHealth = z.object({
  device: z.enum(['id-reader', 'receipt-printer', 'a4-printer', 'central']),
  state: z.enum(['ok', 'warning', 'fault', 'offline', 'unknown']),
  /** Short, technician-facing; never personal data. */
  detail: z.string(),
  checkedAt: z.string(),
  /** The device's most recent failure (time and cause), technician-facing; never personal data. */
  lastError: z.string().optional(),
});
export type DeviceHealth = z.infer<typeof DeviceHealth>;

export const KioskStatus = z.object({
  kioskId: z.string(),
  softwareVersion: z.string(),
  catalogVersion: z.number().int(),
  servicePoint: z.object({ district: z.string(), street: z.string(), name: z.string() }),
  online: z.boolean(),
  pendingSubmissions: z.number().int().nonnegative(),
  devices: z.array(DeviceHealth),
  /** Idle timeout: after idleSeconds without a touch, a countdownSeconds "还在吗？" dialog. */
  session: z.object({ idleSeconds: z.number().int(), countdownSeconds: z.number().int() }),
});
export type KioskStatus = z.infer<typeof KioskStatus>;

export const SessionId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

export const ReadCardResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('card'), card: CardPerson }),
  /** The card was read but cannot be used for this item; `message` is for the citizen. */
  z.object({ outcome: z.literal('refused'), message: z.string(), card: CardPerson.nullable() }),
  z.object({ outcome: z.literal('no-card') }),
  z.object({ outcome: z.literal('error'), message: z.string() }),
]);
export type ReadCardResult = z.infer<typeof ReadCardResult>;

export const OutputResult = z.object({
  status: z.enum(['printed', 'spooled', 'failed', 'none']),
  /** Citizen-facing explanation when not printed. */
  message: z.string().nullable(),
});
export type OutputResult = z.infer<typeof OutputResult>;

export const SubmitResult = z.object({
  trackingCode: z.string(),
  /** acknowledged: the central platform has it (已提交); queued: saved, sent when online. */
  delivery: z.enum(['acknowledged', 'queued']),
  receipt: OutputResult,
  document: OutputResult,
});
export type SubmitResult = z.infer<typeof SubmitResult>;

export const FormValues = z.record(
  z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/),
  z.string().max(2000),
);

export const RatingLevel = z.union([
  z.literal(1),
  z.literal(2),
  z.literal(3),
  z.literal(4),
  z.literal(5),
]);

const Ok = z.object({ ok: z.literal(true) });

/** The active liveness challenge the host picks at random for each attempt. */
export const FaceChallenge = z.enum(['blink', 'turn-left', 'turn-right']);
export type FaceChallenge = z.infer<typeof FaceChallenge>;

/** The face embedding of the face-res model: 1,024 finite numbers, kept in memory only. */
export const FaceDescriptor = z.array(z.number().min(-100).max(100)).min(64).max(1024);

export const FaceConsentResult = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('ready'),
    challenge: FaceChallenge,
    /** local: 1:1 against the card photo here; remote: the live capture goes to the centre. */
    mode: z.enum(['local', 'remote']),
    attemptsLeft: z.number().int().min(0),
  }),
  /** Consent refused (or no attempt left): the screen offers the other ways (staff, 云窗口, counter). */
  z.object({ outcome: z.literal('declined') }),
]);
export type FaceConsentResult = z.infer<typeof FaceConsentResult>;

export const FaceLiveness = z.object({
  challenge: FaceChallenge,
  /** The renderer saw the challenge met (a blink, a head turn) within the capture window. */
  passed: z.boolean(),
  /** Passive scores of the best frame, 0..1 (human's antispoof "real" and liveness "live"). */
  antispoof: z.number().min(0).max(1),
  live: z.number().min(0).max(1),
});
export type FaceLiveness = z.infer<typeof FaceLiveness>;

export const VerifyFaceResult = z.object({
  /** unavailable: no way to compare here (no card photo, no provider): offer the fallback. */
  outcome: z.enum(['match', 'no-match', 'not-live', 'unavailable']),
  /** Similarity 0..1 of the live face and the card photo, when one was computed. */
  score: z.number().min(0).max(1).nullable(),
  attemptsLeft: z.number().int().min(0),
  /** The challenge for the next attempt, when there is one. */
  nextChallenge: FaceChallenge.nullable(),
});
export type VerifyFaceResult = z.infer<typeof VerifyFaceResult>;

export const kioskApi = {
  'kiosk.status': { input: z.object({}), output: KioskStatus },
  'catalog.current': { input: z.object({}), output: Catalog },
  'session.begin': {
    input: z.object({ itemCode: z.string().min(1).max(64) }),
    output: z.object({ sessionId: SessionId }),
  },
  'session.readCard': {
    input: z.object({ sessionId: SessionId, waitMs: z.number().int().min(0).max(30_000) }),
    output: ReadCardResult,
  },
  /** PIPL separate consent for biometrics, asked before the camera starts. */
  'session.faceConsent': {
    input: z.object({ sessionId: SessionId, consent: z.boolean() }),
    output: FaceConsentResult,
  },
  'session.verifyFace': {
    input: z.object({
      sessionId: SessionId,
      descriptor: FaceDescriptor,
      liveness: FaceLiveness,
      /** The best frame as a JPEG data URL, only in 'remote' mode (for the centre's provider). */
      liveImage: z
        .string()
        .max(180_000)
        .regex(/^data:image\/jpeg;base64,[A-Za-z0-9+/=]+$/)
        .optional(),
    }),
    output: VerifyFaceResult,
  },
  'session.submit': {
    input: z.object({ sessionId: SessionId, form: FormValues }),
    output: SubmitResult,
  },
  'session.rate': {
    input: z.object({
      sessionId: SessionId,
      /** 5 非常满意 … 1 非常不满意 */
      level: RatingLevel,
      reasons: z.array(z.string().max(100)).max(10),
      comment: z.string().max(500),
    }),
    output: Ok,
  },
  'session.end': {
    input: z.object({ sessionId: SessionId, reason: z.enum(['completed', 'idle', 'cancelled']) }),
    output: Ok,
  },
} as const;

export type KioskMethod = keyof typeof kioskApi;
export type KioskInput<M extends KioskMethod> = z.input<(typeof kioskApi)[M]['input']>;
export type KioskOutput<M extends KioskMethod> = z.output<(typeof kioskApi)[M]['output']>;

/** What the host implements and what each transport's client exposes. */
export type KioskApi = {
  [M in KioskMethod]: (input: KioskInput<M>) => Promise<KioskOutput<M>>;
};

export const KIOSK_METHODS = Object.keys(kioskApi) as KioskMethod[];

export function isKioskMethod(name: unknown): name is KioskMethod {
  return typeof name === 'string' && Object.hasOwn(kioskApi, name);
}
