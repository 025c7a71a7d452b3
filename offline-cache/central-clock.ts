// The centre's time as this kiosk sees it. Every request to the centre is signed with a
// timestamp the centre accepts within 5 minutes of its own clock; a kiosk whose clock went wrong
// (a flat CMOS battery after a power cut, no NTP at the service point) would be refused on
// everything, heartbeats included, and fall silent. The heartbeat teaches this clock the centre's
// time from the centre's own answers (a heartbeat's `receivedAt`, or the `Date` of a refusal for
// a timestamp out of the window; nothing else, so a proxy's error page does not move it), and
// every signer of the kiosk signs on it. Small differences are left alone: NTP, where there is
// one, keeps the local clock; an offset is applied beyond 30 s and dropped again under 20 s (no
// flapping), and the heartbeat reports it so a technician fixes the clock itself (receipts and
// certificates carry the local time). The offset is kept in the data folder, so a restarted host
// and the technician's `kiosk24 sync` use it at once. Over plain http an on-path attacker could
// move it (and so collect requests signed for later); the centre's URL is https in production.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Local clock trusted within this of the centre's (well inside the centre's 5-minute window). */
export const CLOCK_TRUST_WITHIN_MS = 30_000;
/** An applied offset is dropped only once the local clock is this close again. */
const CLOCK_RESTORED_WITHIN_MS = 20_000;
/** An answer slower than this says too little about when the centre's time was read. */
const MAX_ROUND_TRIP_MS = 10_000;
export const CLOCK_FILE = 'central-clock.json';

export interface CentralClock {
  /** Milliseconds since the epoch on the centre's clock, as well as this kiosk knows it. */
  now(): number;
  /** Centre minus local clock in milliseconds; 0 while the local clock is trusted. */
  offsetMs(): number;
  /** Whether any answer of the centre has been seen (else the offset is only assumed). */
  learnt(): boolean;
  /** The local clock this one corrects: what `observe`'s times are read on. */
  local(): number;
  /**
   * An answer from the centre: the centre's time in it (ms since the epoch) and the local times
   * the request left and the answer came.
   */
  observe(centreMs: number, sentAt: number, receivedAt: number): void;
}

/** The centre's time in an HTTP `Date` header (whole seconds: taken as mid-second), or NaN. */
export function centreTimeOfDateHeader(header: string | null): number {
  const stamped = header ? Date.parse(header) : Number.NaN;
  return Number.isFinite(stamped) ? stamped + 500 : Number.NaN;
}

export function createCentralClock(
  opts: {
    local?: () => number;
    /** Where the offset is kept between processes (none: memory only). */
    file?: string;
  } = {},
): CentralClock {
  const local = opts.local ?? (() => Date.now());
  let offset = opts.file ? readOffset(opts.file) : 0;
  let learnt = false;
  return {
    now: () => local() + offset,
    offsetMs: () => offset,
    learnt: () => learnt,
    local,
    observe(centreMs, sentAt, receivedAt) {
      if (!Number.isFinite(centreMs)) return;
      if (receivedAt < sentAt || receivedAt - sentAt > MAX_ROUND_TRIP_MS) return;
      learnt = true;
      const sample = Math.round(centreMs - (sentAt + receivedAt) / 2);
      const limit = offset === 0 ? CLOCK_TRUST_WITHIN_MS : CLOCK_RESTORED_WITHIN_MS;
      const next = Math.abs(sample) > limit ? sample : 0;
      if (next === offset) return;
      offset = next;
      if (opts.file) writeOffset(opts.file, offset);
    },
  };
}

function readOffset(file: string): number {
  try {
    const { offsetMs } = JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown };
    return typeof offsetMs === 'number' && Number.isSafeInteger(offsetMs) ? offsetMs : 0;
  } catch {
    return 0; // none yet, or unreadable: the next answer tells
  }
}

function writeOffset(file: string, offsetMs: number): void {
  try {
    const temp = `${file}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ offsetMs })}\n`, { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // Memory holds it for this process; the next process learns it from the next answer.
  }
}

const clocks = new Map<string, CentralClock>();

/**
 * The clock of the kiosk whose data lives in `dataDir`: one per process and folder (the
 * heartbeat that learns the offset and every signer of that kiosk share it), its offset kept in
 * the folder for the next process.
 */
export function centralClockFor(dataDir: string): CentralClock {
  const key = path.resolve(dataDir);
  let clock = clocks.get(key);
  if (!clock) {
    clock = createCentralClock({ file: path.join(key, CLOCK_FILE) });
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
