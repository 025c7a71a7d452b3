// Remote actions' bookkeeping over the real journal on disk: each id runs once, in order; a
// restart waits for the citizen, is written down as done before it happens, and a redelivered or
// re-read restart never restarts the app a second time.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RemoteActionKind } from '../../../contract/fleet-api.ts';
import { actionJournalFile, openActionJournal } from '../../../host/heartbeat/action-journal.ts';
import {
  ActionFailed,
  createRemoteActions,
  type RemoteActionsOptions,
} from '../../../host/heartbeat/remote-actions.ts';
import { createSessionActivity } from '../../../host/heartbeat/session-activity.ts';
import { createLogger } from '../../../host/log.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'kiosk24-actions-'));
const action = (kind: RemoteActionKind, id = randomUUID()) => ({
  id,
  kind,
  requestedBy: 'admin-1',
});

function kiosk(dataDir: string, over: Partial<RemoteActionsOptions> = {}) {
  const ran: string[] = [];
  const restarts: string[] = [];
  const logLines: string[] = [];
  const journal = openActionJournal({ dataDir });
  const sessions = createSessionActivity();
  const actions = createRemoteActions({
    journal,
    sessions,
    log: createLogger('test', (l) => logLines.push(l)),
    syncNow: async () => (ran.push('sync-now'), 'acknowledged 1, parked 0, pending 0'),
    reloadCatalog: async () => (ran.push('reload-catalog'), 'already the newest catalog'),
    restart: () => restarts.push('restart'),
    ...over,
  });
  return { ran, restarts, journal, sessions, actions, logLines };
}

describe('remote actions', () => {
  it('runs each action once and in order; a redelivered id is not run again', async () => {
    const dataDir = tmp();
    const k = kiosk(dataDir);
    const sync = action('sync-now');
    const reload = action('reload-catalog');
    k.actions.accept([sync, reload]);
    k.actions.accept([sync]);
    await k.actions.settled();
    expect(k.ran).toEqual(['sync-now', 'reload-catalog']);
    expect(k.journal.unreported(32)).toEqual([
      expect.objectContaining({
        id: sync.id,
        outcome: 'done',
        detail: expect.stringMatching(/acknowledged 1/),
      }),
      expect.objectContaining({ id: reload.id, outcome: 'done' }),
    ]);

    // The same answer again after the app restarted: nothing runs.
    const again = kiosk(dataDir);
    again.actions.accept([sync, reload]);
    await again.actions.settled();
    expect(again.ran).toEqual([]);
    expect(again.logLines.join('\n')).toContain('"event":"action.repeated"');
  });

  it('runs a redelivered action whose start could not be written (full disk), and once only', async () => {
    const dataDir = tmp();
    const k = kiosk(dataDir);
    const sync = action('sync-now');
    k.actions.accept([sync]); // written down as queued; it starts on the next turn
    // The journal's folder turns into a file: writing the start fails, so the action must not run.
    const folder = path.dirname(actionJournalFile(dataDir));
    renameSync(folder, `${folder}.away`);
    writeFileSync(folder, '');
    await k.actions.settled();
    expect(k.ran).toEqual([]);
    expect(k.logLines.join('')).toContain('action.journal-failed');
    rmSync(folder);
    renameSync(`${folder}.away`, folder);
    // The centre hands it over again (no outcome came): it runs now, and a further copy does not.
    k.actions.accept([sync]);
    k.actions.accept([sync]);
    await k.actions.settled();
    expect(k.ran).toEqual(['sync-now']);
    expect(k.journal.get(sync.id)).toMatchObject({ state: 'done' });
  });

  it('waits for the session to end before restarting, and records the restart before it happens', async () => {
    const dataDir = tmp();
    const k = kiosk(dataDir);
    k.sessions.set(true);
    const restart = action('restart-app');
    k.actions.accept([restart]);
    // Give the chain every chance to run: it must still be waiting for the citizen.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(k.actions.restartPending()).toBe(true);
    expect(k.restarts).toEqual([]);
    expect(k.journal.get(restart.id)).toMatchObject({ state: 'running' });

    k.sessions.set(false);
    await k.actions.settled();
    expect(k.restarts).toEqual(['restart']);
    expect(openActionJournal({ dataDir }).get(restart.id)).toMatchObject({
      state: 'done',
      detail: 'restarted after the session ended',
      reported: false,
    });

    // The restarted app gets the same id again (its first beat crossed the centre's answer).
    const restarted = kiosk(dataDir);
    restarted.actions.accept([restart]);
    await restarted.actions.settled();
    expect(restarted.restarts).toEqual([]);
    expect(restarted.journal.unreported(32)).toEqual([
      expect.objectContaining({ id: restart.id, outcome: 'done' }),
    ]);
  });

  it('leaves actions that came after a restart to the restarted app, which runs them once', async () => {
    const dataDir = tmp();
    const k = kiosk(dataDir);
    const restart = action('restart-app');
    const sync = action('sync-now');
    k.actions.accept([restart, sync]);
    await k.actions.settled();
    expect(k.restarts).toEqual(['restart']);
    expect(k.ran).toEqual([]);

    const restarted = kiosk(dataDir);
    await restarted.actions.settled();
    expect(restarted.ran).toEqual(['sync-now']);
    expect(restarted.restarts).toEqual([]);
    expect(restarted.journal.unreported(32).map((o) => o.id)).toEqual([restart.id, sync.id]);
  });

  it('a host closed while a restart waits: the next start reports it done and restarts nothing', async () => {
    const dataDir = tmp();
    const k = kiosk(dataDir);
    k.sessions.set(true);
    const restart = action('restart-app');
    k.actions.accept([restart]);
    await new Promise((r) => setImmediate(r));
    k.actions.stop();
    await k.actions.settled();
    expect(k.restarts).toEqual([]);

    const next = kiosk(dataDir);
    await next.actions.settled();
    expect(next.restarts).toEqual([]);
    expect(next.journal.get(restart.id)).toMatchObject({ state: 'done' });
  });

  it('reports failures: a handler that throws, a launcher that cannot restart, an unknown kind', async () => {
    const dataDir = tmp();
    const k = kiosk(dataDir, {
      syncNow: async () => {
        throw new ActionFailed('halted (DeliveryError: network error); acknowledged 0');
      },
      restart: null,
    });
    const sync = action('sync-now');
    const restart = action('restart-app');
    const unknownId = randomUUID();
    k.actions.accept([sync, restart], [unknownId]);
    await k.actions.settled();
    const outcomes = Object.fromEntries(k.journal.unreported(32).map((o) => [o.id, o]));
    expect(outcomes[sync.id]).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/^halted/),
    });
    expect(outcomes[restart.id]).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/cannot restart/),
    });
    expect(outcomes[unknownId]).toMatchObject({
      outcome: 'failed',
      detail: expect.stringMatching(/unknown action kind/),
    });
    // An unknown id redelivered is not recorded twice.
    k.actions.accept([], [unknownId]);
    expect(k.journal.entries().filter((e) => e.id === unknownId)).toHaveLength(1);
  });
});
