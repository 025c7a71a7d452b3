// Kiosk enrolment: one-time tokens issued by an admin, spent once by a kiosk to register its
// Ed25519 public key, and revocation. Rules:
// - a token is stored as its SHA-256 only, expires, and is spent inside the same transaction that
//   stores the key, so a refused enrolment leaves it unspent;
// - the same token, kiosk id and key again is a replay (the answer was lost): confirmed, 200;
// - an unbound token enrols a NEW kiosk id only; replacing the key of a known kiosk (a reinstall,
//   or bringing back a revoked one) needs a token bound to that kiosk id, so a leaked token
//   cannot take over a working kiosk's identity.
import { createHash, randomBytes } from 'node:crypto';
import {
  EnrolmentRequest as EnrolmentRequestSchema,
  EnrolmentTokenRequest,
  type EnrolmentAnswer,
  type EnrolmentRequest,
  type EnrolmentTokenAnswer,
  type KioskRecord,
} from '../../contract/enrolment-api.ts';
import { CentralError } from '../errors.ts';
import { describeIssues } from '../http/api-error.ts';
import type { KioskRepository, StoredKiosk } from '../repositories/kiosk-repository.ts';
import { publicKeyFromRaw } from '../security/ed25519.ts';

export interface EnrolmentService {
  createToken(opts?: {
    kioskId?: string;
    district?: string;
    validForHours?: number;
    /** Who asked, for the record (the admin's id; 'system' for the demo). */
    createdBy?: string;
  }): Promise<EnrolmentTokenAnswer>;
  enrol(req: EnrolmentRequest): Promise<{ answer: EnrolmentAnswer; created: boolean }>;
  /** The kiosk as stored, revoked from now on; null if it never enrolled. */
  revoke(kioskId: string): Promise<KioskRecord | null>;
  get(kioskId: string): Promise<KioskRecord | null>;
  list(): Promise<KioskRecord[]>;
}

export const tokenSha256 = (token: string) => createHash('sha256').update(token).digest('hex');

const refuse = (code: string, message: string) =>
  new CentralError('unauthenticated', code, message);

export function toKioskRecord(k: StoredKiosk): KioskRecord {
  return {
    kioskId: k.kioskId,
    district: k.district,
    publicKey: k.publicKey,
    enrolledAt: k.enrolledAt,
    revokedAt: k.revokedAt,
  };
}

export function createEnrolmentService(
  repo: KioskRepository,
  now: () => Date = () => new Date(),
): EnrolmentService {
  return {
    async createToken(opts = {}) {
      const parsed = EnrolmentTokenRequest.safeParse({
        kioskId: opts.kioskId,
        district: opts.district,
        validForHours: opts.validForHours,
      });
      if (!parsed.success) {
        throw new CentralError('invalid', 'invalid-request', describeIssues(parsed.error.issues));
      }
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const expiresAt = new Date(at.getTime() + parsed.data.validForHours * 3600_000).toISOString();
      await repo.insertToken({
        tokenSha256: tokenSha256(token),
        kioskId: parsed.data.kioskId ?? null,
        district: parsed.data.district ?? null,
        createdBy: opts.createdBy ?? 'system',
        createdAt: at.toISOString(),
        expiresAt,
        usedAt: null,
        usedBy: null,
      });
      return {
        token,
        kioskId: parsed.data.kioskId ?? null,
        district: parsed.data.district ?? null,
        expiresAt,
      };
    },

    async enrol(input) {
      const parsed = EnrolmentRequestSchema.safeParse(input);
      if (!parsed.success) {
        throw new CentralError('invalid', 'invalid-request', describeIssues(parsed.error.issues));
      }
      const req = parsed.data;
      if (!publicKeyFromRaw(req.publicKey)) {
        throw new CentralError('invalid', 'public-key-invalid', 'publicKey is not an Ed25519 key');
      }
      const hash = tokenSha256(req.token);
      return repo.transaction(async (tx) => {
        const token = await tx.findTokenForUpdate(hash);
        if (!token) throw refuse('enrolment-token-invalid', 'unknown enrolment token');
        const existing = await tx.findKiosk(req.kioskId);
        if (token.usedAt !== null) {
          if (
            token.usedBy === req.kioskId &&
            existing?.publicKey === req.publicKey &&
            existing.enrolmentTokenSha256 === hash
          ) {
            const { kioskId, district, enrolledAt } = existing;
            return { answer: { kioskId, district, enrolledAt, replayed: true }, created: false };
          }
          throw refuse('enrolment-token-used', 'this enrolment token has been used');
        }
        const at = now();
        if (Date.parse(token.expiresAt) <= at.getTime()) {
          throw refuse('enrolment-token-expired', 'this enrolment token has expired');
        }
        if (token.kioskId !== null && token.kioskId !== req.kioskId) {
          throw new CentralError(
            'forbidden',
            'enrolment-token-kiosk-mismatch',
            'this enrolment token is for another kiosk',
          );
        }
        if (token.district !== null && token.district !== req.district) {
          throw new CentralError(
            'forbidden',
            'enrolment-token-district-mismatch',
            'this enrolment token is for another district',
          );
        }
        if (existing && token.kioskId === null) {
          throw new CentralError(
            'conflict',
            'kiosk-already-enrolled',
            'this kiosk id is enrolled; re-enrolling it needs a token issued for it',
          );
        }
        const stored = await tx.upsertKiosk({
          kioskId: req.kioskId,
          district: req.district,
          publicKey: req.publicKey,
          enrolledAt: at.toISOString(),
          enrolmentTokenSha256: hash,
          revokedAt: null,
        });
        await tx.markTokenUsed(hash, req.kioskId, at);
        return {
          answer: {
            kioskId: stored.kioskId,
            district: stored.district,
            enrolledAt: stored.enrolledAt,
            replayed: false,
          },
          created: true,
        };
      });
    },

    async revoke(kioskId) {
      const stored = await repo.revoke(kioskId, now());
      return stored ? toKioskRecord(stored) : null;
    },

    async get(kioskId) {
      const stored = await repo.findKiosk(kioskId);
      return stored ? toKioskRecord(stored) : null;
    },

    async list() {
      return (await repo.listKiosks()).map(toKioskRecord);
    },
  };
}
