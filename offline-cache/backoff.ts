// Exponential backoff with "equal jitter": the delay doubles with each consecutive failure up to
// a ceiling, and a random half of it spreads a fleet of kiosks that lost the same network at the
// same moment, while the fixed half keeps a kiosk from hammering a centre that is struggling.
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 60_000 };

/** Delay before the next try after `failures` (≥ 1) consecutive failures; random() ∈ [0, 1). */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
