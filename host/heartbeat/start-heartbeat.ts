// Fleet monitoring on the kiosk (issue 6 item 5), composed for the host: the collectors, the
// journal of remote actions, the actions themselves (sync now, reload the catalog, restart the
// app) and the signed heartbeat loop. host/compose.ts calls `startHeartbeat` once.
import type { KioskConfig } from '../../config/kiosk-config.ts';
import { HEARTBEAT_INTERVAL_SECONDS } from '../../contract/fleet-api.ts';
import type { CameraReport } from '../../contract/kiosk-api.ts';
import type { SyncReport } from '../../offline-cache/index.ts';
import { centralClockFor, type CentralClock } from '../../offline-cache/central-clock.ts';
import type { RequestSigner } from '../../offline-cache/request-signing.ts';
import type { CatalogUpdater } from '../catalog-updater.ts';
import type { Logger } from '../log.ts';
import { openActionJournal, type ActionJournal } from './action-journal.ts';
import { createCameraState } from './camera-state.ts';
import { collectHeartbeat, type HeartbeatSources } from './collect-heartbeat.ts';
import { createHeartbeatSender, type HeartbeatSender } from './heartbeat-sender.ts';
import { ActionFailed, createRemoteActions, type RemoteActions } from './remote-actions.ts';

export interface KioskHeartbeat {
  /** The 'kiosk.reportCamera' handler (the screen's face capture reports getUserMedia). */
  reportCamera(report: CameraReport): void;
  sender: HeartbeatSender;
  actions: RemoteActions;
  journal: ActionJournal;
  stop(): Promise<void>;
}

export interface StartHeartbeatOptions extends Omit<
  HeartbeatSources,
  'camera' | 'dataDir' | 'documentsToSpool' | 'queue' | 'clock'
> {
  /** The centre's time for this kiosk (default: the one its signers use, per data folder). */
  clock?: CentralClock;
  config: KioskConfig;
  sign: RequestSigner;
  queue: HeartbeatSources['queue'] & { syncNow(): Promise<SyncReport> };
  updater: Pick<CatalogUpdater, 'checkNow'>;
  /** The launcher's restart (see cli/verb-start.ts); absent: 'restart-app' is reported failed. */
  restart?: () => void;
  log: Logger;
  /** Tests: the first beat's delay. */
  firstDelayMs?: number;
}

export function syncDetail(r: SyncReport): string {
  const counts = `acknowledged ${r.acknowledged}, parked ${r.parked}, pending ${r.counts.pending}`;
  if (r.halted)
    throw new ActionFailed(`halted (${r.lastError ?? 'centre not reached'}); ${counts}`);
  return counts;
}

const CATALOG_DETAIL: Record<string, string> = {
  'up-to-date': 'already the newest catalog',
  'none-published': 'no catalog published for this kiosk',
  applied: 'newer catalog applied',
  staged: 'newer catalog staged: applied when the session ends',
};

export function startHeartbeat(opts: StartHeartbeatOptions): KioskHeartbeat {
  const { config, log } = opts;
  const startedAt = Date.now();
  const camera = createCameraState();
  const journal = openActionJournal({ dataDir: config.dataDir });
  const actions = createRemoteActions({
    journal,
    sessions: opts.sessions,
    log: log.child('action'),
    syncNow: async () => syncDetail(await opts.queue.syncNow()),
    reloadCatalog: async () => {
      const outcome = await opts.updater.checkNow();
      const version = `running v${opts.catalog.current().version}`;
      if (outcome === 'off') throw new ActionFailed('catalog updates are off (no trusted root)');
      if (outcome === 'rejected' || outcome === 'unreachable') {
        throw new ActionFailed(`catalog ${outcome}; ${version}`);
      }
      return `${CATALOG_DETAIL[outcome] ?? outcome}; ${version}`;
    },
    restart: opts.restart ?? null,
  });
  const clock = opts.clock ?? centralClockFor(config.dataDir);
  const sender = createHeartbeatSender({
    centralUrl: config.central.url,
    sign: opts.sign,
    clock,
    journal,
    actions,
    log,
    intervalSeconds: config.central.heartbeatSeconds ?? HEARTBEAT_INTERVAL_SECONDS,
    ...(opts.firstDelayMs === undefined ? {} : { firstDelayMs: opts.firstDelayMs }),
    collect: () =>
      collectHeartbeat({
        ...opts,
        camera,
        clock,
        dataDir: config.dataDir,
        documentsToSpool: config.a4Printer.uri.startsWith('spool:'),
        uptimeSeconds: opts.uptimeSeconds ?? (() => (Date.now() - startedAt) / 1000),
      }),
  });
  sender.start();
  return {
    reportCamera: (report) => camera.report(report),
    sender,
    actions,
    journal,
    async stop() {
      actions.stop();
      await sender.stop();
    },
  };
}
