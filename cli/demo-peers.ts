// The demo's peers: what a real site has around the kiosk, simulated. A virtual receipt printer
// on TCP, an embedded central platform, and a camera: Chromium's fake capture playing a clip of
// the demo card's holder; the ID-card reader is wired in-process by the host.
import path from 'node:path';
import type { AdminAccountService } from '../central/index.ts';
import type { KioskConfig } from '../config/kiosk-config.ts';
import { ADMIN_ROLE_NAMES } from '../contract/admin-api.ts';
import type { Logger } from '../host/log.ts';
import { startVirtualReceiptPrinter } from '../printers/index.ts';

export interface DemoPeers {
  config: KioskConfig;
  /** Chromium flags for the simulated camera, or none when its clip could not be made. */
  cameraArgs: string[];
  /** The admin console of the embedded centre and its demo admin (every role; new password each start). */
  adminConsole: { url: string; username: string; password: string };
  describe(): string[];
  close(): Promise<void>;
}

export async function startDemoPeers(config: KioskConfig, log: Logger): Promise<DemoPeers> {
  const receiptsDir = path.join(config.dataDir, 'receipts');
  const printer = await startVirtualReceiptPrinter({
    port: 0,
    host: '127.0.0.1',
    outDir: receiptsDir,
  });
  const centralDb = `pglite:${path.resolve(config.dataDir, '..', 'central')}`;
  const { startCentral } = await import('../central/index.ts');
  const central = await startCentral({ port: 0, host: '127.0.0.1', db: centralDb });
  log.info('demo.peers', { receiptPrinterPort: printer.port, centralPort: central.port });
  const adminConsole = await demoAdmin(central);
  // The demo kiosk enrols itself at start with a token issued for it, and trusts this centre's
  // first catalog root as a real kiosk trusts the root file shipped with it.
  const { provisionKiosk } = await import('../central/testing/provision-kiosk.ts');
  const provision = await provisionKiosk(central, {
    kioskId: config.kioskId,
    rootFile: path.join(config.dataDir, 'demo-central-root.json'),
  });
  const camera = await simulatedCamera(path.resolve(config.dataDir, '..', 'camera'), log);
  const spool = config.a4Printer.uri.startsWith('spool:')
    ? config.a4Printer.uri.slice('spool:'.length)
    : null;
  return {
    config: {
      ...config,
      central: {
        ...config.central,
        url: central.url,
        enrolmentToken: provision.enrolmentToken,
        ...(provision.trustedRootFile ? { trustedRootFile: provision.trustedRootFile } : {}),
      },
      receiptPrinter: { ...config.receiptPrinter, uri: `tcp://127.0.0.1:${printer.port}` },
      // 阳秀梅's card carries a real portrait, so the face check of 个人就业登记 can pass with the
      // simulated camera; a clip made from one photograph can blink but not turn its head.
      ...(config.idReader.transport === 'in-process-simulator' &&
      config.idReader.card === 'resident'
        ? { idReader: { ...config.idReader, card: 'face/resident-face' } }
        : {}),
      face: { ...config.face, challenges: ['blink'] },
    },
    cameraArgs: camera.args,
    adminConsole,
    describe: () => [
      `  ID-card reader:    simulator (card of 阳秀梅, placed when the screen asks for it)`,
      `  Receipt printer:   virtual, tcp://127.0.0.1:${printer.port} → ${receiptsDir}`,
      `  A4 documents:      ${spool ? `spool folder ${spool}` : config.a4Printer.uri}`,
      `  Central platform:  ${central.url} (embedded, ${centralDb})`,
      `  Camera:            ${camera.description}`,
      `  Admin console:     ${adminConsole.url}`,
      `                     user ${adminConsole.username}, password ${adminConsole.password}`,
    ],
    async close() {
      await printer.close();
      await central.close();
    },
  };
}

/**
 * The demo's admin: every role (case officer included, so the inbox shows what the demo citizen
 * submitted; account admin, so 账号管理 can be tried), with a random password made at each start
 * and printed by `kiosk24 start`.
 */
async function demoAdmin(central: {
  url: string;
  admin: { accounts: AdminAccountService };
}): Promise<DemoPeers['adminConsole']> {
  const { generatePassword } = await import('../central/admin-accounts.ts');
  const { CentralError } = await import('../central/index.ts');
  const username = 'demo';
  const password = generatePassword();
  const { accounts } = central.admin;
  const roles = [...ADMIN_ROLE_NAMES];
  try {
    await accounts.create({ username, displayName: '演示管理员', roles, password });
  } catch (err) {
    // The embedded database outlives the demo: the admin exists from a previous start (maybe
    // from a release with fewer roles: it gets every role of this one).
    if (!(err instanceof CentralError && err.code === 'admin-exists')) throw err;
    await accounts.setPassword(username, password);
    await accounts.updateAccount(username, { roles, disabled: false });
  }
  return { url: `${central.url}/console/`, username, password };
}

/**
 * The demo's camera: Chromium plays a clip of the card holder (blinking) as its webcam when the
 * kiosk opens it. Another browser uses its real camera, and the face check then fails honestly.
 */
async function simulatedCamera(
  dir: string,
  log: Logger,
): Promise<{ args: string[]; description: string }> {
  try {
    const { FACE_CLIPS, makeFaceClips } = await import('../drivers/camera/fake-camera-clips.ts');
    makeFaceClips(dir);
    const clip = path.join(dir, FACE_CLIPS.samePerson);
    return {
      args: [
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${clip}`,
      ],
      description: `simulated in Chromium (a clip of the card holder, ${clip})`,
    };
  } catch (err) {
    log.warn('demo.camera_unavailable', {
      reason: err instanceof Error ? err.message : String(err),
    });
    return {
      args: [],
      description: 'the browser’s own camera (no clip: ffmpeg or python3-skimage missing)',
    };
  }
}
