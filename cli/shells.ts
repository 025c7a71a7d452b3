// Where the kiosk screen is shown: Electron where its binary is installed, otherwise an
// installed Chromium in kiosk/app mode, otherwise the user is told the address to open.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export type ShellChoice = 'auto' | 'electron' | 'chromium' | 'none';

/** Path of an installed Electron binary, or null (its npm package throws without one). */
export function electronBinary(): string | null {
  try {
    const bin = createRequire(import.meta.url)('electron') as unknown;
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

export function chromiumBinary(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return null;
}

export function pickShell(choice: ShellChoice): 'electron' | 'chromium' | 'none' {
  if (choice !== 'auto') return choice;
  if (electronBinary()) return 'electron';
  if (chromiumBinary() && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) return 'chromium';
  return 'none';
}

/** Opens the browser shell: Chromium in app mode, kiosk mode when KIOSK24_FULLSCREEN is set. */
export function openChromium(url: string, extraArgs: readonly string[] = []): ChildProcess {
  const bin = chromiumBinary();
  if (!bin) throw new Error('Chromium is not installed (apt-get install chromium)');
  const profile = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-chromium-'));
  const args = [
    `--app=${url}`,
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    '--overscroll-history-navigation=0',
    '--autoplay-policy=no-user-gesture-required',
    ...(process.env.KIOSK24_FULLSCREEN ? ['--kiosk'] : ['--window-size=1080,1920']),
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...extraArgs,
  ];
  return spawn(bin, args, { stdio: 'ignore' });
}
