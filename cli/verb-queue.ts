// `kiosk24 queue status|list|retry`: the technician's view of a kiosk's outbox. Keys, tracking
// codes, states and error codes only: the outbox's personal data never reaches the terminal.
// The verbs reach the outbox through the running kiosk when there is one (it is the one writer;
// its control socket answers), or open the database themselves when none runs: read-only to
// look, as the writer to act. `kiosk24 sync now` (verb-sync.ts) shares these helpers.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type KioskConfig } from '../config/kiosk-config.ts';
import { outboxKeySource, outboxPaths, readOutboxKey } from '../host/adapters/submission-queue.ts';
import {
  callControl,
  ControlUnavailableError,
  describeQueue,
  isWriterLockHeld,
  NoOutboxDatabaseError,
  openKioskDatabase,
  Outbox,
  OutboxLockedError,
  type ControlRequest,
  type KioskDatabase,
  type OutboxState,
  type OutboxSummary,
  type QueueStatus,
  type RetryAnswer,
} from '../offline-cache/index.ts';
import type { Verb } from './main.ts';
import { parseFlags, UsageError } from './usage-error.ts';

const OUTBOX_STATES: readonly OutboxState[] = ['pending', 'acknowledged', 'parked'];

export const DATA_DIR_FLAGS = {
  'data-dir': { type: 'string' },
  config: { type: 'string' },
} as const;

export const DATA_DIR_USAGE = `  --data-dir DIR    the kiosk's data folder (default .kiosk24/kiosk, as for kiosk24 start)
  --config FILE     the kiosk's site configuration (central platform, kiosk id, retention)`;

export interface OutboxAccess {
  config: KioskConfig;
  paths: ReturnType<typeof outboxPaths>;
}

export function outboxAccess(values: { 'data-dir'?: string; config?: string }): OutboxAccess {
  const dataDir = path.resolve(values['data-dir'] ?? path.join('.kiosk24', 'kiosk'));
  const config = loadConfig({ dataDir, file: values.config });
  return { config, paths: outboxPaths(config.dataDir) };
}

function key(access: OutboxAccess): Buffer {
  if (!existsSync(access.paths.database)) throw new NoOutboxDatabaseError(access.paths.database);
  const found = readOutboxKey(access.config.dataDir);
  if (!found) {
    throw new Error(
      `no outbox key at ${outboxKeySource(access.config.dataDir).where}: the database cannot be opened without the key it was made with`,
    );
  }
  return found;
}

/** Asks the running kiosk; null when no kiosk answers (none runs, or it does not serve). */
export async function askKiosk<T>(access: OutboxAccess, req: ControlRequest): Promise<T | null> {
  try {
    return await callControl<T>(access.paths.socket, req, 120_000);
  } catch (err) {
    if (err instanceof ControlUnavailableError) return null;
    throw err;
  }
}

/** A read-only look at the outbox, safe while a kiosk writes it. */
export function readOutbox<T>(access: OutboxAccess, look: (outbox: Outbox) => T): T {
  const db = openKioskDatabase({ path: access.paths.database, key: key(access), readonly: true });
  try {
    return look(new Outbox(db));
  } finally {
    db.close();
  }
}

/** Opens the outbox as its writer, which only works while no kiosk runs. */
export async function writeOutbox<T>(
  access: OutboxAccess,
  act: (outbox: Outbox, db: KioskDatabase) => Promise<T> | T,
): Promise<T> {
  let db: KioskDatabase;
  try {
    db = openKioskDatabase({ path: access.paths.database, key: key(access), lockTimeoutMs: 0 });
  } catch (err) {
    if (err instanceof OutboxLockedError) {
      throw new Error(
        'the outbox is locked by a running kiosk that does not answer on its control socket ' +
          `(${access.paths.socket}); try again in a moment, or stop the kiosk`,
        { cause: err },
      );
    }
    throw err;
  }
  try {
    return await act(new Outbox(db), db);
  } finally {
    db.close();
  }
}

/** Whether a kiosk holds the outbox right now (for what status reports). */
export function kioskRunning(access: OutboxAccess): boolean {
  return existsSync(access.paths.database) && isWriterLockHeld(access.paths.database);
}

