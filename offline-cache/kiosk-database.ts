// The kiosk's local database: one SQLite file encrypted as a whole (SQLite3 Multiple Ciphers,
// SQLCipher v4 format), so the file, its WAL and its rollback data are unreadable without the
// key. Durability over speed: WAL with synchronous=FULL, since a citizen told "saved" must find
// the submission there after a power cut.
import { chmodSync, closeSync, existsSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { migrate } from './migrations.ts';

/** The better-sqlite3 handle, with a `close()` that returns nothing (callers only close it). */
export interface KioskDatabase extends Omit<Database.Database, 'close'> {
  close(): void;
}

export interface OpenKioskDatabaseOptions {
  path: string;
  /** 32 random bytes; used as a raw key (no passphrase KDF: it is already full-entropy). */
  key: Buffer;
  busyTimeoutMs?: number;
}

export class DatabaseKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseKeyError';
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

export function openKioskDatabase(opts: OpenKioskDatabaseOptions): KioskDatabase {
  if (opts.key.length !== 32) throw new DatabaseKeyError('the outbox key must be 32 bytes');
  // A plain file would "open" and then fail with a vague NOTADB; say what it really is.
  if (isPlainSqlite(opts.path)) {
    throw new DatabaseKeyError(
      `${opts.path} is an unencrypted SQLite file; the kiosk refuses to keep personal data in it`,
    );
  }
  // Created 0600 up front: SQLite gives the -wal and -shm files the mode of the database file.
  if (existsSync(opts.path)) chmodSync(opts.path, 0o600);
  else closeSync(openSync(opts.path, 'wx', 0o600));
  const db = new Database(opts.path);
  try {
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
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
    // Temporary tables and sort spills are not encrypted on disk: keep them in memory.
    db.pragma('temp_store = MEMORY');
    // Purged payloads are overwritten, not merely unlinked from the b-tree.
    db.pragma('secure_delete = ON');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
