#!/usr/bin/env node
// Brings a fresh machine (Node + npm + root) to the point where the kiosk runs (`--for start`)
// or every test runs (`--for test`): npm packages, Debian packages, the renderer and admin console
// builds, and for tests a running CUPS with a cups-pdf queue. Each step checks first, so a second
// run is quick.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const purpose = process.argv.includes('--for')
  ? process.argv[process.argv.indexOf('--for') + 1]
  : 'start';
if (!['start', 'test'].includes(purpose)) fail(`unknown purpose ${purpose}: use --for start|test`);

const APT = {
  // A CJK font for certificates; Chromium to show the kiosk screen; ffmpeg and a public-domain
  // portrait (python3-skimage) for the demo's simulated camera; espeak-ng speaks the guidance
  // offline (Chromium here has no speechSynthesis voices).
  start: ['fonts-noto-cjk', 'chromium', 'ffmpeg', 'python3-skimage', 'espeak-ng'],
  test: [
    'fonts-noto-cjk',
    'chromium',
    'socat',
    'cups',
    'printer-driver-cups-pdf',
    'poppler-utils',
    'sane-utils',
    'libusb-1.0-0',
    'udev',
    // The central platform's real database, and a C compiler for the photo-decoder FFI test.
    'postgresql',
    'gcc',
    // Fake-camera clips for the face tests: ffmpeg makes .y4m from a public-domain portrait
    // (NASA's astronaut photo, shipped by scikit-image's data files).
    'ffmpeg',
    'python3-skimage',
    'espeak-ng',
  ],
};

function say(msg) {
  console.log(`[setup] ${msg}`);
}
function fail(msg) {
  console.error(`[setup] ${msg}`);
  process.exit(1);
}
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

// 1. npm packages, exactly as locked.
const marker = path.join(root, 'node_modules', '.package-lock.json');
if (
  !existsSync(marker) ||
  statSync(marker).mtimeMs < statSync(path.join(root, 'package-lock.json')).mtimeMs
) {
  say('installing npm packages (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

// 2. Debian packages.
const missing = APT[purpose].filter(
  (pkg) =>
    spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout !==
    'install ok installed',
);
if (missing.length) {
  if (process.getuid?.() !== 0) {
    fail(
      `missing Debian packages: ${missing.join(' ')} — run as root or: sudo apt-get install ${missing.join(' ')}`,
    );
  }
  say(`installing Debian packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

// 3. The renderer, rebuilt when its sources are newer than the build.
const built = path.join(root, 'dist', 'renderer', 'index.html');
const sources = Math.max(
  ...['renderer', 'contract', 'catalog'].map((d) => newest(path.join(root, d))),
);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  say('building the renderer');
  run('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
}

// 3b. The admin console (served by the central platform at /console/), likewise.
const consoleBuilt = path.join(root, 'dist', 'console', 'index.html');
const consoleSources = Math.max(
  ...['central/console', 'contract', 'catalog'].map((d) => newest(path.join(root, d))),
);
if (!existsSync(consoleBuilt) || statSync(consoleBuilt).mtimeMs < consoleSources) {
  say('building the admin console');
  run('npx', ['vite', 'build', '--config', 'central/console/vite.config.ts', '--logLevel', 'warn']);
}

// 4. For tests: CUPS with a cups-pdf queue (the A4 printer's real peer).
if (purpose === 'test') ensureCups();

function cupsAnswers() {
  return spawnSync('lpstat', ['-r'], { encoding: 'utf8' }).stdout.includes('is running');
}
function ensureCups() {
  if (!cupsAnswers()) {
    say('starting CUPS');
    mkdirSync('/run/cups', { recursive: true });
    spawn('/usr/sbin/cupsd', ['-f'], { detached: true, stdio: 'ignore' }).unref();
    for (let i = 0; i < 50 && !cupsAnswers(); i++) execFileSync('sleep', ['0.2']);
    if (!cupsAnswers()) fail('CUPS did not start');
  }
  const queues = spawnSync('lpstat', ['-p'], { encoding: 'utf8' }).stdout;
  if (!queues.includes('KIOSK_A4')) {
    say('adding the cups-pdf queue KIOSK_A4');
    run('lpadmin', [
      '-p',
      'KIOSK_A4',
      '-E',
      '-v',
      'cups-pdf:/',
      '-m',
      'lsb/usr/cups-pdf/CUPS-PDF_opt.ppd',
      '-o',
      'PageSize=A4',
    ]);
  }
  // A queue a previous fault test disabled is enabled again.
  spawnSync('cupsenable', ['KIOSK_A4']);
  spawnSync('cupsaccept', ['KIOSK_A4']);
}
say(`ready for ${purpose}`);
