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
  /** Printers whose status says so: paper present, near its end, or out. */
  paper: z.enum(['ok', 'low', 'out', 'unknown']).optional(),
});
export type DeviceHealth = z.infer<typeof DeviceHealth>;

/**
 * What the screen learnt of the camera when it last opened it (only the renderer can): 'ok' when
 * getUserMedia gave a video track, 'fault' when it failed. `detail`: the track's label and size,
 * or the error's name (NotFoundError, NotReadableError…); never a picture or personal data.
 */
export const CameraReport = z.object({
  state: z.enum(['ok', 'fault']),
  detail: z.string().max(200),
});
export type CameraReport = z.infer<typeof CameraReport>;

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
  /** The face step's camera (config `face.camera`) and whether its guidance is spoken. */
  face: z
    .object({
      camera: z.object({
        deviceId: z.string().max(200).optional(),
        width: z.number().int().positive(),
        height: z.number().int().positive(),
      }),
      voice: z.boolean(),
    })
    .optional(),
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

/**
 * What the kiosk may say aloud (host/voice/, espeak-ng): the screen names a phrase and the host
 * speaks this fixed text, so no free text, and never personal data, reaches the synthesiser.
 */
export const SPOKEN_PHRASES = {
  'face.no-face': '未检测到人脸，请看摄像头',
  'face.several-faces': '请确保只有您一人在镜头前',
  'face.too-far': '请靠近一些',
  'face.too-close': '请离远一些',
  'face.too-dark': '光线太暗，请面向光源',
  'face.look-at-camera': '请正视摄像头',
  'face.blink': '请眨一眨眼睛',
  'face.turn-left': '请慢慢向左转头，再转回来',
  'face.turn-right': '请慢慢向右转头，再转回来',
} as const;
export type SpokenPhrase = keyof typeof SPOKEN_PHRASES;
export const SpokenPhrase = z.enum(
  Object.keys(SPOKEN_PHRASES) as [SpokenPhrase, ...SpokenPhrase[]],
);

export const kioskApi = {
  'kiosk.status': { input: z.object({}), output: KioskStatus },
  'catalog.current': { input: z.object({}), output: Catalog },
  /** Fleet monitoring: the camera's state as the face capture found it (host/heartbeat/). */
  'kiosk.reportCamera': { input: CameraReport, output: Ok },
  /** Spoken guidance: a WAV (base64) of the phrase, or null where the kiosk has no voice. */
  'kiosk.speak': {
    input: z.object({ phrase: SpokenPhrase }),
    output: z.object({
      wav: z
        .string()
        .max(240_000)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/)
        .nullable(),
    }),
  },
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
  /**
   * The citizen is still at the screen (touches, typing): keeps the host's session alive while no
   * other call comes, e.g. during a long form. Sent at most every SESSION_TOUCH_EVERY_MS.
   */
  'session.touch': {
    input: z.object({ sessionId: SessionId }),
    output: Ok,
  },
  'session.end': {
    input: z.object({ sessionId: SessionId, reason: z.enum(['completed', 'idle', 'cancelled']) }),
    output: Ok,
  },
} as const;

/** The screen's keep-alive interval while the citizen is active (well inside the host's expiry). */
export const SESSION_TOUCH_EVERY_MS = 30_000;

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
