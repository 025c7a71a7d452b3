// Numbered SQL migrations (db/migrations/NNNN_name.sql), the same files for PGlite and PostgreSQL.
// Each runs in its own transaction together with its row in schema_migrations, under an advisory
// lock so two central processes starting against one PostgreSQL cannot both apply it. Migrations
// are additive and never edited once shipped: a recorded checksum that no longer matches its file,
// or a database migrated by a newer version of this software, refuses to open.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Db, Queryable } from './db.ts';
import { ADVISORY_LOCKS } from './advisory-locks.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export type MigrationLog = (event: string, fields: { version: number; name: string }) => void;

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const MIGRATION_LOCK = ADVISORY_LOCKS.migration;

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new Error(`migration file name must be NNNN_name.sql: ${file}`);
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    })
    .sort((a, b) => a.version - b.version);
  // Numbers are unique and ascending; gaps are allowed because areas of the platform reserve
  // ranges (0001–0009 intake, 0010–0019 kiosk identity and catalog publishing), so two people
  // adding migrations at once never take the same number.
  migrations.forEach((m, i) => {
    if (m.version < 1) throw new Error(`migration numbers start at 0001: ${m.name}`);
    if (i > 0 && migrations[i - 1]!.version === m.version) {
      throw new Error(`two migrations are numbered ${m.version}`);
    }
  });
  return migrations;
}

async function lockAndBootstrap(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
  await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
}

/** Applies the pending migrations; returns the versions it applied. */
export async function migrate(
  db: Db,
  log?: MigrationLog,
  migrations: Migration[] = loadMigrations(),
): Promise<number[]> {
  const known = new Map(migrations.map((m) => [m.version, m]));
  await db.transaction(async (tx) => {
    await lockAndBootstrap(tx);
    const { rows } = await tx.query<{ version: number; checksum: string }>(
      'SELECT version, checksum FROM schema_migrations ORDER BY version',
    );
    for (const row of rows) {
      const mine = known.get(row.version);
      if (!mine) {
        throw new Error(
          `the database has schema version ${row.version}, newer than this software knows ` +
            `(${migrations.at(-1)?.version ?? 0}): upgrade the central platform instead`,
        );
      }
      if (mine.checksum !== row.checksum) {
        throw new Error(`migration ${row.version} (${mine.name}) was changed after it was applied`);
      }
    }
  });
  const applied: number[] = [];
  for (const m of migrations) {
    const ran = await db.transaction(async (tx) => {
      await lockAndBootstrap(tx);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
        m.version,
      ]);
      if (done.rows.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query(
        'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
        [m.version, m.name, m.checksum],
      );
      return true;
    });
    if (ran) {
      applied.push(m.version);
      log?.('db.migrated', { version: m.version, name: m.name });
    }
  }
  return applied;
}
