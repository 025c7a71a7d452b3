// One writer per outbox, on real files and a real second process: a second writer is refused
// at once, readers are not, and a writer killed with SIGKILL leaves no lock behind.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isWriterLockHeld,
  NoOutboxDatabaseError,
  openKioskDatabase,
  Outbox,
  OutboxLockedError,
  SCHEMA_VERSION,
} from '../../../offline-cache/index.ts';
import { submission } from './sample-requests.ts';
import { tmpDirs } from './tmp-dir.ts';

const newDir = tmpDirs('lock');
const KEY = Buffer.alloc(32, 0x4c);
const root = path.resolve(import.meta.dirname, '../../..');

/** A separate node process that opens the outbox as writer, says "open" and waits. */
function holdInChild(file: string) {
  const script = `
    import { openKioskDatabase } from ${JSON.stringify(path.join(root, 'offline-cache/index.ts'))};
    openKioskDatabase({ path: ${JSON.stringify(file)}, key: Buffer.alloc(32, 0x4c) });
    process.stdout.write('open\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const opened = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('open') && resolve());
    child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, opened, exited };
}

describe('the writer lock', () => {
  it('refuses a second writer in the same process, and lets the next one in after close', () => {
    const file = path.join(newDir(), 'outbox.db');
    const first = openKioskDatabase({ path: file, key: KEY });
    expect(() => openKioskDatabase({ path: file, key: KEY, lockTimeoutMs: 0 })).toThrow(
      OutboxLockedError,
    );
    expect(isWriterLockHeld(file)).toBe(true);
    first.close();
    first.close(); // a second close is harmless
    expect(isWriterLockHeld(file)).toBe(false);
    openKioskDatabase({ path: file, key: KEY }).close();
  });

  it('lets a read-only reader in beside the writer, seeing what the writer committed', () => {
    const file = path.join(newDir(), 'outbox.db');
    const writerDb = openKioskDatabase({ path: file, key: KEY });
    const writer = new Outbox(writerDb);
    const req = submission();
    writer.enqueue('submission', req.idempotencyKey, req.trackingCode, req);

    const readerDb = openKioskDatabase({ path: file, key: KEY, readonly: true });
    const reader = new Outbox(readerDb);
    expect(reader.counts()).toEqual({ pending: 1, acknowledged: 0, parked: 0 });
    expect(() => reader.requeue(req.idempotencyKey)).toThrow(/readonly/i);
    writer.markAcknowledged(req.idempotencyKey, {
      trackingCode: req.trackingCode,
      status: 'received',
    });
    expect(reader.counts()).toEqual({ pending: 0, acknowledged: 1, parked: 0 });
    readerDb.close();
    writerDb.close();
  });

  it('says clearly when there is no database to read yet, and creates none', () => {
    const file = path.join(newDir(), 'outbox.db');
    expect(() => openKioskDatabase({ path: file, key: KEY, readonly: true })).toThrow(
      NoOutboxDatabaseError,
    );
    expect(() => openKioskDatabase({ path: file, key: KEY, readonly: true })).toThrow(
      /no outbox database/,
    );
    // And a reader does not migrate: the schema is the writer's business.
    openKioskDatabase({ path: file, key: KEY }).close();
    const reader = openKioskDatabase({ path: file, key: KEY, readonly: true });
    expect(reader.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    reader.close();
  });

  it('is held by another process, and released by the kernel when that process is SIGKILLed', async () => {
    const file = path.join(newDir(), 'outbox.db');
    const holder = holdInChild(file);
    await holder.opened;
    expect(() => openKioskDatabase({ path: file, key: KEY, lockTimeoutMs: 0 })).toThrow(
      /locked by another process/,
    );
    // Reading still works while the other process holds it.
    const reader = openKioskDatabase({ path: file, key: KEY, readonly: true });
    expect(new Outbox(reader).pending()).toBe(0);
    reader.close();

    holder.child.kill('SIGKILL');
    await holder.exited;
    const after = openKioskDatabase({ path: file, key: KEY, lockTimeoutMs: 0 });
    after.close();
  });
});
