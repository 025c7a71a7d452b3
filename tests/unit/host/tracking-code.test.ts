import { describe, expect, it } from 'vitest';
import { TrackingCode, IdempotencyKey } from '../../../contract/central-api.ts';
import { SessionId } from '../../../contract/kiosk-api.ts';
import { newIdempotencyKey, newSessionId, newTrackingCode } from '../../../host/tracking-code.ts';

describe('tracking codes', () => {
  it('match the central contract and avoid confusable letters', () => {
    for (let i = 0; i < 500; i++) {
      const code = newTrackingCode();
      expect(TrackingCode.safeParse(code).success).toBe(true);
      expect(code).not.toMatch(/[ILOU]/);
    }
  });

  it('are derived from the random bytes given', () => {
    const zeros = () => Buffer.alloc(12, 0);
    expect(newTrackingCode(zeros)).toBe('0000-0000-0000');
    const all31 = () => Buffer.alloc(12, 31);
    expect(newTrackingCode(all31)).toBe('ZZZZ-ZZZZ-ZZZZ');
  });

  it('idempotency keys and session ids satisfy their schemas and differ', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(IdempotencyKey.safeParse(key).success).toBe(true);
    expect(SessionId.safeParse(newSessionId()).success).toBe(true);
  });
});
