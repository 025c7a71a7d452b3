// One writer per outbox. The lock is an exclusive SQLite lock (POSIX fcntl underneath) on a small
// empty file beside the database, held for as long as the writer has the outbox open. The kernel
// drops it when the process dies, SIGKILL included, so there is never a stale lock to clean up;
// a pid file would need liveness guesses (and pids are reused across reboots).
// Why not `PRAGMA locking_mode = EXCLUSIVE` on the database itself: in WAL mode that also shuts
// out readers, and the technician's `kiosk24 queue status` must read while the kiosk runs.
import Database from 'better-sqlite3-multiple-ciphers';

export class OutboxLockedError extends Error {
  constructor(readonly lockPath: string) {
    super(
      `the outbox is locked by another process (a running kiosk?): ${lockPath} is held; ` +
        'stop the kiosk, or go through it',
    );
    this.name = 'OutboxLockedError';
  }
}

export interface WriterLock {
  readonly path: string;
  release(): void;
}

export function writerLockPath(databasePath: string): string {
  return `${databasePath}.writer-lock`;
}

/** Takes the lock, waiting at most `waitMs` for a holder to let go, or throws OutboxLockedError. */
export function acquireWriterLock(databasePath: string, waitMs = 0): WriterLock {
  const file = writerLockPath(databasePath);
  // No personal data ever goes in here: it stays an empty, unencrypted SQLite file.
  const handle = new Database(file, { timeout: Math.max(0, Math.trunc(waitMs)) });
  try {
    handle.pragma('locking_mode = EXCLUSIVE');
    handle.pragma('journal_mode = MEMORY');
    // Exclusive locking mode keeps the lock of the first write transaction until close.
    handle.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    handle.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new OutboxLockedError(file);
    throw err;
  }
  return {
    path: file,
    release: () => {
      if (handle.open) handle.close();
    },
  };
}

/** True when some process holds the lock right now (a probe: takes and releases it). */
export function isWriterLockHeld(databasePath: string): boolean {
  try {
    acquireWriterLock(databasePath).release();
    return false;
  } catch (err) {
    if (err instanceof OutboxLockedError) return true;
    throw err;
  }
}
