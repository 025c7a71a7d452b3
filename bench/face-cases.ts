// Face verification benchmarks (issue 7), in Debian's Chromium through Playwright with the fake
// camera playing a cooperative card holder, against a kiosk site of real peers (the e2e harness):
// the capture loop's per-frame time (detector + mesh; descriptor on chosen frames), the
// described frames alone (detector + mesh + descriptor + anti-spoof + liveness), model load and
// warm-up, camera start (and consent tap) to the host's decision, and the renderer's JS heap. The
// renderer records its own timings (renderer/face/face-stats.ts, numbers only); these cases read
// them. Needs: a built renderer (npm run build:renderer), ffmpeg + python3-skimage for the clips.
// Alone: `node --import tsx bench/face-cases.ts` (merges its rows into bench/results.json).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { loadBundledCatalog } from '../catalog/load-bundled-catalog.ts';
import { FACE_CARD, makeFaceClips } from '../drivers/camera/fake-camera-clips.ts';
import { repoRoot, startKioskSite, type KioskSite } from '../tests/e2e/support/kiosk-site.ts';
import { CHROMIUM_ARGS } from '../tests/e2e/playwright.config.ts';
import { formatTable, runCase, writeResults, type BenchCase, type BenchRow } from './harness.ts';

interface FaceStats {
  frameMs: number[];
  describeMs: number[];
  loadMs: number | null;
  cameraToDecisionMs: number[];
  consentToDecisionMs: number[];
}

/** Checks per run of the bench (a fresh site and browser each: cold model load every time). */
const CHECKS = 8;
/**
 * The cooperative citizen: the card holder looks at the camera and blinks 1 s after it starts
 * (as asked by the screen and the voice), eyes closed 0.4 s, then every 3.4 s. The e2e clip
 * (drivers/camera) blinks first at 3 s whatever the screen says, which measured the clip's
 * timing more than the kiosk's.
 */
const BLINK_AT_S = 1;

function cooperativeClip(clipDir: string): string {
  const file = path.join(clipDir, 'cooperative.y4m');
  if (existsSync(file)) return file;
  const list = path.join(clipDir, 'cooperative.txt');
  const open = path.join(clipDir, 'open.png');
  const closed = path.join(clipDir, 'closed.png');
  writeFileSync(
    list,
    [
      `file '${open}'`,
      `duration ${BLINK_AT_S}`,
      `file '${closed}'`,
      'duration 0.4',
      `file '${open}'`,
      'duration 3',
      `file '${open}'`,
      'duration 0.1',
      '',
    ].join('\n'),
  );
  execFileSync(
    'ffmpeg',
    [
      ...['-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list],
      ...['-vf', 'fps=10', '-r', '10', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', file],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return file;
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
    // The citizen reads the consent text while the models load and warm (a few seconds);
    // the tap comes once they are ready, as it would after reading.
    await page.waitForFunction(
      () => (globalThis as { kiosk24FaceStats?: FaceStats }).kiosk24FaceStats?.loadMs != null,
      undefined,
      { timeout: 60_000 },
    );
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
  const runs: { stats: FaceStats; heapMiB: number }[] = [];
  const clip = cooperativeClip(makeFaceClips(path.join(repoRoot, 'test-results', 'face-clips')));

  // One setup runs the checks; the cases report from them.
  const measure = async () => {
    if (runs.length) return;
    for (let i = 0; i < CHECKS; i++) {
      const site = await startKioskSite({ card: FACE_CARD, a4: 'spool' });
      let browser: Browser | null = null;
      try {
        browser = await chromium.launch({
          executablePath: '/usr/bin/chromium',
          args: [
            ...CHROMIUM_ARGS,
            '--enable-precise-memory-info',
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            `--use-file-for-fake-video-capture=${clip}`,
            // The voice plays without a speaker here too.
            '--autoplay-policy=no-user-gesture-required',
          ],
        });
        runs.push(await oneCheck(browser, site, item.code));
      } finally {
        await browser?.close();
        await site.close();
      }
    }
  };
  const samples = (pick: (r: (typeof runs)[number]) => number[]) => runs.flatMap(pick);
  // Each case reports every sample it has (runs = how many there were).
  const fromSamples = (
    name: string,
    unit: BenchCase['unit'],
    values: () => number[],
  ): BenchCase => {
    let queue: number[] = [];
    const c: BenchCase = {
      name,
      unit,
      runs: 0,
      warmup: 0,
      setup: async () => {
        await measure();
        queue = values();
        c.runs = Math.max(1, queue.length);
      },
      run: async () => queue.shift() ?? Number.NaN,
    };
    return c;
  };
  return [
    fromSamples(
      'face: capture loop per frame (detector + mesh; descriptor on chosen frames)',
      'ms',
      () => samples((r) => r.stats.frameMs),
    ),
    fromSamples(
      'face: described frame (detector + mesh + descriptor + anti-spoof + liveness)',
      'ms',
      () => samples((r) => r.stats.describeMs),
    ),
    fromSamples('face: model load + warm-up (Chromium, local files)', 'ms', () =>
      samples((r) => (r.stats.loadMs === null ? [] : [r.stats.loadMs])),
    ),
    fromSamples('face: camera start to decision, cooperative citizen', 'ms', () =>
      samples((r) => r.stats.cameraToDecisionMs),
    ),
    fromSamples('face: consent tap to decision, cooperative citizen', 'ms', () =>
      samples((r) => r.stats.consentToDecisionMs),
    ),
    fromSamples('face: renderer JS heap after a check', 'MiB', () => runs.map((r) => r.heapMiB)),
  ];
}

// `node --import tsx bench/face-cases.ts`: the face cases alone, their rows merged into
// bench/results.json (the other areas' rows are kept).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows: BenchRow[] = [];
  for (const c of faceBenchCases()) {
    process.stderr.write(`bench: ${c.name}…\n`);
    rows.push(await runCase(c));
  }
  console.log(formatTable(rows));
  const file = path.join(repoRoot, 'bench', 'results.json');
  const kept = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as BenchRow[]).filter(
        (r) => !rows.some((n) => n.name === r.name),
      )
    : [];
  writeResults(file, [...kept, ...rows]);
  console.log('\nmerged into: bench/results.json');
}
