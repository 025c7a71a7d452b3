// The PostgreSQL seam names every statement (parsed and planned once per connection). A table
// changed under a named statement by someone else (a migration from a newer process) must not
// break the queries of a running centre: the statement goes unnamed and answers with the new shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../central/db/db.ts';
import { openPostgresDb } from '../../../central/db/postgres-db.ts';
import { postgresBackend } from './support/backends.ts';

const backend = postgresBackend();

describe.skipIf(backend.unavailable !== null)('named statements on PostgreSQL', () => {
  let db: Db;
  let other: Db;

  beforeAll(async () => {
    const url = await backend.start();
    db = await openPostgresDb(url);
    other = await openPostgresDb(url);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await other?.close();
    await backend.stop();
  });

  const everywhere = (sql: string, params: unknown[] = []) =>
    // More at once than the pool has connections: each of them gets the statement.
    Promise.all(Array.from({ length: 20 }, () => db.query(sql, params)));

  it('repeats a statement with new parameters and follows a table changed under it', async () => {
    await db.exec('CREATE TABLE named_probe (a int NOT NULL)');
    await db.query('INSERT INTO named_probe (a) VALUES ($1), ($2)', [1, 2]);
    const before = await everywhere('SELECT * FROM named_probe WHERE a >= $1 ORDER BY a', [2]);
    for (const { rows } of before) expect(rows).toEqual([{ a: 2 }]);

    await other.exec("ALTER TABLE named_probe ADD COLUMN b text NOT NULL DEFAULT 'x'");
    const after = await everywhere('SELECT * FROM named_probe WHERE a >= $1 ORDER BY a', [1]);
    for (const { rows } of after) {
      expect(rows).toEqual([
        { a: 1, b: 'x' },
        { a: 2, b: 'x' },
      ]);
    }
  });

  it('keeps a failing statement inside a transaction failing, and the pool usable', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO named_probe (a) VALUES ($1)', [3]);
        await tx.query('SELECT * FROM no_such_table WHERE a = $1', [1]);
      }),
    ).rejects.toMatchObject({ code: '42P01' });
    const { rows } = await db.query('SELECT count(*)::int AS n FROM named_probe WHERE a = $1', [3]);
    expect(rows).toEqual([{ n: 0 }]);
  });
});
