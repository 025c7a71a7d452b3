// Exactly-once intake, shared by submissions and ratings: the sending kiosk must be the one the
// request names; the first insert for an idempotency key wins and its answer is replayed for
// every repeat; a key reused for something else, or a unique value taken under another key, is
// a conflict, never a second record.
import { isUniqueViolation } from '../db/db.ts';
import { CentralError } from '../errors.ts';

export interface Receipt<Ack> {
  ack: Ack;
  /** false when the key had been recorded before and `ack` is the stored answer. */
  created: boolean;
}

interface Stored<Ack> {
  trackingCode: string;
  kioskId: string;
  ack: Ack;
}

export async function recordOnce<Ack extends { replayed: boolean }, Row extends Stored<Ack>>(opts: {
  req: { idempotencyKey: string; trackingCode: string; kioskId: string };
  /** The authenticated kiosk. */
  kioskId: string;
  /** What is being recorded, for the key-reuse message ("submission", "rating"). */
  what: string;
  ack: Ack;
  /** The row inserted, or null when a row with this key (or another unique value) exists. */
  insertIfAbsent: () => Promise<Row | null>;
  findByIdempotencyKey: (key: string) => Promise<Row | null>;
  /** No row under this key although the insert did not happen: another unique value clashed. */
  takenUnderAnotherKey: () => CentralError;
}): Promise<Receipt<Ack>> {
  const { req, kioskId } = opts;
  if (req.kioskId !== kioskId) {
    throw new CentralError('forbidden', 'kiosk-mismatch', 'kioskId differs from the sending kiosk');
  }
  let inserted: Row | null;
  try {
    inserted = await opts.insertIfAbsent();
  } catch (err) {
    // Under concurrency PostgreSQL may report another unique index before it settles the
    // idempotency-key conflict: either way, look at what is stored.
    if (!isUniqueViolation(err)) throw err;
    inserted = null;
  }
  if (inserted) return { ack: opts.ack, created: true };
  const winner = await opts.findByIdempotencyKey(req.idempotencyKey);
  if (!winner) throw opts.takenUnderAnotherKey();
  // A key names one record of one kiosk; reusing it for anything else is a client bug that must
  // not be papered over by replaying someone else's answer.
  if (winner.trackingCode !== req.trackingCode || winner.kioskId !== kioskId) {
    throw new CentralError(
      'conflict',
      'idempotency-key-reused',
      `this idempotency key was already used for another ${opts.what}`,
    );
  }
  return { ack: { ...winner.ack, replayed: true }, created: false };
}
