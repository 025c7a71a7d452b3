import { describe, expect, it } from 'vitest';
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
