// The centre's time as this kiosk sees it. Every request to the centre is signed with a
// timestamp the centre accepts within 5 minutes of its own clock; a kiosk whose clock went wrong
// (a flat CMOS battery after a power cut, no NTP at the service point) would be refused on
// everything, heartbeats included, and fall silent. The host learns the offset from the `Date`
// header of the centre's answers (any status: a refusal says the time too) and signs with the
// centre's time. Small differences are left alone: `Date` has one-second steps and NTP, where
// there is one, keeps the local clock; only an offset beyond CLOCK_TRUST_WITHIN_MS is applied,
// and the heartbeat reports it so a technician fixes the clock itself (receipts and certificates
// carry the local time).
import path from 'node:path';

/** Local clock trusted within this of the centre's (well inside the centre's 5-minute window). */
export const CLOCK_TRUST_WITHIN_MS = 30_000;
/** An answer slower than this says too little about when its `Date` was written. */
const MAX_ROUND_TRIP_MS = 10_000;

export interface CentralClock {
  /** Milliseconds since the epoch on the centre's clock, as well as this kiosk knows it. */
  now(): number;
  /** Centre minus local clock in milliseconds; 0 while the local clock is trusted. */
  offsetMs(): number;
  /** The local clock this one corrects: what `observe`'s times are read on. */
  local(): number;
  /** An answer from the centre: its `Date` header, and the local times the request left and the answer came. */
  observe(dateHeader: string | null, sentAt: number, receivedAt: number): void;
}

export function createCentralClock(local: () => number = Date.now): CentralClock {
  let offset = 0;
  return {
    now: () => local() + offset,
    offsetMs: () => offset,
    local,
    observe(dateHeader, sentAt, receivedAt) {
      if (!dateHeader || receivedAt < sentAt || receivedAt - sentAt > MAX_ROUND_TRIP_MS) return;
      const stamped = Date.parse(dateHeader);
      if (!Number.isFinite(stamped)) return;
      // `Date` drops the milliseconds: the centre's time was somewhere in that second.
      const sample = stamped + 500 - (sentAt + receivedAt) / 2;
      offset = Math.abs(sample) > CLOCK_TRUST_WITHIN_MS ? Math.round(sample) : 0;
    },
  };
}

const clocks = new Map<string, CentralClock>();

/**
 * The clock of the kiosk whose data lives in `dataDir`: one per process and folder, so the
 * heartbeat that learns the offset and every signer of that kiosk (outbox sync, catalog, face
 * verification) share it.
 */
export function centralClockFor(dataDir: string): CentralClock {
  const key = path.resolve(dataDir);
  let clock = clocks.get(key);
  if (!clock) {
    clock = createCentralClock();
    clocks.set(key, clock);
  }
  return clock;
}

/** The clock's state for the fleet view, in words a technician acts on. */
export function describeOffset(offsetMs: number): string {
  const total = Math.round(Math.abs(offsetMs) / 1000);
  const parts = [
    Math.floor(total / 86_400) && `${Math.floor(total / 86_400)} d`,
    Math.floor((total % 86_400) / 3600) && `${Math.floor((total % 86_400) / 3600)} h`,
    Math.floor((total % 3600) / 60) && `${Math.floor((total % 3600) / 60)} min`,
    `${total % 60} s`,
  ].filter(Boolean);
  return `${parts.join(' ')} ${offsetMs > 0 ? 'behind' : 'ahead of'}`;
}
