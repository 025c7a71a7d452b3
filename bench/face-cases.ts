// Face verification benchmarks (issue 7), in Debian's Chromium through Playwright with the fake
// camera playing the card holder's clip, against a kiosk site of real peers (the e2e harness):
// per-frame detection + descriptor (wasm), model load, camera start to the host's decision for a
// cooperative citizen, and the renderer's JS heap after a check. The renderer records its own
// timings (renderer/face/face-stats.ts, numbers only); these cases read them.
// Needs: a built renderer (npm run build:renderer), ffmpeg + python3-skimage for the clips.
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { loadBundledCatalog } from '../catalog/load-bundled-catalog.ts';
import { FACE_CARD, FACE_CLIPS, makeFaceClips } from '../drivers/camera/fake-camera-clips.ts';
import { repoRoot, startKioskSite, type KioskSite } from '../tests/e2e/support/kiosk-site.ts';
import { CHROMIUM_ARGS } from '../tests/e2e/playwright.config.ts';
import type { BenchCase } from './harness.ts';

interface FaceStats {
  frameMs: number[];
  loadMs: number | null;
  cameraToDecisionMs: number[];
}

/** One face check from the attract screen to the host's "match"; returns the page's stats. */
async function oneCheck(browser: Browser, site: KioskSite, itemCode: string) {
  const page: Page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  try {
    await page.goto(site.url);
    await page.getByTestId('attract-start').click();
    await page.getByTestId(`item-${itemCode}`).click();
    await page.getByTestId('item-start').click();
    await page.locator('[data-screen="face"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('face-consent-agree').click();
    await page
      .locator('[data-testid="face-result"][data-outcome="match"]')
      .waitFor({ timeout: 60_000 });
    const stats = await page.evaluate(
      () => (globalThis as { kiosk24FaceStats?: FaceStats }).kiosk24FaceStats!,
    );
    const heap = await page.evaluate(
      () => (performance as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
    );
    return { stats, heapMiB: heap / 1024 / 1024 };
  } finally {
    await page.close();
  }
}

export function faceBenchCases(): BenchCase[] {
  const item = loadBundledCatalog().items.find((i) => i.identity.level === 'id-card-and-face')!;
  let site: KioskSite | null = null;
  let browser: Browser | null = null;
  const runs: { stats: FaceStats; heapMiB: number }[] = [];
  const clip = path.join(
    makeFaceClips(path.join(repoRoot, 'test-results', 'face-clips')),
    FACE_CLIPS.samePerson,
  );

  // One setup runs the checks (a fresh site and browser per check: the card is read once per
  // placement, and the model load is a cold start each time); the cases report from them.
  const measure = async () => {
    if (runs.length) return;
    for (let i = 0; i < 3; i++) {
      site = await startKioskSite({ card: FACE_CARD, a4: 'spool' });
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
          ...CHROMIUM_ARGS,
          '--enable-precise-memory-info',
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
          `--use-file-for-fake-video-capture=${clip}`,
        ],
      });
      try {
        runs.push(await oneCheck(browser, site, item.code));
      } finally {
        await browser.close();
        await site.close();
      }
    }
  };
  const samples = (pick: (r: (typeof runs)[number]) => number[]) => runs.flatMap(pick);
  let queue: number[] = [];
  const fromQueue = (values: () => number[]) => ({
    setup: async () => {
      await measure();
      queue = values();
    },
    run: async () => queue.shift() ?? Number.NaN,
  });
  return [
    {
      name: 'face: detection + descriptor per frame (Chromium, wasm)',
      unit: 'ms',
      runs: 30,
      warmup: 0,
      // The first frames of each run include wasm/kernel warm-up: skipped.
      ...fromQueue(() => samples((r) => r.stats.frameMs.slice(3)).slice(0, 30)),
    },
    {
      name: 'face: model load (Chromium, local files)',
      unit: 'ms',
      runs: 3,
      warmup: 0,
      ...fromQueue(() => samples((r) => (r.stats.loadMs === null ? [] : [r.stats.loadMs]))),
    },
    {
      name: 'face: camera start to decision, cooperative citizen',
      unit: 'ms',
      runs: 3,
      warmup: 0,
      ...fromQueue(() => samples((r) => r.stats.cameraToDecisionMs)),
    },
    {
      name: 'face: renderer JS heap after a check',
      unit: 'MiB',
      runs: 3,
      warmup: 0,
      ...fromQueue(() => runs.map((r) => r.heapMiB)),
    },
  ];
}
