// The kiosk's memory of the remote actions the centre handed it, kept on disk so that each one
// runs at most once across restarts: the centre hands an action over once, but an answer lost on
// the way back (or a beat repeated after a crash) can bring the same id again, and a restart that
// ran twice would cut a second citizen short. An action is written down before it starts; its
// outcome waits here until a heartbeat carrying it was accepted by the centre.
//
// File: DATA/heartbeat/actions.json, written whole with temp + fsync + rename.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CompletedAction, RemoteActionKind } from '../../contract/fleet-api.ts';
import { writeFileAtomic } from '../atomic-file.ts';

export interface JournalEntry {
  id: string;
  /** 'unknown': a kind this release cannot run (recorded to report it failed). */
  kind: RemoteActionKind | 'unknown';
  receivedAt: string;
  /** 'queued' until it starts (another action may run before it), 'running' until its outcome. */
  state: 'queued' | 'running' | 'done' | 'failed';
  detail: string;
  completedAt: string | null;
  /** A heartbeat carrying the outcome was answered 200 by the centre. */
  reported: boolean;
}

export interface ActionJournal {
  /** Writes the action down as queued; false if this id was seen before (it must not run again). */
  accept(action: { id: string; kind: JournalEntry['kind'] }): boolean;
  /** Queued → running, written before the action starts; false if it is not queued. */
  start(id: string): boolean;
  /** Running → its outcome; kept even when the write fails (then reported once written). */
  finish(id: string, outcome: 'done' | 'failed', detail: string): void;
  /** Accepted and not started yet (also those a previous run accepted), oldest first. */
  queued(): Pick<JournalEntry, 'id' | 'kind'>[];
  /** Outcomes written down and not yet accepted by the centre, oldest first (at most `limit`). */
  unreported(limit: number): CompletedAction[];
  markReported(ids: readonly string[]): void;
  get(id: string): JournalEntry | null;
  entries(): JournalEntry[];
}

/** Ids remembered well past the centre's 24 h delivery expiry, and a bound on the file. */
const KEEP_REPORTED_MS = 7 * 24 * 3600_000;
const MAX_ENTRIES = 500;
const MAX_DETAIL = 200;

export const actionJournalFile = (dataDir: string) =>
  path.join(dataDir, 'heartbeat', 'actions.json');

const clip = (text: string) =>
  text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;

function readEntries(file: string): JournalEntry[] {
  if (!existsSync(file)) return [];
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { entries?: unknown };
    return Array.isArray(parsed.entries) ? (parsed.entries as JournalEntry[]) : [];
  } catch {
    // A file that cannot be read is replaced at the next write; temp + rename makes this a
    // disk fault, never a half-written file.
    return [];
  }
}

export function openActionJournal(opts: { dataDir: string; now?: () => number }): ActionJournal {
  const file = actionJournalFile(opts.dataDir);
  const now = opts.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  let entries = readEntries(file);

  const save = () => {
    const horizon = now() - KEEP_REPORTED_MS;
    entries = entries.filter(
      (e) => !e.reported || e.completedAt === null || Date.parse(e.completedAt) >= horizon,
    );
    if (entries.length > MAX_ENTRIES) entries = entries.slice(-MAX_ENTRIES);
    writeFileAtomic(file, `${JSON.stringify({ entries }, null, 1)}\n`);
  };

  // Actions left running by the previous process were cut short by its end. A restart waiting
  // for the session to end got what it asked for; anything else is reported failed, not re-run
  // (it may have half happened). Queued ones never started: they run now, still once.
  let interrupted = false;
  for (const e of entries) {
    if (e.state !== 'running') continue;
    interrupted = true;
    e.completedAt = iso();
    if (e.kind === 'restart-app') {
      e.state = 'done';
      e.detail = 'the app restarted before the planned restart';
    } else {
      e.state = 'failed';
      e.detail = 'interrupted: the app stopped while the action ran';
    }
  }
  if (interrupted) save();

  const find = (id: string) => entries.find((e) => e.id === id) ?? null;
  /** An outcome is in memory but not yet on disk (its write failed). */
  let unsaved = false;
  /**
   * Changes the entries and writes them; when the write fails (full disk) the change is undone
   * and the error thrown, so an action not written as accepted or started does not run.
   */
  const commit = <T>(change: () => T): T => {
    const before = entries.map((e) => ({ ...e }));
    try {
      const result = change();
      save();
      unsaved = false;
      return result;
    } catch (err) {
      entries = before;
      throw err;
    }
  };

  return {
    accept(action) {
      if (find(action.id)) return false;
      commit(() =>
        entries.push({
          id: action.id,
          kind: action.kind,
          receivedAt: iso(),
          state: 'queued',
          detail: '',
          completedAt: null,
          reported: false,
        }),
      );
      return true;
    },
    start(id) {
      if (find(id)?.state !== 'queued') return false;
      commit(() => (find(id)!.state = 'running'));
      return true;
    },
    finish(id, outcome, detail) {
      const e = find(id);
      if (e?.state !== 'running') return;
      // The action has run: its outcome stays in memory even when it cannot be written yet, and
      // is reported only once it is on disk (retried at each report), never lost to a full disk.
      Object.assign(e, { state: outcome, detail: clip(detail), completedAt: iso() });
      try {
        save();
        unsaved = false;
      } catch {
        unsaved = true;
      }
    },
    queued: () =>
      entries.filter((e) => e.state === 'queued').map((e) => ({ id: e.id, kind: e.kind })),
    unreported(limit) {
      if (unsaved) {
        try {
          save();
          unsaved = false;
        } catch {
          return [];
        }
      }
      return entries
        .filter((e) => (e.state === 'done' || e.state === 'failed') && !e.reported)
        .slice(0, limit)
        .map((e) => ({
          id: e.id,
          outcome: e.state as 'done' | 'failed',
          detail: e.detail,
          completedAt: e.completedAt!,
        }));
    },
    markReported(ids) {
      const due = ids
        .map(find)
        .filter((e) => e && (e.state === 'done' || e.state === 'failed') && !e.reported);
      if (due.length === 0) return;
      commit(() => {
        for (const e of due) find(e!.id)!.reported = true;
      });
    },
    get: (id) => {
      const e = find(id);
      return e ? { ...e } : null;
    },
    entries: () => entries.map((e) => ({ ...e })),
  };
}
