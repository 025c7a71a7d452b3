// Remote actions from the centre's heartbeat answers, run one at a time in the order received,
// each at most once: it is written to the journal before anything happens, and an id seen before
// (an answer delivered twice, a beat repeated after a crash) is ignored. Outcomes go to the
// journal, from which the next heartbeats report them.
//
// 'restart-app' waits until no citizen is at the screen, writes its outcome first (the process
// that reports it is the next one), then asks the launcher to restart the app.
import type { RemoteAction, RemoteActionKind } from '../../contract/fleet-api.ts';
import { errorText, type Logger } from '../log.ts';
import type { ActionJournal } from './action-journal.ts';
import type { SessionActivity } from './session-activity.ts';

/** What an action did, for the admin (short, no personal data); throws when it failed. */
export type ActionHandler = () => Promise<string>;

export class ActionFailed extends Error {}

export interface RemoteActionsOptions {
  journal: ActionJournal;
  sessions: SessionActivity;
  log: Logger;
  syncNow: ActionHandler;
  reloadCatalog: ActionHandler;
  /**
   * Restarts the app once called (after the host has been closed, by the launcher); null when
   * the launcher cannot restart it. Must not wait for the restart: the host closes meanwhile.
   */
  restart: (() => void) | null;
}

export interface RemoteActions {
  /** Takes the actions of one answer (and ids of unknown kinds, reported failed). */
  accept(
    actions: readonly Pick<RemoteAction, 'id' | 'kind' | 'requestedBy'>[],
    unknown?: readonly string[],
  ): void;
  /** Resolves when every action accepted so far has finished (tests, shutdown). */
  settled(): Promise<void>;
  /** A restart is waiting for the session to end. */
  restartPending(): boolean;
  /** No more actions start; a restart still waiting for the session is dropped (runs next start). */
  stop(): void;
}

export function createRemoteActions(opts: RemoteActionsOptions): RemoteActions {
  const { journal, log } = opts;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  let restartWaiting = false;
  let onStop: () => void = () => undefined;
  const stopping = new Promise<void>((resolve) => (onStop = resolve));

  const handlers: Record<RemoteActionKind, ActionHandler> = {
    'sync-now': opts.syncNow,
    'reload-catalog': opts.reloadCatalog,
    'restart-app': async () => {
      if (!opts.restart) throw new ActionFailed('this launcher cannot restart the app');
      restartWaiting = true;
      const waited = opts.sessions.active();
      await Promise.race([opts.sessions.whenIdle(), stopping]);
      restartWaiting = false;
      if (stopped) throw new ActionFailed('the app stopped before the restart');
      return waited ? 'restarted after the session ended' : 'restarted';
    },
  };

  async function run(id: string, kind: RemoteActionKind | 'unknown'): Promise<void> {
    if (kind === 'unknown') return;
    if (stopped || !journal.start(id)) return;
    log.info('action.started', { id, kind });
    let outcome: 'done' | 'failed' = 'done';
    let detail: string;
    try {
      detail = await handlers[kind]();
    } catch (err) {
      outcome = 'failed';
      detail = errorText(err);
    }
    if (stopped && kind === 'restart-app') {
      // The app stopped while the restart waited: left running in the journal, so the next
      // start reports it done (that start is the restart) and does not restart again.
      return;
    }
    journal.finish(id, outcome, detail);
    log.info('action.finished', { id, kind, outcome, detail });
    if (kind === 'restart-app' && outcome === 'done') {
      // Actions after it stay queued in the journal and run in the restarted app.
      stopped = true;
      onStop();
      opts.restart!();
    }
  }

  const enqueue = (id: string, kind: RemoteActionKind | 'unknown') => {
    // A journal that cannot be written (disk full) stops this action, never the chain or the host.
    chain = chain
      .then(() => run(id, kind))
      .catch((err: unknown) => log.error('action.journal-failed', { id, reason: errorText(err) }));
  };

  // Accepted by an earlier run and never started (queued behind a restart, say): run them now.
  for (const { id, kind } of journal.queued()) enqueue(id, kind);

  return {
    accept(actions, unknown = []) {
      for (const action of actions) {
        if (!journal.accept(action)) {
          log.info('action.repeated', { id: action.id, kind: action.kind });
          // Still queued: its start could not be written (full disk) and it never ran. Run it now;
          // the journal's start lets one run only, should it also be waiting in the chain.
          if (journal.get(action.id)?.state === 'queued') enqueue(action.id, action.kind);
          continue;
        }
        log.info('action.received', {
          id: action.id,
          kind: action.kind,
          requestedBy: action.requestedBy,
        });
        enqueue(action.id, action.kind);
      }
      for (const id of unknown) {
        // Recorded so the admin learns this kiosk cannot do it (it is never retried).
        if (journal.accept({ id, kind: 'unknown' }) && journal.start(id)) {
          journal.finish(id, 'failed', 'unknown action kind for this software version');
          log.warn('action.unknown', { id });
        }
      }
    },
    settled: () => chain,
    restartPending: () => restartWaiting,
    stop() {
      stopped = true;
      // A restart waiting for the session must not hold the chain (the host is closing).
      onStop();
    },
  };
}
