import path from 'node:path';
import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. The flags keep it off the (closed) network.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The default browser's camera: the card holder of fixtures/face/resident-face.json (face step of the journey). */
const FAKE_CAMERA = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${path.resolve(import.meta.dirname, '../../test-results/face-clips/same-person.y4m')}`,
];

export default defineConfig({
  testDir: '.',
  // Makes the fake camera's .y4m clips with ffmpeg (drivers/camera/fake-camera-clips.ts).
  globalSetup: './global-setup.ts',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/playwright',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // Each test owns a pty, printers and a central platform; two cores run them one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  use: {
    browserName: 'chromium',
    viewport: { width: 1080, height: 1920 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, ...FAKE_CAMERA],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
