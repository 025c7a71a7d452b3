import { describe, expect, it } from 'vitest';
import {
  IDLE_OFF,
  idleReducer,
  secondsLeft,
  type IdleEvent,
  type IdleState,
} from '../../../renderer/state/idle-timer.ts';

const config = { idleSeconds: 5, countdownSeconds: 4 };
const run = (events: IdleEvent[], from: IdleState = IDLE_OFF) => events.reduce(idleReducer, from);

describe('idle timer', () => {
  it('stays quiet while disabled (the attract screen)', () => {
    expect(run([{ type: 'tick', at: 1_000_000 }])).toBe(IDLE_OFF);
    expect(run([{ type: 'activity', at: 5 }])).toBe(IDLE_OFF);
  });

  it('warns after idleSeconds without activity, then counts down from countdownSeconds', () => {
    const enabled = run([{ type: 'enable', config, at: 0 }]);
    expect(run([{ type: 'tick', at: 4_999 }], enabled).phase).toBe('watching');
    const warned = run([{ type: 'tick', at: 5_000 }], enabled);
    expect(warned).toMatchObject({ phase: 'warning', remaining: 4 });
    expect(run([{ type: 'tick', at: 5_999 }], warned)).toBe(warned); // nothing visible changed
    expect(run([{ type: 'tick', at: 6_000 }], warned)).toMatchObject({ remaining: 3 });
    expect(run([{ type: 'tick', at: 8_999 }], warned)).toMatchObject({ remaining: 1 });
    expect(run([{ type: 'tick', at: 9_000 }], warned)).toEqual({ phase: 'expired' });
  });

  it('counts from the timestamps, so a late tick does not stretch the countdown', () => {
    const warned = run([
      { type: 'enable', config, at: 0 },
      { type: 'tick', at: 5_000 },
    ]);
    expect(run([{ type: 'tick', at: 60_000 }], warned)).toEqual({ phase: 'expired' });
  });

  it('a touch restarts the idle wait; during the warning only 继续办理 does', () => {
    const touched = run([
      { type: 'enable', config, at: 0 },
      { type: 'activity', at: 4_000 },
      { type: 'tick', at: 8_000 },
    ]);
    expect(touched.phase).toBe('watching');
    const warned = run([{ type: 'tick', at: 9_000 }], touched);
    expect(warned.phase).toBe('warning');
    expect(run([{ type: 'activity', at: 9_500 }], warned)).toBe(warned);
    const resumed = run([{ type: 'continue', at: 10_000 }], warned);
    expect(resumed).toMatchObject({ phase: 'watching', lastActivityAt: 10_000 });
    expect(run([{ type: 'tick', at: 14_999 }], resumed).phase).toBe('watching');
  });

  it('disabling (leaving to attract, or a submission in flight) stops everything', () => {
    const warned = run([
      { type: 'enable', config, at: 0 },
      { type: 'tick', at: 5_000 },
      { type: 'disable' },
      { type: 'tick', at: 100_000 },
    ]);
    expect(warned).toBe(IDLE_OFF);
    // Enabled again: the wait starts afresh.
    const again = run([{ type: 'enable', config, at: 200_000 }], warned);
    expect(run([{ type: 'tick', at: 204_000 }], again).phase).toBe('watching');
  });

  it('re-enabling with a new configuration keeps an open warning open', () => {
    const warned = run([
      { type: 'enable', config, at: 0 },
      { type: 'tick', at: 5_000 },
      { type: 'enable', config: { idleSeconds: 90, countdownSeconds: 30 }, at: 5_500 },
    ]);
    expect(warned.phase).toBe('warning');
  });

  it('without a countdown it expires at once', () => {
    const state = run([
      { type: 'enable', config: { idleSeconds: 1, countdownSeconds: 0 }, at: 0 },
      { type: 'tick', at: 1_000 },
    ]);
    expect(state).toEqual({ phase: 'expired' });
  });

  it('secondsLeft never goes below 0 or above the countdown', () => {
    expect(secondsLeft(config, 1_000, 0)).toBe(4);
    expect(secondsLeft(config, 0, 3_999)).toBe(1);
    expect(secondsLeft(config, 0, 99_000)).toBe(0);
  });
});
