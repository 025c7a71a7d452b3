// A token bucket per kiosk, in this process: `burst` requests at once, refilled at `perSecond`.
// A kiosk draining its outbox after an outage sends one item at a time and backs off on 429,
// so a modest rate still empties a long queue. The map forgets buckets that have refilled.

export interface RateLimit {
  burst: number;
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 60, perSecond: 2 };

export interface RateLimiter {
  /** 0 when the request may go ahead (one token taken), else seconds until one is available. */
  take(key: string): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(
  limit: RateLimit = DEFAULT_RATE_LIMIT,
  now: () => number = Date.now,
  maxBuckets = 100_000,
): RateLimiter {
  if (!(limit.burst >= 1 && limit.perSecond > 0)) {
    throw new Error('rate limit needs burst ≥ 1 and perSecond > 0');
  }
  const buckets = new Map<string, Bucket>();
  const refill = (bucket: Bucket, t: number) => {
    const earned = (Math.max(0, t - bucket.at) / 1000) * limit.perSecond;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + earned);
    bucket.at = t;
  };
  const prune = (t: number) => {
    for (const [key, bucket] of buckets) {
      refill(bucket, t);
      if (bucket.tokens >= limit.burst) buckets.delete(key);
    }
  };
  return {
    take(key) {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxBuckets) prune(t);
        bucket = { tokens: limit.burst, at: t };
        buckets.set(key, bucket);
      }
      refill(bucket, t);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
    },
  };
}
