// Face verification in Chromium through the fake camera, one browser per clip (the clip is a
// launch flag): the card holder passes; somebody else does not; a still photograph fails the
// blink challenge; an empty scene, two faces and darkness each get their guidance, shown and
// spoken (the screen asks the host for the phrase's WAV); the camera's state is reported for
// fleet monitoring; and when the session ends, the camera is off with every track stopped.
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { loadBundledCatalog } from '../../catalog/load-bundled-catalog.ts';
import { FACE_CLIP_DIR } from './global-setup.ts';
import { CHROMIUM_ARGS } from './playwright.config.ts';
import { FACE_CARD, FACE_CLIPS } from '../../drivers/camera/fake-camera-clips.ts';
import { startKioskSite, type KioskSite } from './support/kiosk-site.ts';

// An item that asks for 实人核验 in the bundled catalog (个人就业登记 joins it when the lead flips it).
const item = loadBundledCatalog().items.find((i) => i.name === '社保卡挂失')!;

let site: KioskSite;
// A site per test: the card reader reads a card once per placement, as a real one does.
test.beforeEach(async () => {
  site = await startKioskSite({ card: FACE_CARD, a4: 'spool' });
});
test.afterEach(async () => {
  await site?.close();
});

export function fakeCameraArgs(clip: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${path.join(FACE_CLIP_DIR, clip)}`,
  ];
}

/** The RPC frames the page sent and received over the kiosk's socket, parsed. */
interface RpcLog {
  sent: { id: number; method: string; params: Record<string, unknown> }[];
  received: { id: number; result?: Record<string, unknown> }[];
}

function recordRpc(page: Page): RpcLog {
  const rpc: RpcLog = { sent: [], received: [] };
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => rpc.sent.push(JSON.parse(String(f.payload)) as RpcLog['sent'][0]));
    ws.on('framereceived', (f) =>
      rpc.received.push(JSON.parse(String(f.payload)) as RpcLog['received'][0]),
    );
  });
  return rpc;
}

async function withCamera(
  clip: string,
  body: (page: Page, rpc: RpcLog) => Promise<void>,
): Promise<void> {
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, ...fakeCameraArgs(clip)],
    });
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    const rpc = recordRpc(page);
    // Every camera stream the page opens, so the test can see that each track was stopped.
    await page.addInitScript(() => {
      const streams: MediaStream[] = [];
      (window as unknown as { testStreams: MediaStream[] }).testStreams = streams;
      const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (c) => {
        const s = await open(c);
        streams.push(s);
        return s;
      };
    });
    await body(page, rpc);
  } finally {
    await browser?.close();
  }
}

async function toFaceStep(page: Page): Promise<void> {
  await page.goto(site.url);
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`item-${item.code}`).click();
  await page.getByTestId('item-start').click();
  await expect(page.locator('[data-screen="face"]')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('face-consent-agree').click();
}

async function endAndCheckCameraOff(page: Page): Promise<void> {
  await page.getByTestId('exit').click();
  const confirm = page.getByRole('button', { name: '退出办理' });
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await expect(page.locator('[data-screen="attract"]')).toBeVisible({ timeout: 20_000 });
  const tracks = await page.evaluate(() =>
    (window as unknown as { testStreams: MediaStream[] }).testStreams.flatMap((s) =>
      s.getTracks().map((t) => t.readyState),
    ),
  );
  expect(tracks.length).toBeGreaterThan(0);
  expect(
    tracks.every((t) => t === 'ended'),
    'every camera track stopped',
  ).toBe(true);
  expect(await page.locator('video').count()).toBe(0);
}

test('the card holder passes: blink challenge, match against the card photo', async () => {
  expect(item.identity.level).toBe('id-card-and-face');
  await withCamera(FACE_CLIPS.samePerson, async (page) => {
    await toFaceStep(page);
    await expect(page.getByTestId('face-challenge')).toHaveAttribute('data-challenge', 'blink', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('face-result')).toHaveAttribute('data-outcome', 'match', {
      timeout: 40_000,
    });
    // The models were warmed on a face (the whole described-frame path, not only the kernels).
    expect(
      await page.evaluate(
        () =>
          (globalThis as { kiosk24FaceStats?: { warmedOnFace: boolean | null } }).kiosk24FaceStats!
            .warmedOnFace,
      ),
    ).toBe(true);
    await page.getByTestId('face-continue').click();
    await expect(page.locator('[data-screen="form"]')).toBeVisible();
    await endAndCheckCameraOff(page);
  });
});

test('somebody else with the card does not match', async () => {
  await withCamera(FACE_CLIPS.otherPerson, async (page) => {
    await toFaceStep(page);
    await expect(page.getByTestId('face-result')).toHaveAttribute('data-outcome', 'no-match', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('face-result')).toContainText('还可以再试 2 次');
    await endAndCheckCameraOff(page);
  });
});

test('a still photograph of the card holder fails liveness', async () => {
  await withCamera(FACE_CLIPS.still, async (page) => {
    await toFaceStep(page);
    await expect(page.getByTestId('face-result')).toHaveAttribute('data-outcome', 'not-live', {
      timeout: 60_000,
    });
    await endAndCheckCameraOff(page);
  });
});

for (const [clip, guidance] of [
  [FACE_CLIPS.noFace, 'no-face'],
  [FACE_CLIPS.twoFaces, 'several-faces'],
  [FACE_CLIPS.dark, 'too-dark'],
] as const) {
  test(`guidance: ${guidance}`, async () => {
    await withCamera(clip, async (page, rpc) => {
      await toFaceStep(page);
      await expect(page.getByTestId('face-guidance')).toHaveAttribute('data-guidance', guidance, {
        timeout: 30_000,
      });
      // Spoken too: the challenge at the start, then this guidance (the phrases are fetched from
      // the host ahead, while the consent text is read), and the host answered with a WAV.
      const spoken = () =>
        page.evaluate(
          () =>
            (globalThis as { kiosk24FaceStats?: { spoken: string[] } }).kiosk24FaceStats!.spoken,
        );
      await expect.poll(spoken, { timeout: 15_000 }).toContain(`face.${guidance}`);
      expect((await spoken())[0]).toBe('face.blink');
      const request = rpc.sent.find(
        (f) => f.method === 'kiosk.speak' && f.params.phrase === `face.${guidance}`,
      )!;
      await expect
        .poll(() => rpc.received.find((f) => f.id === request.id)?.result?.wav, { timeout: 15_000 })
        .toMatch(/^UklGR/); // "RIFF"
      // The camera opened: reported for fleet monitoring, with no picture in it.
      const report = rpc.sent.find((f) => f.method === 'kiosk.reportCamera');
      expect(report?.params).toMatchObject({ state: 'ok' });
      await endAndCheckCameraOff(page);
    });
  });
}
