// Spoken guidance with the real synthesiser: espeak-ng makes each fixed phrase into a WAV that
// the screen can play (right sizes, 16-bit mono, not silence) and the RPC can carry (the
// contract's cap), once per phrase, all of them ahead when asked; without espeak-ng the kiosk
// answers "no voice", silently.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kioskApi, SPOKEN_PHRASES, type SpokenPhrase } from '../../../contract/kiosk-api.ts';
import { createLogger } from '../../../host/log.ts';
import { createVoiceGuide, MAX_WAV_BYTES } from '../../../host/voice/voice-guide.ts';

const hasEspeak = existsSync('/usr/bin/espeak-ng');

function readWav(wav: Uint8Array) {
  const v = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const tag = (at: number) => String.fromCharCode(...wav.subarray(at, at + 4));
  const samples = new Int16Array(wav.slice(44).buffer);
  return {
    riff: tag(0),
    wave: tag(8),
    riffSize: v.getUint32(4, true),
    format: v.getUint16(20, true),
    channels: v.getUint16(22, true),
    rate: v.getUint32(24, true),
    bits: v.getUint16(34, true),
    data: tag(36),
    dataSize: v.getUint32(40, true),
    peak: samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0),
  };
}

describe.skipIf(!hasEspeak)('voice guide (espeak-ng)', () => {
  it('speaks every phrase as a playable WAV the RPC can carry', async () => {
    const lines: string[] = [];
    const guide = createVoiceGuide({
      voice: 'cmn',
      log: createLogger('test', (l) => lines.push(l)),
    });
    for (const phrase of Object.keys(SPOKEN_PHRASES) as SpokenPhrase[]) {
      const wav = (await guide.speak(phrase))!;
      expect(wav, phrase).not.toBeNull();
      const w = readWav(wav);
      expect(w).toMatchObject({ riff: 'RIFF', wave: 'WAVE', data: 'data', format: 1, channels: 1 });
      expect(w.bits).toBe(16);
      expect(w.rate).toBe(11025);
      expect(w.riffSize).toBe(wav.length - 8);
      expect(w.dataSize).toBe(wav.length - 44);
      // Speech, not silence: some tenths of a second at least, and loud somewhere.
      expect(w.dataSize).toBeGreaterThan(11025 * 2 * 0.3);
      expect(w.peak).toBeGreaterThan(2000);
      expect(wav.length).toBeLessThanOrEqual(MAX_WAV_BYTES);
      const answer = kioskApi['kiosk.speak'].output.safeParse({
        wav: Buffer.from(wav).toString('base64'),
      });
      expect(answer.success, phrase).toBe(true);
    }
    expect(lines.join('')).not.toContain('voice.unavailable');
  }, 60_000);

  it('makes each phrase once and hands out the kept WAV after that', async () => {
    const guide = createVoiceGuide({ voice: 'cmn', log: createLogger('test', () => undefined) });
    const [a, b] = await Promise.all([guide.speak('face.blink'), guide.speak('face.blink')]);
    expect(a).toBe(b);
    expect(await guide.speak('face.blink')).toBe(a);
    expect(await guide.speak('face.too-far')).not.toBe(a);
  });
});

describe('voice guide, ahead of time', () => {
  it('prepare makes every phrase once; speaking them afterwards runs no synthesiser', async () => {
    // A stand-in synthesiser that counts its runs and answers a short WAV as espeak-ng would.
    const dir = mkdtempSync(path.join(tmpdir(), 'voice-'));
    const runs = path.join(dir, 'runs');
    const fake = path.join(dir, 'synth.sh');
    const wav = Buffer.alloc(44 + 2000);
    wav.write('RIFF', 0);
    wav.write('WAVEfmt ', 8);
    wav.writeUInt32LE(16, 16);
    wav.writeUInt16LE(1, 20);
    wav.writeUInt16LE(1, 22);
    wav.writeUInt32LE(22050, 24);
    wav.writeUInt16LE(16, 34);
    wav.write('data', 36);
    for (let i = 44; i < wav.length; i += 2) wav.writeInt16LE(i % 8 < 4 ? 3000 : -3000, i);
    writeFileSync(path.join(dir, 'out.wav'), wav);
    writeFileSync(fake, `#!/bin/sh\necho x >> '${runs}'\ncat '${path.join(dir, 'out.wav')}'\n`);
    chmodSync(fake, 0o755);
    const count = () => (existsSync(runs) ? readFileSync(runs, 'utf8').split('\n').length - 1 : 0);
    try {
      const guide = createVoiceGuide({
        voice: 'cmn',
        command: fake,
        log: createLogger('test', () => undefined),
      });
      await guide.prepare();
      const phrases = Object.keys(SPOKEN_PHRASES) as SpokenPhrase[];
      expect(count()).toBe(phrases.length);
      for (const phrase of phrases) expect(await guide.speak(phrase), phrase).not.toBeNull();
      await guide.prepare(); // every face item's card asks again: made once all the same
      expect(count()).toBe(phrases.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prepare without a synthesiser logs once and leaves the kiosk silent', async () => {
    const lines: string[] = [];
    const guide = createVoiceGuide({
      voice: 'cmn',
      command: '/nonexistent/espeak-ng',
      log: createLogger('test', (l) => lines.push(l)),
    });
    await guide.prepare();
    expect(lines.filter((l) => l.includes('voice.unavailable'))).toHaveLength(1);
    expect(await guide.speak('face.blink')).toBeNull();
  });
});

describe('voice guide without espeak-ng', () => {
  it('answers null, logs once that there is no voice, and stops trying', async () => {
    const lines: string[] = [];
    const guide = createVoiceGuide({
      voice: 'cmn',
      command: '/nonexistent/espeak-ng',
      log: createLogger('test', (l) => lines.push(l)),
    });
    expect(await guide.speak('face.no-face')).toBeNull();
    expect(await guide.speak('face.too-dark')).toBeNull();
    expect(lines.filter((l) => l.includes('voice.unavailable'))).toHaveLength(1);
    expect(kioskApi['kiosk.speak'].output.safeParse({ wav: null }).success).toBe(true);
  });
});
