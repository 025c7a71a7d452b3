import { expect, it } from 'vitest';
import { createRateLimiter } from '../../../central/security/rate-limiter.ts';

it('allows a burst, then refills at the rate, per key', () => {
  let t = 0;
  const limiter = createRateLimiter({ burst: 3, perSecond: 2 }, () => t);
  expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
  expect(limiter.take('a')).toBe(1);
  expect(limiter.take('b')).toBe(0);
  t += 500; // one token back
  expect(limiter.take('a')).toBe(0);
  expect(limiter.take('a')).toBe(1);
  t += 60_000; // never more than the burst
  expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([
    0, 0, 0, 1,
  ]);
});

it('says how long to wait when the rate is slow', () => {
  let t = 0;
  const limiter = createRateLimiter({ burst: 1, perSecond: 0.1 }, () => t);
  expect(limiter.take('k')).toBe(0);
  expect(limiter.take('k')).toBe(10);
  t += 5000;
  expect(limiter.take('k')).toBe(5);
});

it('forgets full buckets when it holds too many', () => {
  let t = 0;
  const limiter = createRateLimiter({ burst: 1, perSecond: 1 }, () => t, 2);
  limiter.take('a');
  limiter.take('b');
  t += 5000;
  expect(limiter.take('c')).toBe(0); // pruned a and b (refilled), not refused
  expect(limiter.take('a')).toBe(0);
});

it('refuses a nonsensical limit', () => {
  expect(() => createRateLimiter({ burst: 0, perSecond: 1 })).toThrow();
  expect(() => createRateLimiter({ burst: 1, perSecond: 0 })).toThrow();
});