const usage = `Usage: kiosk24 queue status [--json] [--data-dir DIR] [--config FILE]
       kiosk24 queue list [--state pending|acknowledged|parked] [--limit N] [--json] [...]
       kiosk24 queue retry ID [--data-dir DIR] [--config FILE]

  status            counts by state and the age of the oldest pending item
  list              the items, oldest first (keys, tracking codes, states, last errors)
  retry ID          send an item again now: ID is its idempotency key or tracking code; a parked
                    item goes back in the queue, a pending one skips the rest of its backoff
  --json            machine-readable output
${DATA_DIR_USAGE}

While the kiosk runs, the verbs go through it (its control socket); otherwise they open the
outbox themselves. Exit status: 0 done, 1 failed (no database, locked, wrong key, unknown ID).`;

function age(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function printStatus(s: QueueStatus, running: boolean): void {
  console.log(
    [
      `kiosk:          ${running ? 'running' : 'not running'}`,
      `pending:        ${s.counts.pending}`,
      `parked:         ${s.counts.parked}`,
      `acknowledged:   ${s.counts.acknowledged}`,
      `oldest pending: ${age(s.oldestPendingAgeSeconds)}`,
      ...(s.sync
        ? [
            `central:        ${s.sync.online ? 'online' : 'offline'}${s.sync.lastError ? ` (${s.sync.lastError})` : ''}`,
            `last sync:      ${s.sync.lastSyncAt ?? '-'}`,
          ]
        : []),
    ].join('\n'),
  );
}

function printList(items: OutboxSummary[]): void {
  if (items.length === 0) return void console.log('(no items)');
  const rows = items.map((i) => [
    i.idempotencyKey,
    i.trackingCode,
    i.kind,
    i.state,
    String(i.attempts),
    i.createdAt,
    i.lastError ?? '',
  ]);
  const header = ['ID', 'TRACKING', 'KIND', 'STATE', 'TRIES', 'CREATED', 'LAST ERROR'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  for (const r of [header, ...rows]) {
    console.log(r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]!))).join('  '));
  }
}

async function status(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { ...DATA_DIR_FLAGS, json: { type: 'boolean' } });
  const access = outboxAccess(values);
  const live = await askKiosk<QueueStatus>(access, { op: 'status' });
  const result = live ?? readOutbox(access, (outbox) => describeQueue(outbox));
  const running = live !== null || kioskRunning(access);
  if (values.json) console.log(JSON.stringify({ kioskRunning: running, ...result }));
  else printStatus(result, running);
  return 0;
}

async function list(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    ...DATA_DIR_FLAGS,
    json: { type: 'boolean' },
    state: { type: 'string' },
    limit: { type: 'string' },
  });
  const state = values.state as OutboxState | undefined;
  if (state !== undefined && !OUTBOX_STATES.includes(state)) {
    throw new UsageError(`--state must be one of ${OUTBOX_STATES.join(', ')}, got "${state}"`);
  }
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new UsageError(`--limit must be a number 1-10000, got "${values.limit}"`);
  }
  const access = outboxAccess(values);
  const filter = { ...(state ? { state } : {}), limit };
  const items =
    (await askKiosk<OutboxSummary[]>(access, { op: 'list', ...filter })) ??
    readOutbox(access, (outbox) => outbox.list(filter));
  if (values.json) console.log(JSON.stringify(items));
  else printList(items);
  return 0;
}

async function retry(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, DATA_DIR_FLAGS, 1);
  const id = positionals[0];
  if (!id) throw new UsageError('queue retry needs the ID (idempotency key or tracking code)');
  const access = outboxAccess(values);
  const answer =
    (await askKiosk<RetryAnswer>(access, { op: 'retry', id })) ??
    (await writeOutbox(access, (outbox) => outbox.retryNow(id)));
  switch (answer.outcome) {
    case 'not-found':
      console.error(`kiosk24 queue: no item ${id} in the outbox`);
      return 1;
    case 'already-acknowledged':
      console.error(`kiosk24 queue: ${id} was already acknowledged by the central platform`);
      return 1;
    case 'requeued':
      console.log(`${answer.item?.trackingCode ?? id}: back in the queue (was parked)`);
      return 0;
    case 'rescheduled':
      console.log(`${answer.item?.trackingCode ?? id}: due now`);
      return 0;
  }
}

export const queueVerb: Verb = {
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === 'status') return status(rest);
    if (sub === 'list') return list(rest);
    if (sub === 'retry') return retry(rest);
    throw new UsageError(sub ? `unknown queue command "${sub}"` : 'queue needs a command');
  },
};
