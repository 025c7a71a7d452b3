// The journal of remote actions on disk: an id runs at most once across restarts (the restart
// action above all), an outcome is reported until the centre took it, and an action cut short by
// the end of the process is reported, never run again.
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompletedAction } from '../../../contract/fleet-api.ts';
import { actionJournalFile, openActionJournal } from '../../../host/heartbeat/action-journal.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'kiosk24-journal-'));

describe('action journal', () => {
  it('refuses an id seen before, also after the process restarted', () => {
    const dataDir = tmp();
    const id = randomUUID();
    const first = openActionJournal({ dataDir });
    expect(first.accept({ id, kind: 'restart-app' })).toBe(true);
    expect(first.accept({ id, kind: 'restart-app' })).toBe(false);
    expect(first.start(id)).toBe(true);
    first.finish(id, 'done', 'restarted');

    const afterRestart = openActionJournal({ dataDir });
    expect(afterRestart.accept({ id, kind: 'restart-app' })).toBe(false);
    expect(afterRestart.get(id)).toMatchObject({ state: 'done', detail: 'restarted' });
    // Kept beside the outbox key and the identity key: private to the kiosk's user.
    expect(statSync(actionJournalFile(dataDir)).mode & 0o777).toBe(0o600);
  });

  it('reports each outcome until a heartbeat carrying it was accepted', () => {
    const dataDir = tmp();
    const journal = openActionJournal({ dataDir });
    const [a, b] = [randomUUID(), randomUUID()];
    journal.accept({ id: a, kind: 'sync-now' });
    journal.accept({ id: b, kind: 'reload-catalog' });
    expect(journal.unreported(32)).toEqual([]); // nothing finished yet
    journal.start(a);
    journal.finish(a, 'done', 'acknowledged 2, parked 0, pending 0');
    journal.start(b);
    journal.finish(b, 'failed', `catalog unreachable; ${'x'.repeat(400)}`);

    const outcomes = journal.unreported(32);
    expect(outcomes.map((o) => [o.id, o.outcome])).toEqual([
      [a, 'done'],
      [b, 'failed'],
    ]);
    // What goes on the wire fits the contract (the detail is clipped to its 200 characters).
    for (const o of outcomes) expect(CompletedAction.parse(o)).toEqual(o);
    expect(journal.unreported(1)).toHaveLength(1);

    journal.markReported([a]);
    expect(
      openActionJournal({ dataDir })
        .unreported(32)
        .map((o) => o.id),
    ).toEqual([b]);
  });

  it('keeps queued actions for the next start and reports interrupted ones without re-running', () => {
    const dataDir = tmp();
    const journal = openActionJournal({ dataDir });
    const [restart, sync, reload, later] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    journal.accept({ id: restart, kind: 'restart-app' });
    journal.accept({ id: sync, kind: 'sync-now' });
    journal.accept({ id: reload, kind: 'reload-catalog' });
    journal.accept({ id: later, kind: 'sync-now' });
    journal.start(restart); // waiting for the citizen to finish when the process ended
    journal.start(sync); // under way when the process ended
    journal.start(reload);
    journal.finish(reload, 'done', 'already the newest catalog');

    const next = openActionJournal({ dataDir });
    expect(next.get(restart)).toMatchObject({ state: 'done' });
    expect(next.get(sync)).toMatchObject({
      state: 'failed',
      detail: expect.stringMatching(/interrupted/),
    });
    expect(next.get(reload)).toMatchObject({ state: 'done', detail: 'already the newest catalog' });
    // Never started: it runs in this process, still once.
    expect(next.queued()).toEqual([{ id: later, kind: 'sync-now' }]);
    expect(next.start(sync)).toBe(false);
    expect(next.start(later)).toBe(true);
    expect(next.start(later)).toBe(false);
  });

  it('forgets reported outcomes after a week, not before', () => {
    const dataDir = tmp();
    let now = Date.parse('2026-11-01T00:00:00Z');
    const journal = openActionJournal({ dataDir, now: () => now });
    const old = randomUUID();
    journal.accept({ id: old, kind: 'sync-now' });
    journal.start(old);
    journal.finish(old, 'done', 'ok');
    journal.markReported([old]);
    now += 6 * 24 * 3600_000;
    journal.accept({ id: randomUUID(), kind: 'sync-now' });
    expect(journal.get(old)).not.toBeNull();
    now += 2 * 24 * 3600_000;
    journal.accept({ id: randomUUID(), kind: 'sync-now' });
    expect(journal.get(old)).toBeNull();
    expect(JSON.parse(readFileSync(actionJournalFile(dataDir), 'utf8')).entries).toHaveLength(2);
  });

  it('starts empty when there is no file yet, and writes none until there is something', () => {
    const dataDir = tmp();
    const journal = openActionJournal({ dataDir });
    expect(journal.entries()).toEqual([]);
    expect(journal.unreported(32)).toEqual([]);
    expect(existsSync(actionJournalFile(dataDir))).toBe(false);
  });

  it('runs nothing and reports nothing that is not on disk when a write fails (full disk)', () => {
    const dataDir = tmp();
    const journal = openActionJournal({ dataDir });
    const [a, b] = [randomUUID(), randomUUID()];
    journal.accept({ id: a, kind: 'sync-now' });
    // The journal's folder turns into a file: every write from now on fails (ENOTDIR).
    const folder = path.dirname(actionJournalFile(dataDir));
    const broken = () => {
      renameSync(folder, `${folder}.away`);
      writeFileSync(folder, '');
    };
    const mended = () => {
      rmSync(folder);
      renameSync(`${folder}.away`, folder);
    };
    broken();
    expect(() => journal.accept({ id: b, kind: 'reload-catalog' })).toThrow();
    expect(journal.get(b)).toBeNull(); // not taken: the centre hands it over again
    expect(() => journal.start(a)).toThrow();
    expect(journal.get(a)).toMatchObject({ state: 'queued' }); // not started, so it never ran
    mended();
    expect(journal.accept({ id: b, kind: 'reload-catalog' })).toBe(true);
    expect(journal.start(a)).toBe(true);
    broken();
    // The action ran: its outcome is kept, but reported only once it is on disk.
    journal.finish(a, 'done', 'ok');
    expect(journal.get(a)).toMatchObject({ state: 'done' });
    expect(journal.unreported(32)).toEqual([]);
    mended();
    expect(journal.unreported(32)).toMatchObject([{ id: a, outcome: 'done' }]);
    expect(openActionJournal({ dataDir }).get(a)).toMatchObject({ state: 'done', detail: 'ok' });
    broken();
    expect(() => journal.markReported([a])).toThrow();
    expect(journal.get(a)).toMatchObject({ reported: false });
    mended();
    // What memory holds is what a restarted process reads back.
    expect(openActionJournal({ dataDir }).entries()).toEqual(journal.entries());
  });
});
