// Intake of submissions: exactly one record per idempotency key, the first answer replayed for
// every repeat, and a tracking code that can belong to one submission only.
import {
  SubmissionStatus as SubmissionStatusSchema,
  type SubmissionAck,
  type SubmissionRequest,
} from '../../contract/central-api.ts';
import { CentralError } from '../errors.ts';
import type {
  StoredSubmission,
  SubmissionFilter,
  SubmissionRepository,
  SubmissionStatus,
} from '../repositories/submission-repository.ts';
import { recordOnce, type Receipt } from './record-once.ts';
import { canMoveTo } from './status-transitions.ts';

export type { Receipt } from './record-once.ts';

export interface SubmissionService {
  /** `kioskId` is the authenticated kiosk, which must be the one named in the request. */
  receive(req: SubmissionRequest, kioskId: string): Promise<Receipt<SubmissionAck>>;
  count(filter?: SubmissionFilter): Promise<number>;
  get(trackingCode: string): Promise<StoredSubmission | null>;
  /** The updated submission, or null if no submission has this code; throws on a forbidden move. */
  setStatus(trackingCode: string, status: SubmissionStatus): Promise<StoredSubmission | null>;
}

export function createSubmissionService(
  repo: SubmissionRepository,
  now: () => Date = () => new Date(),
): SubmissionService {
  return {
    async receive(req, kioskId) {
      const at = now().toISOString();
      const ack: SubmissionAck = {
        trackingCode: req.trackingCode,
        status: 'received',
        receivedAt: at,
        replayed: false,
      };
      return recordOnce({
        req,
        kioskId,
        what: 'submission',
        ack,
        insertIfAbsent: () =>
          repo.insertIfAbsent({
            idempotencyKey: req.idempotencyKey,
            trackingCode: req.trackingCode,
            kioskId,
            itemCode: req.itemCode,
            catalogVersion: req.catalogVersion,
            submittedAt: req.submittedAt,
            identityMethod: req.identityMethod,
            applicant: req.applicant,
            form: req.form,
            status: 'received',
            receivedAt: at,
            statusChangedAt: at,
            ack,
          }),
        findByIdempotencyKey: (key) => repo.findByIdempotencyKey(key),
        takenUnderAnotherKey: () =>
          new CentralError(
            'conflict',
            'tracking-code-taken',
            'this tracking code was already submitted under another idempotency key',
          ),
      });
    },

    count: (filter = {}) => repo.count(filter),
    get: (trackingCode) => repo.findByTrackingCode(trackingCode),

    async setStatus(trackingCode, status) {
      SubmissionStatusSchema.parse(status);
      // Compare-and-set, retried when another change slipped in between read and write.
      for (let attempt = 0; attempt < 5; attempt++) {
        const current = await repo.findByTrackingCode(trackingCode);
        if (!current) return null;
        if (current.status === status) return current;
        if (!canMoveTo(current.status, status)) {
          throw new CentralError(
            'conflict',
            'status-transition',
            `a ${current.status} submission cannot become ${status}`,
          );
        }
        const updated = await repo.updateStatus(trackingCode, current.status, status, now());
        if (updated) return updated;
      }
      throw new CentralError('conflict', 'status-contended', 'the status kept changing; try again');
    },
  };
}
