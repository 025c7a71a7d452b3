import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../offline-cache/index.ts';

const policy = { baseMs: 100, maxMs: 1000 };

describe('backoffDelay', () => {
  it('doubles with each consecutive failure, within half to all of the ceiling', () => {
    for (const [failures, ceiling] of [
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 800],
    ] as const) {
      expect(backoffDelay(failures, policy, () => 0)).toBe(ceiling / 2);
      expect(backoffDelay(failures, policy, () => 0.999_999)).toBe(ceiling);
    }
  });

  it('never exceeds the maximum, however many failures', () => {
    expect(backoffDelay(5, policy, () => 0.999_999)).toBe(1000);
    expect(backoffDelay(10_000, policy, () => 0.999_999)).toBe(1000);
    expect(backoffDelay(10_000, policy, () => 0)).toBe(500);
  });

  it('treats zero failures as the first', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(50);
  });
});
