import { describe, expect, it } from 'vitest';
import { newFaceState } from '../../../host/face/face-check.ts';
import { SessionStore } from '../../../host/session-store.ts';
import { RESIDENT_CARD } from '../../support/resident-card.ts';

const card = RESIDENT_CARD;

describe('SessionStore', () => {
  it('keeps one citizen at a time: a new session wipes the one left behind', () => {
    const store = new SessionStore(60_000);
    const first = store.begin('A');
    first.card = card;
    const second = store.begin('B');
    expect(first.card).toBeNull();
    expect(() => store.get(first.id)).toThrow('会话已结束');
    expect(store.get(second.id).itemCode).toBe('B');
    expect(store.size).toBe(1);
  });

  it('end wipes the card and the submission', () => {
    const store = new SessionStore(60_000);
    const s = store.begin('A');
    s.card = card;
    s.submitted = { trackingCode: 'AAAA-BBBB-CCCC', idempotencyKey: 'k'.repeat(32) };
    store.end(s.id);
    expect(s.card).toBeNull();
    expect(s.submitted).toBeNull();
    expect(store.size).toBe(0);
  });

  it('end zeroes the card photo and the card face descriptor in place, then drops them', async () => {
    const store = new SessionStore(60_000);
    const s = store.begin('A');
    const photo = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 7, 7, 7]);
    s.cardPhoto = { format: 'png', bytes: photo };
    s.face = newFaceState(Promise.resolve({ faces: 1, descriptor: [0.12, -0.5, 0.33] }));
    await s.face.cardReady;
    const descriptor = s.face.cardDescriptor!;
    expect(descriptor).toEqual([0.12, -0.5, 0.33]);
    store.end(s.id);
    // Whoever still holds a reference (a pending comparison, a log call) sees zeros, not a face.
    expect([...photo]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(descriptor).toEqual([0, 0, 0]);
    expect(s.cardPhoto).toBeNull();
    expect(s.face).toBeNull();
  });

  it('expires abandoned sessions but not active ones', () => {
    let now = 0;
    const store = new SessionStore(1000, () => now);
    const s = store.begin('A');
    s.card = card;
    now = 900;
    store.get(s.id); // touched
    now = 1800;
    store.sweep();
    expect(store.size).toBe(1);
    now = 3000;
    store.sweep();
    expect(store.size).toBe(0);
    expect(s.card).toBeNull();
  });
});
