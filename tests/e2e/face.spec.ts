// Face verification in Chromium through the fake camera, one browser per clip (the clip is a
// launch flag): the card holder passes; somebody else does not; a still photograph fails the
// blink challenge; an empty scene, two faces and darkness each get their guidance; and when the
// session ends, the camera is off with every track stopped.
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

async function withCamera(clip: string, body: (page: Page) => Promise<void>): Promise<void> {
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, ...fakeCameraArgs(clip)],
    });
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
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
    await body(page);
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
    await withCamera(clip, async (page) => {
      await toFaceStep(page);
      await expect(page.getByTestId('face-guidance')).toHaveAttribute('data-guidance', guidance, {
        timeout: 30_000,
      });
      await endAndCheckCameraOff(page);
    });
  });
}
