// The kiosk's local database: one SQLite file encrypted as a whole (SQLite3 Multiple Ciphers,
// SQLCipher v4 format), so the file, its WAL and its rollback data are unreadable without the
// key. Durability over speed: WAL with synchronous=FULL, since a citizen told "saved" must find
// the submission there after a power cut. One writer (writer-lock.ts); any number of read-only
// readers (the technician's CLI while the kiosk runs), which WAL serves consistent snapshots.
import { chmodSync, closeSync, existsSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { migrate, SCHEMA_VERSION, SchemaTooNewError, schemaVersion } from './migrations.ts';
import { acquireWriterLock, type WriterLock } from './writer-lock.ts';

/** The better-sqlite3 handle, with a `close()` that returns nothing (callers only close it). */
export interface KioskDatabase extends Omit<Database.Database, 'close'> {
  close(): void;
}

export interface OpenKioskDatabaseOptions {
  path: string;
  /** 32 random bytes; used as a raw key (no passphrase KDF: it is already full-entropy). */
  key: Buffer;
  busyTimeoutMs?: number;
  /**
   * Read only: no writer lock, no migration, never creates the file. For looking at an outbox
   * another process (the running kiosk) may be writing.
   */
  readonly?: boolean;
  /** How long a writer waits for another writer to let go of the lock; default 1000 ms. */
  lockTimeoutMs?: number;
}

export class DatabaseKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseKeyError';
  }
}

export class NoOutboxDatabaseError extends Error {
  constructor(readonly path: string) {
    super(`there is no outbox database at ${path} yet (has the kiosk run with this data folder?)`);
    this.name = 'NoOutboxDatabaseError';
  }
}

const PLAIN_SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function isPlainSqlite(file: string): boolean {
  if (!existsSync(file)) return false;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(PLAIN_SQLITE_HEADER.length);
    const n = readSync(fd, head, 0, head.length, 0);
    return n === head.length && head.equals(PLAIN_SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

function unlock(db: Database.Database, opts: OpenKioskDatabaseOptions): void {
  // The cipher and key must come before anything reads a page.
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = "x'${opts.key.toString('hex')}'"`);
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new DatabaseKeyError(
        `${opts.path} cannot be opened with this key (wrong key, or not a kiosk database)`,
      );
    }
    throw err;
  }
}

function checkFile(opts: OpenKioskDatabaseOptions): void {
  if (opts.key.length !== 32) throw new DatabaseKeyError('the outbox key must be 32 bytes');
  // A plain file would "open" and then fail with a vague NOTADB; say what it really is.
  if (isPlainSqlite(opts.path)) {
    throw new DatabaseKeyError(
      `${opts.path} is an unencrypted SQLite file; the kiosk refuses to keep personal data in it`,
    );
  }
}

function openReadonly(opts: OpenKioskDatabaseOptions): KioskDatabase {
  if (!existsSync(opts.path)) throw new NoOutboxDatabaseError(opts.path);
  checkFile(opts);
  const db = new Database(opts.path, { readonly: true, fileMustExist: true });
  try {
    unlock(db, opts);
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
    db.pragma('temp_store = MEMORY');
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) throw new SchemaTooNewError(version, SCHEMA_VERSION);
    if (version < SCHEMA_VERSION) {
      throw new Error(
        `the outbox database has schema version ${version}, older than this software's ` +
          `(${SCHEMA_VERSION}): start the kiosk once to migrate it`,
      );
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function openKioskDatabase(opts: OpenKioskDatabaseOptions): KioskDatabase {
  if (opts.readonly) return openReadonly(opts);
  checkFile(opts);
  // Before anything touches the file: a second writer must not even migrate it.
  const lock: WriterLock = acquireWriterLock(opts.path, opts.lockTimeoutMs ?? 1000);
  let db: Database.Database | null = null;
  try {
    // Created 0600 up front: SQLite gives the -wal and -shm files the mode of the database file.
    if (existsSync(opts.path)) chmodSync(opts.path, 0o600);
    else closeSync(openSync(opts.path, 'wx', 0o600));
    db = new Database(opts.path);
    unlock(db, opts);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
    // Temporary tables and sort spills are not encrypted on disk: keep them in memory.
    db.pragma('temp_store = MEMORY');
    // Purged payloads are overwritten, not merely unlinked from the b-tree.
    db.pragma('secure_delete = ON');
    migrate(db);
  } catch (err) {
    db?.close();
    lock.release();
    throw err;
  }
  // The lock lives exactly as long as the handle: closing one lets go of the other.
  const handle = db;
  const close = handle.close.bind(handle);
  handle.close = () => {
    try {
      if (handle.open) close();
    } finally {
      lock.release();
    }
    return handle;
  };
  return handle;
}
