// The spoken guidance's rules in the renderer (renderer/face/voice.ts): which phrases the face
// step asks the host to speak, when, and what it plays. The host's side is a recorder here; the
// host's real synthesis is tested in tests/integration/face/voice-guide.test.ts.
import { describe, expect, it } from 'vitest';
import type { SpokenPhrase } from '../../../contract/kiosk-api.ts';
import { createGuideVoice } from '../../../renderer/face/voice.ts';

const settle = () => new Promise((resolve) => setImmediate(resolve));

function rig(opts: { wav?: string | null; muted?: boolean } = {}) {
  const asked: SpokenPhrase[] = [];
  const played: number[][] = [];
  let finish: (() => void) | null = null;
  const voice = createGuideVoice({
    speak: async (phrase) => {
      asked.push(phrase);
      return { wav: opts.wav === undefined ? btoa(String.fromCharCode(asked.length)) : opts.wav };
    },
    // Playback stays "playing" until the test lets it finish.
    play: (wav) => {
      played.push([...wav]);
      return new Promise<void>((resolve) => (finish = resolve));
    },
    muted: opts.muted ?? false,
  });
  const endPlayback = async () => {
    finish?.();
    finish = null;
    await settle();
  };
  return { voice, asked, played, endPlayback };
}

describe('spoken face guidance', () => {
  it('says the challenge at once and a problem once it holds for two frames', async () => {
    const { voice, asked, played, endPlayback } = rig();
    voice.say('face.blink', { atOnce: true });
    await settle();
    expect(asked).toEqual(['face.blink']);
    expect(played).toHaveLength(1);
    await endPlayback();
    voice.say('face.no-face');
    await settle();
    expect(asked).toEqual(['face.blink']);
    voice.say('face.no-face');
    await settle();
    expect(asked).toEqual(['face.blink', 'face.no-face']);
    // The same guidance again and again is said once.
    await endPlayback();
    for (let i = 0; i < 5; i++) voice.say('face.no-face');
    await settle();
    expect(asked).toEqual(['face.blink', 'face.no-face']);
    expect(played).toHaveLength(2);
  });

  it('asks again when the guidance changes, and only the newest waits while one plays', async () => {
    const { voice, asked, played, endPlayback } = rig();
    voice.say('face.too-dark');
    voice.say('face.too-dark');
    await settle();
    expect(played).toHaveLength(1);
    // While it plays, the guidance flickers through two others: only the last one follows.
    voice.say('face.too-far');
    voice.say('face.too-far');
    voice.say('face.too-close');
    voice.say('face.too-close');
    await endPlayback();
    await settle();
    expect(asked).toEqual(['face.too-dark', 'face.too-close']);
    expect(played).toHaveLength(2);
  });

  it('keeps each phrase it fetched, and forgets what it said on reset', async () => {
    const { voice, asked, played, endPlayback } = rig();
    voice.say('face.blink', { atOnce: true });
    await settle();
    await endPlayback();
    voice.reset();
    voice.say('face.blink', { atOnce: true });
    await settle();
    expect(asked).toEqual(['face.blink']);
    expect(played).toEqual([played[0], played[0]]);
  });

  it('is silent when muted, and when the host has no voice', async () => {
    const muted = rig({ muted: true });
    muted.voice.say('face.blink', { atOnce: true });
    await settle();
    expect(muted.asked).toEqual([]);
    muted.voice.setMuted(false);
    muted.voice.say('face.turn-left', { atOnce: true });
    await settle();
    expect(muted.asked).toEqual(['face.turn-left']);

    const voiceless = rig({ wav: null });
    voiceless.voice.say('face.blink', { atOnce: true });
    await settle();
    expect(voiceless.asked).toEqual(['face.blink']);
    expect(voiceless.played).toEqual([]);
  });
});

describe('spoken face guidance, fetched ahead', () => {
  it('asks the host for each phrase once, before any is needed, and plays the kept one', async () => {
    const { voice, asked, played } = rig();
    voice.prefetch(['face.blink', 'face.no-face']);
    await settle();
    expect(asked).toEqual(['face.blink', 'face.no-face']);
    expect(played).toEqual([]);
    voice.say('face.blink', { atOnce: true });
    await settle();
    expect(asked).toEqual(['face.blink', 'face.no-face']);
    expect(played).toHaveLength(1);
  });
});
