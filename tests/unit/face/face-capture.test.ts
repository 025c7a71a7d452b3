// The capture loop's choices, over a scripted model: which frames get the descriptor (a
// cooperative citizen is described once, after the challenge; an unmet challenge gets one
// fallback description), what is handed over, and that inferences never overlap. The model is
// a stand-in answering human's result shape; the loop, the challenge and the guidance are real.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureFace } from '../../../renderer/face/face-capture.ts';
import { detectInTurn, type FaceEngine } from '../../../renderer/face/face-engine.ts';

type Eyes = 'open' | 'closed';

/** A face mesh whose lids are open (gap 4 of 10) or closed (1 of 10), on both eyes. */
function mesh(eyes: Eyes): number[][] {
  const points = Array.from({ length: 468 }, () => [0, 0, 0]);
  const gap = eyes === 'open' ? 4 : 1;
  for (const [lidA, lidB, rimA, rimB] of [
    [374, 386, 443, 450],
    [145, 159, 223, 230],
  ] as const) {
    points[lidA] = [0, 0, 0];
    points[lidB] = [0, gap, 0];
    points[rimA] = [0, 0, 0];
    points[rimB] = [0, 10, 0];
  }
  return points;
}

interface PassConfig {
  face: { description: { enabled: boolean } };
}

/** The model: one face per frame from the script (the last entry repeats). */
function scriptedEngine(script: Eyes[], opts: { throwAtFrame?: number } = {}) {
  const described: boolean[] = [];
  let frame = 0;
  const human = {
    detect: async (_input: unknown, pass: PassConfig) => {
      const describe = pass.face.description.enabled;
      described.push(describe);
      frame += 1;
      if (frame === opts.throwAtFrame) throw new Error('wasm: out of memory');
      const eyes = script[Math.min(frame - 1, script.length - 1)]!;
      return {
        face: [
          {
            score: 0.95,
            box: [200, 120, 220, 260],
            rotation: { angle: { yaw: 0.02, pitch: -0.01, roll: 0 } },
            mesh: mesh(eyes),
            embedding: describe ? [0.1, 0.2, 0.3] : undefined,
            real: describe ? 0.9 : undefined,
            live: describe ? 0.8 : undefined,
          },
        ],
      };
    },
  };
  const engine = { human, loadMs: 0, warmedOnFace: true, sample: null } as unknown as FaceEngine;
  return { engine, described };
}

const video = {
  readyState: 4,
  videoWidth: 640,
  requestVideoFrameCallback: (cb: () => void) => setTimeout(cb, 1),
} as unknown as HTMLVideoElement;

beforeEach(() => {
  // The loop's brightness probe is a canvas; without a 2D context it counts the frame as lit.
  vi.stubGlobal('document', {
    createElement: () => ({ width: 0, height: 0, getContext: () => null }),
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const capture = (engine: FaceEngine, more: Partial<Parameters<typeof captureFace>[0]> = {}) =>
  captureFace({
    engine,
    video,
    challenge: 'blink',
    onGuidance: () => undefined,
    signal: new AbortController().signal,
    limitMs: 2000,
    ...more,
  });

describe('captureFace', () => {
  it('describes a cooperative citizen once, on a frame after the blink, and hands that over', async () => {
    const { engine, described } = scriptedEngine(['open', 'open', 'closed', 'open', 'open']);
    const outcome = await capture(engine);
    expect(outcome).toEqual({
      kind: 'captured',
      descriptor: [0.1, 0.2, 0.3],
      liveness: { challenge: 'blink', passed: true, antispoof: 0.9, live: 0.8 },
    });
    expect(described.filter(Boolean)).toHaveLength(1);
    // Frames 1–4 (open, open, closed, open: the blink is met on the 4th) were tracked only.
    expect(described.indexOf(true)).toBeGreaterThanOrEqual(4);
  });

  it('an unmet challenge still gets one fallback description, which fails liveness', async () => {
    const { engine, described } = scriptedEngine(['open']);
    const outcome = await capture(engine, { limitMs: 300, fallbackDescribeAfterMs: 50 });
    expect(outcome).toMatchObject({
      kind: 'captured',
      descriptor: [0.1, 0.2, 0.3],
      liveness: { passed: false },
    });
    expect(described.filter(Boolean)).toHaveLength(1);
    expect(described.length).toBeGreaterThan(described.indexOf(true) + 1); // kept tracking after
  });

  it('before the fallback time, an unmet challenge describes nothing', async () => {
    const { engine, described } = scriptedEngine(['open']);
    const outcome = await capture(engine, { limitMs: 200, fallbackDescribeAfterMs: 60_000 });
    expect(outcome).toEqual({ kind: 'no-face' });
    expect(described.some(Boolean)).toBe(false);
  });

  it('an aborted capture hands nothing over', async () => {
    // Never blinks: the fallback description is kept while the loop waits for the challenge.
    const { engine, described } = scriptedEngine(['open']);
    const abort = new AbortController();
    const pending = capture(engine, { signal: abort.signal, fallbackDescribeAfterMs: 0 });
    setTimeout(() => abort.abort(), 20);
    expect(await pending).toEqual({ kind: 'aborted' });
    expect(described.some(Boolean)).toBe(true); // there was a descriptor to withhold
  });

  it('a model error ends the capture with that error, and the next inference still runs', async () => {
    const { engine } = scriptedEngine(['open', 'closed', 'open'], { throwAtFrame: 3 });
    await expect(capture(engine, { fallbackDescribeAfterMs: 0 })).rejects.toThrow('out of memory');
    const next = scriptedEngine(['open', 'closed', 'open']);
    expect(await capture(next.engine)).toMatchObject({ kind: 'captured' });
  });
});

describe('detectInTurn', () => {
  it('runs one inference at a time, in call order, past a failed one', async () => {
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const human = {
      detect: async (input: string) => {
        log.push(`start ${input}`);
        if (input === 'a') await gate;
        if (input === 'b') throw new Error('b failed');
        log.push(`end ${input}`);
        return { face: [] };
      },
    } as unknown as FaceEngine['human'];
    const pass = {};
    const a = detectInTurn(human, 'a' as never, pass);
    const b = detectInTurn(human, 'b' as never, pass);
    const c = detectInTurn(human, 'c' as never, pass);
    await new Promise((r) => setTimeout(r, 10));
    expect(log).toEqual(['start a']); // b and c wait for a
    release();
    await a;
    await expect(b).rejects.toThrow('b failed');
    await c;
    expect(log).toEqual(['start a', 'end a', 'start b', 'start c', 'end c']);
  });
});
