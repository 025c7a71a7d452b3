// 好差评 intake: one rating per transaction (tracking code), exactly once per idempotency key.
import type { RatingRequest } from '../../contract/central-api.ts';
import { CentralError } from '../errors.ts';
import type {
  RatingAckBody,
  RatingFilter,
  RatingRepository,
} from '../repositories/rating-repository.ts';
import { recordOnce, type Receipt } from './record-once.ts';

export interface RatingService {
  receive(req: RatingRequest, kioskId: string): Promise<Receipt<RatingAckBody>>;
  count(filter?: RatingFilter): Promise<number>;
}

export function createRatingService(
  repo: RatingRepository,
  now: () => Date = () => new Date(),
): RatingService {
  return {
    async receive(req, kioskId) {
      const ack: RatingAckBody = { trackingCode: req.trackingCode, replayed: false };
      return recordOnce({
        req,
        kioskId,
        what: 'rating',
        ack,
        insertIfAbsent: () =>
          repo.insertIfAbsent({
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
          }),
        findByIdempotencyKey: (key) => repo.findByIdempotencyKey(key),
        takenUnderAnotherKey: () =>
          new CentralError(
            'conflict',
            'already-rated',
            'this transaction has already been rated under another idempotency key',
          ),
      });
    },
    count: (filter = {}) => repo.count(filter),
  };
}
