// The simulator's standing fault modes (as opposed to one-shot `inject`): what a bad cable, a
// slow module or a hurried citizen does to the line, for `kiosk24 sim idcard --fault …` and tests.

export interface SimulatorFaultModes {
  /** Probability (0–1) that an answer is preceded by line noise. */
  noise?: number;
  /** Answers go out in random pieces of 1–64 bytes with pauses of up to this many ms between. */
  chunkedPauseMs?: number;
  /** Every Nth answer (N ≥ 2) goes out with a byte of its body flipped: its checksum fails. */
  corruptEvery?: number;
  /** Every answer waits this long before it starts. */
  slowMs?: number;
  /**
   * Every Nth card read is cut off part-way through the answer, as when the card is lifted
   * mid-read; the card is laid back `liftMs` later.
   */
  liftMidReadEvery?: number;
  liftMs?: number;
  /** The first N SAM status requests answer 60 (self-test failed); Infinity: every one. */
  samFaults?: number;
}

export const FAULT_NAMES = [
  'noise',
  'chunked',
  'corrupt',
  'slow',
  'lift-mid-read',
  'sam-fault',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/** For --help: each fault, its optional value and its default. */
export const FAULT_HELP: Readonly<Record<FaultName, string>> = {
  noise: 'noise[=P]          garbage before an answer, with probability P (default 1)',
  chunked: 'chunked[=MS]       answers written in 1-64 byte pieces, pauses up to MS (default 5)',
  corrupt: 'corrupt[=N]        every Nth answer has a flipped byte: bad checksum (default 5, N>=2)',
  slow: 'slow[=MS]          every answer starts MS late (default 300; keep it under 1000)',
  'lift-mid-read':
    'lift-mid-read[=N]  every Nth read is cut off: card lifted, back 500 ms later (default 2)',
  'sam-fault': 'sam-fault[=N]      the first N SAM status checks fail with 60 (default: all)',
};

function numberValue(name: string, raw: string, min: number, max: number, int: boolean): number {
  const n = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(n) ||
    n < min ||
    n > max ||
    (int && !Number.isInteger(n))
  )
    throw new RangeError(
      `fault ${name}: value must be ${int ? 'an integer' : 'a number'} from ${min} to ${max}, got "${raw}"`,
    );
  return n;
}

/**
 * Parses `noise,chunked=10` style specs (each entry may itself be a comma list). Throws a
 * RangeError naming the bad entry.
 */
export function parseFaultModes(specs: readonly string[]): SimulatorFaultModes {
  const modes: SimulatorFaultModes = {};
  for (const entry of specs.flatMap((s) => s.split(','))) {
    const item = entry.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim();
    const value = eq < 0 ? null : item.slice(eq + 1).trim();
    switch (name) {
      case 'noise':
        modes.noise = value === null ? 1 : numberValue(name, value, 0, 1, false);
        break;
      case 'chunked':
        modes.chunkedPauseMs = value === null ? 5 : numberValue(name, value, 0, 1000, true);
        break;
      case 'corrupt':
        modes.corruptEvery = value === null ? 5 : numberValue(name, value, 2, 1_000_000, true);
        break;
      case 'slow':
        modes.slowMs = value === null ? 300 : numberValue(name, value, 0, 10_000, true);
        break;
      case 'lift-mid-read':
        modes.liftMidReadEvery = value === null ? 2 : numberValue(name, value, 1, 1_000_000, true);
        modes.liftMs ??= 500;
        break;
      case 'sam-fault':
        modes.samFaults =
          value === null ? Number.POSITIVE_INFINITY : numberValue(name, value, 0, 1_000_000, true);
        break;
      default:
        throw new RangeError(`unknown fault "${name}" (known: ${FAULT_NAMES.join(', ')})`);
    }
  }
  return modes;
}

/** Small seeded PRNG (mulberry32), so a faulty run can be repeated with --seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
