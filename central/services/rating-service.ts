// 好差评 intake: one rating per transaction (tracking code), exactly once per idempotency key.
import type { RatingRequest } from '../../contract/central-api.ts';
import { isUniqueViolation } from '../db/db.ts';
import { CentralError } from '../errors.ts';
import type {
  RatingAckBody,
  RatingFilter,
  RatingRepository,
  StoredRating,
} from '../repositories/rating-repository.ts';
import type { Receipt } from './submission-service.ts';

export interface RatingService {
  receive(req: RatingRequest, kioskId: string): Promise<Receipt<RatingAckBody>>;
  count(filter?: RatingFilter): Promise<number>;
}

export function createRatingService(
  repo: RatingRepository,
  now: () => Date = () => new Date(),
): RatingService {
  const replay = (stored: StoredRating, req: RatingRequest, kioskId: string) => {
    if (stored.trackingCode !== req.trackingCode || stored.kioskId !== kioskId) {
      throw new CentralError(
        'conflict',
        'idempotency-key-reused',
        'this idempotency key was already used for another rating',
      );
    }
    return { ack: { ...stored.ack, replayed: true }, created: false };
  };
  return {
    async receive(req, kioskId) {
      if (req.kioskId !== kioskId) {
        throw new CentralError(
          'forbidden',
          'kiosk-mismatch',
          'kioskId differs from the sending kiosk',
        );
      }
      const ack: RatingAckBody = { trackingCode: req.trackingCode, replayed: false };
      let inserted: StoredRating | null;
      try {
        inserted = await repo.insertIfAbsent({
          idempotencyKey: req.idempotencyKey,
          trackingCode: req.trackingCode,
          kioskId,
          itemCode: req.itemCode,
          level: req.level,
          reasons: req.reasons,
          comment: req.comment,
          ratedAt: req.ratedAt,
          receivedAt: now().toISOString(),
          ack,
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        inserted = null;
      }
      if (inserted) return { ack, created: true };
      const winner = await repo.findByIdempotencyKey(req.idempotencyKey);
      if (winner) return replay(winner, req, kioskId);
      throw new CentralError(
        'conflict',
        'already-rated',
        'this transaction has already been rated under another idempotency key',
      );
    },
    count: (filter = {}) => repo.count(filter),
  };
}
