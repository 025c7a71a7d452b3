// Deny by default: no navigation, no new windows, no permission but the camera for the app's
// own origin, a strict CSP on every response of the app protocol.
import type { BrowserWindow, Session } from 'electron';
import { RENDERER_CSP } from '../host/http-server.ts';

export const APP_ORIGIN = 'kiosk24://app';

export function lockDownSession(ses: Session): void {
  ses.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const origin = originOf(details.requestingUrl);
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const cameraOnly = permission === 'media' && mediaTypes.every((t) => t === 'video');
    callback(cameraOnly && origin === APP_ORIGIN && originOf(webContents.getURL()) === APP_ORIGIN);
  });
  ses.setPermissionCheckHandler(
    (_wc, permission, requestingOrigin) =>
      permission === 'media' && requestingOrigin === APP_ORIGIN,
  );
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] },
    });
  });
}

/**
 * WHATWG URL gives every non-special scheme the opaque origin "null", so `new URL(u).origin`
 * would never match kiosk24://app: compare scheme and host instead.
 */
export function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'invalid';
  }
}

export function lockDownWindow(win: BrowserWindow): void {
  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    if (originOf(url) !== APP_ORIGIN) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
