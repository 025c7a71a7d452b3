// The watchdog reloads a renderer that crashed or hung, driven through the events Electron emits.
import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchRenderer } from '../../../electron/watchdog.ts';

function fakeWindow() {
  const contents = Object.assign(new EventEmitter(), {
    reload: vi.fn(),
    forcefullyCrashRenderer: vi.fn(),
  });
  const win = Object.assign(new EventEmitter(), {
    webContents: contents,
    isDestroyed: () => false,
  });
  return { win, contents };
}

describe('renderer watchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reloads a crashed renderer', () => {
    const { win, contents } = fakeWindow();
    const stop = watchRenderer(win as unknown as BrowserWindow, () => {});
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    vi.advanceTimersByTime(1500);
    expect(contents.reload).toHaveBeenCalledTimes(1);
    stop();
  });

  it('kills and reloads a renderer hung for more than 10 s, not one that recovers', () => {
    const { win, contents } = fakeWindow();
    const stop = watchRenderer(win as unknown as BrowserWindow, () => {});
    win.emit('unresponsive');
    vi.advanceTimersByTime(6000);
    win.emit('responsive');
    vi.advanceTimersByTime(20_000);
    expect(contents.reload).not.toHaveBeenCalled();

    win.emit('unresponsive');
    vi.advanceTimersByTime(14_000);
    expect(contents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
    expect(contents.reload).toHaveBeenCalledTimes(1);
    stop();
  });
});
