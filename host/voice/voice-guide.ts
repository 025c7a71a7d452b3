// Spoken guidance, offline: espeak-ng turns one of the fixed phrases of contract/kiosk-api.ts
// (SPOKEN_PHRASES) into a short WAV that the screen plays. Only those texts are ever spoken, so
// no personal data reaches the synthesiser or its cache. Each phrase is made once per process
// and kept; `prepare` makes them all ahead (the host calls it when a face item's card is read,
// before the camera starts), so guidance neither waits for the synthesiser nor has it compete
// with the face model for the CPU during the capture. Without espeak-ng (or when it fails) the kiosk is silent, never broken: the screen
// shows the same guidance as text.
import { spawn } from 'node:child_process';
import { SPOKEN_PHRASES, type SpokenPhrase } from '../../contract/kiosk-api.ts';
import { errorText, type Logger } from '../log.ts';

export interface VoiceGuide {
  /** The phrase as a mono 16-bit PCM WAV, or null when the kiosk cannot speak. */
  speak(phrase: SpokenPhrase): Promise<Uint8Array | null>;
  /**
   * Makes every phrase now, one after another; later calls share the first run (never rejects;
   * failures are logged by speak, and a phrase that failed is tried again when spoken).
   */
  prepare(): Promise<void>;
}

/** A WAV the screen can take through the RPC (its base64 must stay under the contract's cap). */
export const MAX_WAV_BYTES = 180_000;
const MAX_TEXT_CHARS = 40;
const SYNTH_TIMEOUT_MS = 5000;

export function createVoiceGuide(opts: {
  /** espeak-ng's voice: 'cmn' (Mandarin), 'yue' (Cantonese)… */
  voice: string;
  log: Logger;
  /** The synthesiser's binary (tests point it elsewhere). */
  command?: string;
}): VoiceGuide {
  const command = opts.command ?? 'espeak-ng';
  const cache = new Map<SpokenPhrase, Promise<Uint8Array | null>>();
  let silent = false;
  let prepared: Promise<void> | null = null;
  const speak = (phrase: SpokenPhrase): Promise<Uint8Array | null> => {
    if (silent) return Promise.resolve(null);
    let wav = cache.get(phrase);
    if (!wav) {
      wav = synthesise(command, opts.voice, SPOKEN_PHRASES[phrase]).catch((err: unknown) => {
        // A missing binary stays missing: stop asking. Other failures may pass: retry later.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') silent = true;
        else cache.delete(phrase);
        opts.log.warn('voice.unavailable', { phrase, reason: errorText(err) });
        return null;
      });
      cache.set(phrase, wav);
    }
    return wav;
  };
  return {
    speak,
    prepare() {
      prepared ??= (async () => {
        for (const phrase of Object.keys(SPOKEN_PHRASES) as SpokenPhrase[]) {
          if (silent) return;
          await speak(phrase);
        }
      })();
      return prepared;
    },
  };
}

function synthesise(command: string, voice: string, text: string): Promise<Uint8Array> {
  if (text.length > MAX_TEXT_CHARS) return Promise.reject(new Error('phrase too long'));
  return new Promise((resolve, reject) => {
    // No shell: the text is one argument. `--stdout`: the WAV on standard output.
    const child = spawn(command, ['-v', voice, '--stdout', text], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), SYNTH_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => {
      size += d.length;
      if (size > 4 * MAX_WAV_BYTES) child.kill('SIGKILL');
      else chunks.push(d);
    });
    child.once('error', (err) => (clearTimeout(timer), reject(err)));
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${command} exited with ${code ?? signal}`));
      try {
        resolve(compactWav(Buffer.concat(chunks)));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

/**
 * espeak-ng streams its WAV with placeholder sizes (it cannot seek a pipe). This reads the 16-bit
 * mono samples, trims the silence at both ends, halves 22.05 kHz to 11.025 kHz (speech stays
 * clear; the RPC carries half the bytes) and writes a WAV whose sizes are right.
 */
export function compactWav(raw: Uint8Array): Uint8Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const tag = (at: number) => String.fromCharCode(...raw.subarray(at, at + 4));
  if (raw.length < 44 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV');
  let at = 12;
  let rate = 0;
  let dataAt = -1;
  while (at + 8 <= raw.length) {
    const id = tag(at);
    const len = view.getUint32(at + 4, true);
    if (id === 'fmt ') {
      const format = view.getUint16(at + 8, true);
      const channels = view.getUint16(at + 10, true);
      const bits = view.getUint16(at + 22, true);
      if (format !== 1 || channels !== 1 || bits !== 16) throw new Error('not 16-bit mono PCM');
      rate = view.getUint32(at + 12, true);
    } else if (id === 'data') {
      dataAt = at + 8;
      break;
    }
    at += 8 + len + (len % 2);
  }
  if (dataAt < 0 || rate === 0) throw new Error('WAV without format or data');
  const count = Math.floor((raw.length - dataAt) / 2);
  const sample = (i: number) => view.getInt16(dataAt + i * 2, true);
  let first = 0;
  let last = count - 1;
  while (first < count && Math.abs(sample(first)) < 64) first++;
  while (last > first && Math.abs(sample(last)) < 64) last--;
  const step = rate >= 16_000 ? 2 : 1;
  const outRate = rate / step;
  const outCount = Math.min(Math.floor((last - first + 1) / step), (MAX_WAV_BYTES - 44) / 2);
  const out = new Uint8Array(44 + outCount * 2);
  const w = new DataView(out.buffer);
  const put = (offset: number, s: string) => {
    for (let i = 0; i < 4; i++) out[offset + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  w.setUint32(4, 36 + outCount * 2, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  w.setUint32(16, 16, true);
  w.setUint16(20, 1, true);
  w.setUint16(22, 1, true);
  w.setUint32(24, outRate, true);
  w.setUint32(28, outRate * 2, true);
  w.setUint16(32, 2, true);
  w.setUint16(34, 16, true);
  put(36, 'data');
  w.setUint32(40, outCount * 2, true);
  for (let i = 0; i < outCount; i++) {
    let sum = 0;
    for (let k = 0; k < step; k++) sum += sample(first + i * step + k);
    w.setInt16(44 + i * 2, Math.round(sum / step), true);
  }
  return out;
}
