import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type KioskConfig } from '../config/kiosk-config.ts';
import { startKioskHost, type KioskHost } from '../host/compose.ts';
import { createLogger } from '../host/log.ts';
import type { Verb } from './main.ts';
import { electronBinary, openChromium, pickShell, type ShellChoice } from './shells.ts';
import { startDemoPeers } from './demo-peers.ts';
import { parseFlags, portFlag, UsageError } from './usage-error.ts';
import { softwareVersion } from './version.ts';
import { untilSignal } from './wait-for-signal.ts';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Exit status when the centre's 'restart-app' could not start the host again in this process:
 * EX_TEMPFAIL, so a supervisor restarts the whole program (systemd with Restart=on-failure; the
 * Electron shell relaunches the app whenever its host exits).
 */
export const RESTART_FAILED_EXIT_CODE = 75;

/**
 * A host that failed part-way may leave a device or socket open; the process must still end, or
 * systemd and the Electron shell never see the exit they restart on. Fires only if something
 * keeps the process alive after the exit status is set.
 */
function exitEvenIfHandlesRemain(): void {
  setTimeout(() => process.exit(), 3000).unref();
}

export const startVerb: Verb = {
  usage: `Usage: kiosk24 start [--port N] [--config FILE] [--data-dir DIR] [--shell auto|electron|chromium|none]

Without --config the kiosk runs as a demo: a simulated ID-card reader (a card is presented a
moment after the reader starts asking), a virtual receipt printer, A4 documents to a spool
folder, and an embedded central platform.

  --port N          port of the kiosk screen on 127.0.0.1 (default 8024; 0 = any free port)
  --config FILE     site configuration (JSON, see config/kiosk-config.ts); devices and the
                    central platform as configured there, nothing simulated
  --data-dir DIR    where the outbox, spool and logs live (default .kiosk24/kiosk)
  --shell S         auto (Electron if installed, else Chromium in app mode, else print the URL),
                    electron, chromium or none
  --announce json   print one JSON line {"event":"ready","url",...} when ready (for scripts)`,
  async run(args) {
    const { values } = parseFlags(args, {
      port: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      shell: { type: 'string' },
      announce: { type: 'string' },
    });
    const shellChoice = (values.shell ?? 'auto') as ShellChoice;
    if (!['auto', 'electron', 'chromium', 'none'].includes(shellChoice)) {
      throw new UsageError(
        `--shell must be auto, electron, chromium or none, got "${values.shell}"`,
      );
    }
    if (values.announce !== undefined && values.announce !== 'json') {
      throw new UsageError(`--announce takes only "json", got "${values.announce}"`);
    }
    const port = portFlag(values.port);
    const shell = pickShell(shellChoice);

    // Electron runs this same command as its child with --shell none: nothing more to do here.
    if (shell === 'electron') {
      const passOn = (['port', 'config', 'data-dir'] as const).flatMap((k) =>
        values[k] === undefined ? [] : [`--${k}`, String(values[k])],
      );
      return runElectron(passOn);
    }

    const dataDir = path.resolve(values['data-dir'] ?? path.join('.kiosk24', 'kiosk'));
    const log = createLogger('kiosk24');
    const demo = values.config === undefined;
    let config: KioskConfig = loadConfig({
      dataDir,
      file: values.config,
      overrides: port === undefined ? {} : { host: { port } },
    });
    const peers = demo ? await startDemoPeers(config, log) : null;
    if (peers) config = peers.config;

    // The centre's 'restart-app' (host/heartbeat/): the host is closed and composed again in this
    // process, on the same port with the same secret, so the screen's socket (and the Electron
    // relay) reconnects by itself. One way for every shell and under systemd; devices, outbox,
    // catalog and enrolment are all reopened from disk exactly as at a cold start.
    let restartAsked: () => void = () => undefined;
    const secret = randomBytes(24).toString('base64url');
    const startHost = async (): Promise<{ host: KioskHost; restart: Promise<'restart'> }> => {
      const restart = new Promise<'restart'>(
        (resolve) => (restartAsked = () => resolve('restart')),
      );
      const started = await startKioskHost({
        config,
        appRoot,
        secret,
        softwareVersion: softwareVersion(),
        log,
        restart: () => restartAsked(),
      });
      return { host: started, restart };
    };
    let { host, restart } = await startHost().catch(async (err: unknown) => {
      await peers?.close();
      exitEvenIfHandlesRemain();
      throw err;
    });
    // Later starts keep the address the screen knows (also when the first took any free port).
    config = { ...config, host: { ...config.host, port: host.port } };
    if (values.announce === 'json') {
      console.log(
        JSON.stringify({ event: 'ready', url: host.url, port: host.port, secret: host.secret }),
      );
    } else {
      console.log(
        [
          '',
          `  kiosk24 is ready${demo ? ' (demo: simulated devices, embedded central platform)' : ''}.`,
          `  Kiosk screen:      ${host.url}`,
          ...(peers ? peers.describe() : []),
          '',
          '  Press Ctrl+C to stop.',
          '',
        ].join('\n'),
      );
    }
    const openScreen = () =>
      shell === 'chromium' ? openChromium(host.url, peers?.cameraArgs ?? []) : null;
    let browser = openScreen();
    const signal = untilSignal();
    while ((await Promise.race([signal, restart])) === 'restart') {
      log.info('kiosk.restarting', { reason: 'restart-app' });
      browser?.kill();
      await host.close();
      try {
        ({ host, restart } = await startHost());
      } catch (err) {
        log.error('kiosk.restart-failed', { reason: (err as Error).message });
        await peers?.close();
        exitEvenIfHandlesRemain();
        return RESTART_FAILED_EXIT_CODE;
      }
      log.info('kiosk.restarted', { port: host.port });
      browser = openScreen();
    }
    browser?.kill();
    await host.close();
    await peers?.close();
    return 0;
  },
};

async function runElectron(args: string[]): Promise<number> {
  const bin = electronBinary();
  if (!bin) throw new Error('Electron is not installed here: use --shell chromium or --shell none');
  const { buildElectronShell } = await import('../electron/build.ts');
  const main = await buildElectronShell(appRoot);
  const child = spawn(bin, [main, ...args], { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}
