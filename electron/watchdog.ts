// A street kiosk has nobody to press F5: reload a renderer that crashed or stopped answering.
import type { BrowserWindow } from 'electron';

export function watchRenderer(win: BrowserWindow, log: (event: string) => void): () => void {
  const contents = win.webContents;
  let unresponsiveSince: number | null = null;
  contents.on('render-process-gone', (_e, details) => {
    log(`renderer gone (${details.reason}); reloading`);
    setTimeout(() => win.isDestroyed() || contents.reload(), 1000);
  });
  win.on('unresponsive', () => {
    unresponsiveSince = Date.now();
  });
  win.on('responsive', () => {
    unresponsiveSince = null;
  });
  const timer = setInterval(() => {
    if (unresponsiveSince !== null && Date.now() - unresponsiveSince > 10_000) {
      log('renderer hung for 10 s; reloading');
      unresponsiveSince = null;
      contents.forcefullyCrashRenderer();
      contents.reload();
    }
  }, 2000);
  return () => clearInterval(timer);
}
