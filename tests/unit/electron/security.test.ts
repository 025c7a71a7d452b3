// The Electron shell's deny-by-default handlers, exercised through the same callbacks Electron
// calls (Electron's binary cannot be installed here; the handlers are plain functions).
import type { BrowserWindow, Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, lockDownSession, lockDownWindow } from '../../../electron/security.ts';
import { RENDERER_CSP } from '../../../host/http-server.ts';

type PermissionHandler = (
  wc: { getURL(): string },
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string; mediaTypes?: string[] },
) => void;

function fakeSession() {
  const handlers: {
    request?: PermissionHandler;
    check?: (wc: unknown, permission: string, origin: string) => boolean;
    headers?: (
      details: { responseHeaders: Record<string, string[]> },
      cb: (r: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
  } = {};
  const session = {
    setPermissionRequestHandler: (h: PermissionHandler) => (handlers.request = h),
    setPermissionCheckHandler: (h: typeof handlers.check) => (handlers.check = h),
    webRequest: { onHeadersReceived: (h: typeof handlers.headers) => (handlers.headers = h) },
  };
  lockDownSession(session as unknown as Session);
  const ask = (permission: string, url: string, mediaTypes?: string[], pageUrl = url) =>
    new Promise<boolean>((resolve) =>
      handlers.request!({ getURL: () => pageUrl }, permission, resolve, {
        requestingUrl: url,
        ...(mediaTypes ? { mediaTypes } : {}),
      }),
    );
  return { handlers, ask };
}

describe('Electron session lock-down', () => {
  it('grants the camera to the app origin only, and nothing else to anyone', async () => {
    const { ask } = fakeSession();
    expect(await ask('media', `${APP_ORIGIN}/index.html`, ['video'])).toBe(true);
    expect(await ask('media', `${APP_ORIGIN}/index.html`, ['video', 'audio'])).toBe(false);
    expect(await ask('media', 'https://evil.example/', ['video'])).toBe(false);
    expect(await ask('media', `${APP_ORIGIN}/x`, ['video'], 'https://evil.example/')).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'midi', 'openExternal']) {
      expect(await ask(p, `${APP_ORIGIN}/index.html`)).toBe(false);
    }
  });

  it('puts the strict CSP on every response', () => {
    const { handlers } = fakeSession();
    let out: Record<string, string[]> = {};
    handlers.headers!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (out = r.responseHeaders));
    expect(out['Content-Security-Policy']).toEqual([RENDERER_CSP]);
    expect(out['X-Other']).toEqual(['1']);
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toContain('unsafe-inline');
  });
});

describe('Electron window lock-down', () => {
  it('denies navigation away, redirects, new windows and webviews', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const win = {
      webContents: {
        on: (name: string, cb: (event: { preventDefault(): void }, url?: string) => void) =>
          listeners.set(name, cb),
        setWindowOpenHandler: (h: () => { action: string }) => (openHandler = h),
      },
    };
    lockDownWindow(win as unknown as BrowserWindow);
    const prevented = (name: string, url?: string) => {
      let stopped = false;
      listeners.get(name)!({ preventDefault: () => (stopped = true) }, url);
      return stopped;
    };
    expect(prevented('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-redirect', `${APP_ORIGIN}/x`)).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });
  });
});
