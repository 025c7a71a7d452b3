// Numbered schema migrations. Each runs in its own write transaction together with the bump of
// `user_version`, so a crash mid-migration leaves the previous version intact. Migrations are
// additive: never edit a shipped one, append the next number.
import type { KioskDatabase } from './kiosk-database.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox and its audit trail',
    sql: `
      CREATE TABLE outbox (
        id               INTEGER PRIMARY KEY,
        idempotency_key  TEXT    NOT NULL UNIQUE,
        kind             TEXT    NOT NULL CHECK (kind IN ('submission', 'rating')),
        tracking_code    TEXT    NOT NULL,
        payload          TEXT             CHECK (payload IS NULL OR json_valid(payload)),
        state            TEXT    NOT NULL CHECK (state IN ('pending', 'acknowledged', 'parked')),
        attempts         INTEGER NOT NULL DEFAULT 0,
        created_at       INTEGER NOT NULL,
        next_attempt_at  INTEGER NOT NULL,
        last_error       TEXT,
        ack              TEXT             CHECK (ack IS NULL OR json_valid(ack)),
        acknowledged_at  INTEGER,
        parked_at        INTEGER,
        purged_at        INTEGER
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
      CREATE INDEX outbox_tracking ON outbox (tracking_code);

      -- What happened to each item, for a technician. Never personal data: keys, states, codes.
      CREATE TABLE outbox_audit (
        id               INTEGER PRIMARY KEY,
        idempotency_key  TEXT    NOT NULL,
        state            TEXT    NOT NULL,
        at               INTEGER NOT NULL,
        detail           TEXT
      ) STRICT;
      CREATE INDEX outbox_audit_key ON outbox_audit (idempotency_key, id);
    `,
  },
  {
    version: 2,
    name: 'attachments, progress from the centre, sync state',
    sql: `
      -- Scanned pages and signatures travel with their submission; their bytes stay inside the
      -- encrypted file like the payload, and are purged with it.
      CREATE TABLE outbox_attachment (
        idempotency_key  TEXT    NOT NULL REFERENCES outbox (idempotency_key),
        attachment_id    TEXT    NOT NULL,
        position         INTEGER NOT NULL,
        kind             TEXT    NOT NULL,
        media_type       TEXT    NOT NULL,
        size             INTEGER NOT NULL,
        sha256           TEXT    NOT NULL,
        bytes            BLOB,
        uploaded_at      INTEGER,
        PRIMARY KEY (idempotency_key, attachment_id)
      ) STRICT;

      -- What a citizen can look up at the kiosk: the centre's status (受理, 办结, 退回), and a
      -- keyed hash of the ID number (key in sync_state, inside this encrypted file) so a tapped
      -- card finds its submissions after the payload itself was purged.
      ALTER TABLE outbox ADD COLUMN item_code TEXT;
      ALTER TABLE outbox ADD COLUMN central_status TEXT;
      ALTER TABLE outbox ADD COLUMN central_status_at TEXT;
      ALTER TABLE outbox ADD COLUMN applicant_tag TEXT;
      CREATE INDEX outbox_applicant ON outbox (applicant_tag) WHERE applicant_tag IS NOT NULL;

      CREATE TABLE sync_state (name TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      INSERT INTO sync_state (name, value) VALUES
        ('applicant_tag_key', lower(hex(randomblob(32)))),
        ('status_cursor', '0');
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `the outbox database has schema version ${found}, newer than this software knows (${known}); ` +
        'it was written by a newer kiosk release: update the software, do not downgrade',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: KioskDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the database to the last migration; refuses a database from a newer release. */
export function migrate(
  db: KioskDatabase,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  const from = schemaVersion(db);
  if (from > migrations.length) throw new SchemaTooNewError(from, migrations.length);
  for (const m of migrations.slice(from)) {
    db.transaction(() => {
      db.exec(m.sql);
      // PRAGMA takes no bound parameters; the version is an integer we own.
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}
