// The host as the authority on faces, with real parts: the SAM driver reading the face card from
// the in-process simulator, the card photo described by the wasm model in its worker, live
// descriptors made by the same model from public-domain photographs (skimage's astronaut, the
// card holder; its cameraman, somebody else). An item that needs 实人核验 is refused until the
// host itself has seen a match; the submission then says so; nothing of the face is logged.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../catalog/schema.ts';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import { loadConfig } from '../../../config/kiosk-config.ts';
import { kioskApi, type FaceLiveness } from '../../../contract/kiosk-api.ts';
import { openCardReader } from '../../../host/adapters/card-reader.ts';
import { openDocumentPrinter } from '../../../host/adapters/document-printer.ts';
import { openReceiptPrinter } from '../../../host/adapters/receipt-printer.ts';
import { openSubmissionQueue } from '../../../host/adapters/submission-queue.ts';
import { startFaceEngine } from '../../../host/face/face-engine.ts';
import { createKioskService } from '../../../host/kiosk-service.ts';
import { createLogger } from '../../../host/log.ts';
import { createVoiceGuide, type VoiceGuide } from '../../../host/voice/voice-guide.ts';
import { FACE_CARD, SKIMAGE_DATA } from '../../../drivers/camera/fake-camera-clips.ts';

const bundled = loadBundledCatalog();
const employment = bundled.items.find((i) => i.name === '个人就业登记')!;
// 个人就业登记 with 实人核验 on (as the catalog will have it), whatever the bundled level is now.
const catalog: Catalog = {
  ...bundled,
  items: bundled.items.map((i) =>
    i.code === employment.code
      ? { ...i, identity: { ...i.identity, level: 'id-card-and-face', face: { threshold: 0.6 } } }
      : i,
  ),
};
const item = catalog.items.find((i) => i.code === employment.code)!;
const photos = ['astronaut.png', 'camera.png'].map((f) => path.join(SKIMAGE_DATA, f));
const live: FaceLiveness = { challenge: 'blink', passed: true, antispoof: 0.45, live: 0.9 };
const logLines: string[] = [];
const log = createLogger('test', (l) => logLines.push(l));

describe.skipIf(!photos.every((p) => existsSync(p)))('host face verification', () => {
  const engine = startFaceEngine();
  const closers: (() => Promise<void> | void)[] = [];
  let holder: number[];
  let other: number[];

  beforeAll(async () => {
    const describe = async (file: string) =>
      (await engine.describe({ format: 'png', bytes: new Uint8Array(readFileSync(file)) }))
        .descriptor!;
    [holder, other] = [await describe(photos[0]!), await describe(photos[1]!)];
  }, 60_000);
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await engine.close();
  });

  async function kiosk(opts: { voice?: VoiceGuide; camera?: { deviceId: string } } = {}) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-face-'));
    // No central platform: a queue-policy item is saved to the outbox ("queued").
    const config = loadConfig({
      dataDir,
      overrides: {
        central: { url: 'http://127.0.0.1:9' },
        idReader: { transport: 'in-process-simulator', card: FACE_CARD },
        a4Printer: { uri: `spool:${path.join(dataDir, 'spool')}` },
        ...(opts.camera ? { face: { challenges: ['blink' as const], camera: opts.camera } } : {}),
      },
    });
    const reader = await openCardReader(config.idReader, log);
    const queue = openSubmissionQueue(config, log);
    const service = createKioskService({
      config,
      softwareVersion: 'test',
      catalog: { current: () => catalog },
      reader,
      receipt: openReceiptPrinter(config.receiptPrinter),
      documents: openDocumentPrinter(config.a4Printer),
      queue,
      log,
      deliveryDeadlineMs: 500,
      faceEngine: () => engine,
      faceChallenge: () => 'blink',
      ...(opts.voice ? { voice: opts.voice } : {}),
    });
    closers.push(async () => {
      service.close();
      await queue.close();
      await reader.close();
    });
    return service;
  }

  it('refuses the item until the host matched the face, then submits it as id-card-and-face', async () => {
    const service = await kiosk();
    const { sessionId } = await service['session.begin']({ itemCode: item.code });
    let outcome;
    for (let i = 0; i < 10 && outcome?.outcome !== 'card'; i++) {
      outcome = await service['session.readCard']({ sessionId, waitMs: 3000 });
    }
    expect(outcome?.outcome).toBe('card');
    // The citizen's entries (card fields come from the card, the host fills them itself).
    const form = {
      phone: '13800138000',
      education: '本科',
      employmentForm: '单位就业',
      employerName: '广州市天河区某某科技有限公司',
      employmentStartDate: '2026-11-01',
    };

    await expect(service['session.submit']({ sessionId, form })).rejects.toThrow('人脸核验');
    await expect(
      service['session.verifyFace']({ sessionId, descriptor: holder, liveness: live }),
    ).rejects.toThrow('同意');

    expect(await service['session.faceConsent']({ sessionId, consent: true })).toEqual({
      outcome: 'ready',
      challenge: 'blink',
      mode: 'local',
      attemptsLeft: 3,
    });
    const wrong = await service['session.verifyFace']({
      sessionId,
      descriptor: other,
      liveness: live,
    });
    expect(wrong).toMatchObject({ outcome: 'no-match', attemptsLeft: 2 });
    expect(wrong.score!).toBeLessThan(0.6);
    const still = await service['session.verifyFace']({
      sessionId,
      descriptor: holder,
      liveness: { ...live, passed: false },
    });
    expect(still).toMatchObject({ outcome: 'not-live', attemptsLeft: 1 });
    await expect(service['session.submit']({ sessionId, form })).rejects.toThrow('人脸核验');
    const right = await service['session.verifyFace']({
      sessionId,
      descriptor: holder,
      liveness: live,
    });
    expect(right.outcome).toBe('match');
    expect(right.score!).toBeGreaterThanOrEqual(0.6);

    const result = await service['session.submit']({ sessionId, form });
    expect(result.delivery).toBe('queued');
    await service['session.end']({ sessionId, reason: 'completed' });
    await expect(
      service['session.verifyFace']({ sessionId, descriptor: holder, liveness: live }),
    ).rejects.toThrow('会话已结束');
  }, 120_000);

  it('tells the screen its camera and whether it speaks, and speaks a phrase on request', async () => {
    const voice = createVoiceGuide({ voice: 'cmn', log });
    const speaking = await kiosk({ voice, camera: { deviceId: 'usb-cam-1' } });
    const status = await speaking['kiosk.status']({});
    expect(kioskApi['kiosk.status'].output.parse(status).face).toEqual({
      camera: { deviceId: 'usb-cam-1', width: 640, height: 480 },
      voice: true,
    });
    const { wav } = await speaking['kiosk.speak']({ phrase: 'face.too-dark' });
    if (existsSync('/usr/bin/espeak-ng')) {
      expect(Buffer.from(wav!, 'base64').subarray(0, 4).toString('latin1')).toBe('RIFF');
    }
    const silent = await kiosk();
    expect((await silent['kiosk.status']({})).face).toEqual({
      camera: { width: 640, height: 480 },
      voice: false,
    });
    expect(await silent['kiosk.speak']({ phrase: 'face.too-dark' })).toEqual({ wav: null });
  }, 60_000);

  it('logs decisions and scores, never the descriptor or the name', () => {
    const all = logLines.join('\n');
    expect(all).toMatch(/face\.attempt/);
    expect(all).not.toContain('阳秀梅');
    expect(all).not.toContain(holder.slice(0, 4).map(String).join(','));
  });
});
