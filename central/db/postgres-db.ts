// A PostgreSQL server through a connection pool: what a real deployment uses (`--db postgres://…`).
import pg from 'pg';
import type { Db, Queryable, Row } from './db.ts';

/** Beyond this many distinct statements, queries go unnamed (a bound on per-connection memory). */
const MAX_NAMED_STATEMENTS = 500;
/** SQLSTATE of "cached plan must not change result type": a table changed under a statement. */
const CACHED_PLAN_CHANGED = '0A000';

/**
 * Names for the repositories' statements, so each connection parses and plans a statement once
 * and then only binds and executes it. The fleet's hot statements are CTEs whose planning cost
 * several times their execution (a heartbeat: ~0.6 ms of server CPU unnamed, ~0.16 ms named).
 * Repositories write their SQL as constants with `$n` parameters, so the set of texts is small;
 * the cap keeps a query built with inlined values from growing it without end.
 */
function statementNamer(): { name(sql: string): string | undefined; forget(sql: string): void } {
  const names = new Map<string, string | undefined>();
  return {
    name(sql) {
      if (names.has(sql)) return names.get(sql);
      // Past the cap nothing more is remembered: the map stays bounded too.
      if (names.size >= MAX_NAMED_STATEMENTS) return undefined;
      const name = `kiosk24_${names.size}`;
      names.set(sql, name);
      return name;
    },
    forget: (sql) => names.set(sql, undefined),
  };
}

export async function openPostgresDb(url: string): Promise<Db> {
  // Two cores serve a 20,000-kiosk fleet with ten connections to spare (bench/fleet-cases.ts):
  // more would only queue inside PostgreSQL instead of here. Connections stay open between
  // bursts (pg's default closes them after 10 s idle): a new one costs a backend process, cold
  // catalog caches and a fresh parse of every named statement, just when a burst arrives.
  const pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 10 * 60_000 });
  const namer = statementNamer();
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query gets a fresh connection.
  pool.on('error', () => {});
  // Fail at start, not at the first kiosk request, when the server cannot be reached.
  await pool.query('SELECT 1');
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      const name = namer.name(sql);
      const values = [...params];
      try {
        const result = await q.query<R>({ text: sql, values, ...(name ? { name } : {}) });
        return { rows: result.rows };
      } catch (err) {
        // A migration by another process changed a table under a named statement: this text
        // goes unnamed from now on. Retried only outside a transaction, which the error aborted.
        if (!name || (err as { code?: unknown }).code !== CACHED_PLAN_CHANGED) throw err;
        namer.forget(sql);
        if (q !== pool) throw err;
        return { rows: (await q.query<R>(sql, values)).rows };
      }
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  let closed = false;
  return {
    engine: 'postgres',
    ...wrap(pool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
