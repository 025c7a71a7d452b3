// Electron main process: a thin shell. It starts the kiosk host (a plain Node program), shows
// the renderer full screen from the app protocol, relays the KioskApi over IPC, and keeps the
// window alive. Everything else lives in the host, where it is tested without Electron.
import { app, BrowserWindow, ipcMain, net, protocol, safeStorage, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnHost } from './host-process.ts';
import { unsealOutboxKey } from './sealed-outbox-key.ts';
import { RPC_CHANNEL, RpcRelay } from './rpc-relay.ts';
import { APP_ORIGIN, lockDownSession, lockDownWindow, originOf } from './security.ts';
import { watchRenderer } from './watchdog.ts';

const appRoot = path.resolve(__dirname, '..', '..');
const rendererDir = path.join(appRoot, 'dist', 'renderer');
const log = (event: string) => process.stderr.write(`[kiosk24 electron] ${event}\n`);

protocol.registerSchemesAsPrivileged([
  { scheme: 'kiosk24', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.commandLine.appendSwitch('disable-features', 'Translate');
app.enableSandbox();

async function boot() {
  await app.whenReady();
  const outboxKey = unsealOutboxKey(safeStorage, app.getPath('userData'));
  if (!outboxKey) log('no OS keyring for safeStorage: the host uses its own outbox key source');
  const host = await spawnHost(
    appRoot,
    process.argv.slice(app.isPackaged ? 1 : 2),
    outboxKey ? { KIOSK24_OUTBOX_KEY: outboxKey } : {},
  );
  host.child.once('exit', (code) => {
    log(`host exited (code ${code}); restarting the app`);
    app.relaunch();
    app.exit(1);
  });
  const relay = new RpcRelay(host.port, host.secret);

  protocol.handle('kiosk24', (request) => {
    const { pathname } = new URL(request.url);
    const file = path.resolve(rendererDir, pathname === '/' ? 'index.html' : pathname.slice(1));
    if (!file.startsWith(rendererDir + path.sep)) return new Response('not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
  ipcMain.handle(RPC_CHANNEL, (event, method: unknown, params: unknown) => {
    if (!event.senderFrame || originOf(event.senderFrame.url) !== APP_ORIGIN) {
      return { id: 0, error: { code: 'bad-request', message: 'not the kiosk app' } };
    }
    return relay.invoke(method, params);
  });

  lockDownSession(session.defaultSession);
  const win = new BrowserWindow({
    kiosk: !process.env.KIOSK24_WINDOWED,
    fullscreen: !process.env.KIOSK24_WINDOWED,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  lockDownWindow(win);
  watchRenderer(win, log);
  await win.loadURL(`${APP_ORIGIN}/index.html`);

  app.on('before-quit', () => {
    relay.close();
    host.child.kill('SIGTERM');
  });
}

app.on('window-all-closed', () => app.quit());
boot().catch((err: unknown) => {
  log(`cannot start: ${err instanceof Error ? err.message : String(err)}`);
  app.exit(1);
});
