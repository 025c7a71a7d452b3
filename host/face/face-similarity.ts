// How alike two face descriptors are, 0..1, on the scale human's `match.similarity` uses by
// default (Euclidean distance ×25, inverted and stretched over 0.2..0.8), so that thresholds
// calibrated with either agree. Written here so the host decides without the model loaded.
export function faceSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  const distance = Math.round(100 * 25 * sum) / 100;
  if (distance === 0) return 1;
  const normalised = (1 - Math.sqrt(distance) / 100 - 0.2) / (0.8 - 0.2);
  return Math.round(100 * Math.max(0, Math.min(1, normalised))) / 100;
}
