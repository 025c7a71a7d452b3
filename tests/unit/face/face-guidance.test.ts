// The guidance rules and the liveness challenge, on per-frame facts (no camera, no model).
import { describe, expect, it } from 'vitest';
import { ChallengeTracker } from '../../../renderer/face/challenge.ts';
import { guidanceFor, type FrameFace } from '../../../renderer/face/guidance.ts';

const face = (over: Partial<FrameFace> = {}): FrameFace => ({
  score: 0.95,
  widthShare: 0.3,
  yaw: 0,
  pitch: 0,
  ...over,
});

describe('face guidance', () => {
  it('names the first problem the citizen can fix', () => {
    expect(guidanceFor({ faces: [], brightness: 120 })).toBe('no-face');
    expect(guidanceFor({ faces: [], brightness: 10 })).toBe('too-dark');
    expect(guidanceFor({ faces: [face(), face()], brightness: 120 })).toBe('several-faces');
    expect(guidanceFor({ faces: [face()], brightness: 20 })).toBe('too-dark');
    expect(guidanceFor({ faces: [face({ widthShare: 0.08 })], brightness: 120 })).toBe('too-far');
    expect(guidanceFor({ faces: [face({ widthShare: 0.8 })], brightness: 120 })).toBe('too-close');
    expect(guidanceFor({ faces: [face({ yaw: 0.6 })], brightness: 120 })).toBe('look-at-camera');
    expect(guidanceFor({ faces: [face()], brightness: 120 })).toBe('ok');
  });

  it('ignores weak detections and lets a head-turn challenge turn the head', () => {
    expect(guidanceFor({ faces: [face(), face({ score: 0.2 })], brightness: 120 })).toBe('ok');
    expect(guidanceFor({ faces: [face({ yaw: 0.6 })], brightness: 120 }, { allowTurn: true })).toBe(
      'ok',
    );
  });
});

describe('liveness challenge', () => {
  const feed = (t: ChallengeTracker, opens: number[], yaw = 0) =>
    opens.map((eyeOpen) => t.push({ eyeOpen, yaw })).at(-1);

  it('a blink is eyes open, closed, open again; a still face never blinks', () => {
    expect(feed(new ChallengeTracker('blink'), [0.43, 0.43, 0.29, 0.43])).toBe(true);
    expect(feed(new ChallengeTracker('blink'), Array(50).fill(0.43) as number[])).toBe(false);
    // Closed without opening again is not yet a blink.
    expect(feed(new ChallengeTracker('blink'), [0.43, 0.2, 0.2])).toBe(false);
  });

  it('a head turn goes to the asked side and comes back', () => {
    const left = new ChallengeTracker('turn-left');
    left.push({ eyeOpen: 0.4, yaw: 0 });
    left.push({ eyeOpen: 0.4, yaw: 0.5 });
    expect(left.push({ eyeOpen: 0.4, yaw: 0.05 })).toBe(true);
    const wrongSide = new ChallengeTracker('turn-left');
    wrongSide.push({ eyeOpen: 0.4, yaw: -0.5 });
    expect(wrongSide.push({ eyeOpen: 0.4, yaw: 0 })).toBe(false);
  });
});
