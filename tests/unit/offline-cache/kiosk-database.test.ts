// The encrypted database on real files: pragmas, numbered migrations, and the ways it refuses
// to open (wrong key, no key, plain text, a schema from a newer release).
import { statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import {
  DatabaseKeyError,
  migrate,
  MIGRATIONS,
  openKioskDatabase,
  SCHEMA_VERSION,
  SchemaTooNewError,
  schemaVersion,
  type Migration,
} from '../../../offline-cache/index.ts';
import { tmpDirs } from './tmp-dir.ts';

const newDir = tmpDirs('db');
const KEY = Buffer.alloc(32, 0x5a);
const dbFile = () => path.join(newDir(), 'outbox.db');

function tables(db: { prepare: Database.Database['prepare'] }): string[] {
  return db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .pluck()
    .all() as string[];
}

describe('openKioskDatabase', () => {
  it('opens a new file in WAL, synchronous=FULL, foreign keys on, migrated, owner-only', () => {
    const file = dbFile();
    const db = openKioskDatabase({ path: file, key: KEY });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
    expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher');
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(tables(db)).toEqual(expect.arrayContaining(['outbox', 'outbox_audit']));
    db.close();
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('reopens with the same key, keeping the data and the schema version', () => {
    const file = dbFile();
    const first = openKioskDatabase({ path: file, key: KEY });
    first
      .prepare(
        `INSERT INTO outbox_audit (idempotency_key, state, at, detail) VALUES ('k', 'pending', 1, NULL)`,
      )
      .run();
    first.close();
    const again = openKioskDatabase({ path: file, key: KEY });
    expect(schemaVersion(again)).toBe(SCHEMA_VERSION);
    expect(again.prepare('SELECT count(*) FROM outbox_audit').pluck().get()).toBe(1);
    again.close();
  });

  it('refuses a database written by a newer release, and leaves it as it was', () => {
    const file = dbFile();
    const db = openKioskDatabase({ path: file, key: KEY });
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openKioskDatabase({ path: file, key: KEY })).toThrow(SchemaTooNewError);
    expect(() => openKioskDatabase({ path: file, key: KEY })).toThrow(/newer than this software/);

    const raw = new Database(file);
    raw.pragma(`cipher = 'sqlcipher'`);
    raw.pragma(`key = "x'${KEY.toString('hex')}'"`);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    raw.close();
  });

  it('fails clearly with a wrong key', () => {
    const file = dbFile();
    openKioskDatabase({ path: file, key: KEY }).close();
    const wrong = Buffer.alloc(32, 0x5b);
    expect(() => openKioskDatabase({ path: file, key: wrong })).toThrow(DatabaseKeyError);
    expect(() => openKioskDatabase({ path: file, key: wrong })).toThrow(
      /cannot be opened with this key/,
    );
  });

  it('cannot be read at all without the key', () => {
    const file = dbFile();
    openKioskDatabase({ path: file, key: KEY }).close();
    const raw = new Database(file);
    expect(() => raw.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
    raw.close();
  });

  it('refuses a plain-text SQLite file rather than keeping personal data in it', () => {
    const file = dbFile();
    const plain = new Database(file);
    plain.exec('CREATE TABLE t (x)');
    plain.close();
    expect(() => openKioskDatabase({ path: file, key: KEY })).toThrow(/unencrypted/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => openKioskDatabase({ path: dbFile(), key: Buffer.alloc(16) })).toThrow(/32 bytes/);
  });
});

describe('migrate', () => {
  const extra: Migration[] = [
    ...MIGRATIONS,
    {
      version: MIGRATIONS.length + 1,
      name: 'a later column',
      sql: 'ALTER TABLE outbox_audit ADD COLUMN note TEXT',
    },
  ];

  it('applies only the migrations after the current user_version, each bumping it', () => {
    const db = openKioskDatabase({ path: dbFile(), key: KEY });
    expect(migrate(db, extra)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION + 1 });
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION + 1);
    expect(migrate(db, extra)).toEqual({ from: SCHEMA_VERSION + 1, to: SCHEMA_VERSION + 1 });
    db.close();
  });

  it('rolls a failing migration back whole, leaving the previous version', () => {
    const db = openKioskDatabase({ path: dbFile(), key: KEY });
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'half-way failure',
        sql: 'CREATE TABLE half (x); INSERT INTO no_such_table VALUES (1);',
      },
    ];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(tables(db)).not.toContain('half');
    db.close();
  });

  it('refuses a list with a gap in its numbers', () => {
    const db = openKioskDatabase({ path: dbFile(), key: KEY });
    const gap: Migration[] = [...MIGRATIONS, { version: SCHEMA_VERSION + 2, name: 'gap', sql: '' }];
    expect(() => migrate(db, gap)).toThrow(/expected/);
    db.close();
  });
});
