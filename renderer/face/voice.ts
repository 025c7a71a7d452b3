// The face step's guidance, spoken: the host synthesises a fixed phrase (kiosk.speak, espeak-ng)
// and the screen plays the WAV. Latest wins: while one phrase plays, only the newest wanted one
// waits, so a flickering guidance never queues a backlog. A problem is spoken once it has held
// for two frames in a row, and each phrase only when it changes. Silent when muted, when the
// host has no voice (null WAV) or when playing fails: the same words are on the screen.
import type { SpokenPhrase } from '../../contract/kiosk-api.ts';

export interface GuideVoice {
  /** A guidance seen on one frame (spoken once it holds), or `at once` (the challenge). */
  say(phrase: SpokenPhrase, opts?: { atOnce?: boolean }): void;
  setMuted(muted: boolean): void;
  /** Fetches phrases ahead (while the consent text is read), so none is made during capture. */
  prefetch(phrases: readonly SpokenPhrase[]): void;
  /** Forget what was said (a new capture run speaks its guidance again). */
  reset(): void;
}

export function createGuideVoice(opts: {
  speak(phrase: SpokenPhrase): Promise<{ wav: string | null }>;
  /** Plays a WAV and settles when it has finished (the page's default: an Audio element). */
  play?: (wav: Uint8Array) => Promise<void>;
  muted?: boolean;
  /** Told each phrase as it starts playing (the face stats keep the list for the tests). */
  onSpoken?: (phrase: SpokenPhrase) => void;
}): GuideVoice {
  const play = opts.play ?? playWav;
  const audio = new Map<SpokenPhrase, Promise<Uint8Array | null>>();
  let muted = opts.muted ?? false;
  let seen: SpokenPhrase | null = null;
  let heldFrames = 0;
  let said: SpokenPhrase | null = null;
  let waiting: SpokenPhrase | null = null;
  let busy = false;

  const fetchWav = (phrase: SpokenPhrase) => {
    let wav = audio.get(phrase);
    if (!wav) {
      wav = opts.speak(phrase).then(
        (r) => (r.wav ? base64Bytes(r.wav) : null),
        () => null,
      );
      audio.set(phrase, wav);
    }
    return wav;
  };
  const pump = async () => {
    if (busy) return;
    busy = true;
    try {
      while (waiting && !muted) {
        const phrase = waiting;
        waiting = null;
        const wav = await fetchWav(phrase);
        if (wav && !muted && waiting === null) {
          opts.onSpoken?.(phrase);
          await play(wav).catch(() => undefined);
        }
      }
    } finally {
      busy = false;
    }
  };
  const enqueue = (phrase: SpokenPhrase) => {
    if (muted || phrase === said) return;
    said = phrase;
    waiting = phrase;
    void pump();
  };

  return {
    say(phrase, sayOpts) {
      heldFrames = phrase === seen ? heldFrames + 1 : 1;
      seen = phrase;
      if (sayOpts?.atOnce || heldFrames >= 2) enqueue(phrase);
    },
    prefetch(phrases) {
      if (muted) return;
      for (const phrase of phrases) void fetchWav(phrase);
    },
    setMuted(m) {
      muted = m;
      if (m) waiting = null;
    },
    reset() {
      seen = null;
      said = null;
      heldFrames = 0;
    },
  };
}

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Through a blob: URL (the CSP's media-src allows blob:, not data:), released after playing. */
async function playWav(wav: Uint8Array): Promise<void> {
  const url = URL.createObjectURL(new Blob([wav as BlobPart], { type: 'audio/wav' }));
  try {
    const el = new Audio(url);
    await new Promise<void>((resolve) => {
      el.onended = () => resolve();
      el.onerror = () => resolve();
      el.play().catch(() => resolve());
    });
  } finally {
    URL.revokeObjectURL(url);
  }
}
