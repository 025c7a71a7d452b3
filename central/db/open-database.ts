// `--db` names the engine: pglite:memory, pglite:DIR or postgres://…; the schema is migrated
// before the database is handed out.
import path from 'node:path';
import type { Db } from './db.ts';
import { migrate, type MigrationLog } from './migrate.ts';

export type DatabaseTarget =
  { engine: 'pglite'; dir: string | null } | { engine: 'postgres'; url: string };

export function parseDatabaseUrl(db: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(db)) return { engine: 'postgres', url: db };
  if (db.startsWith('pglite:')) {
    const rest = db.slice('pglite:'.length);
    if (rest === 'memory') return { engine: 'pglite', dir: null };
    if (rest.length > 0) return { engine: 'pglite', dir: path.resolve(rest) };
  }
  throw new Error(`database must be postgres://…, pglite:DIR or pglite:memory, got "${db}"`);
}

/** A redacted description for logs and banners: never a password. */
export function describeDatabase(target: DatabaseTarget): string {
  if (target.engine === 'pglite') return `pglite:${target.dir ?? 'memory'}`;
  const u = new URL(target.url);
  return `postgres://${u.host}${u.pathname}`;
}

export async function openDatabase(db: string, log?: MigrationLog): Promise<Db> {
  const target = parseDatabaseUrl(db);
  const opened =
    target.engine === 'pglite'
      ? await (await import('./pglite-db.ts')).openPgliteDb(target.dir)
      : await (await import('./postgres-db.ts')).openPostgresDb(target.url);
  try {
    await migrate(opened, log);
  } catch (err) {
    await opened.close();
    throw err;
  }
  return opened;
}
