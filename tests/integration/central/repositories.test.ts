// Migrations and repositories against each real engine: the same SQL on PGlite and PostgreSQL.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../central/db/db.ts';
import { loadMigrations, migrate } from '../../../central/db/migrate.ts';
import { openDatabase } from '../../../central/db/open-database.ts';
import { createSqlRatingRepository } from '../../../central/repositories/rating-repository.ts';
import {
  createSqlSubmissionRepository,
  type StoredSubmission,
} from '../../../central/repositories/submission-repository.ts';
import { backends } from './support/backends.ts';
import { idempotencyKey, kioskId, submission, trackingCode } from './support/fixtures.ts';

function stored(kiosk: string, over: Partial<StoredSubmission> = {}): StoredSubmission {
  const req = submission(kiosk);
  const at = new Date().toISOString();
  return {
    ...req,
    kioskId: kiosk,
    status: 'received',
    receivedAt: at,
    statusChangedAt: at,
    ack: { trackingCode: req.trackingCode, status: 'received', receivedAt: at, replayed: false },
    ...over,
  };
}

for (const backend of backends) {
  describe.skipIf(backend.unavailable !== null)(`central database on ${backend.name}`, () => {
    let url: string;
    let db: Db;
    const migrated: number[] = [];

    beforeAll(async () => {
      url = await backend.start();
      db = await openDatabase(url, (_event, { version }) => migrated.push(version));
    }, 60_000);
    afterAll(async () => {
      await db?.close();
      await backend.stop();
    });

    it('records applied migrations and applies none twice', async () => {
      const all = loadMigrations().map((m) => m.version);
      const { rows } = await db.query<{ version: number; checksum: string }>(
        'SELECT version, checksum FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((r) => r.version)).toEqual(all);
      expect(rows[0]!.checksum).toBe(loadMigrations()[0]!.checksum);
      expect(await migrate(db)).toEqual([]);
    });

    it('refuses a schema newer than the software, or an edited migration', async () => {
      await expect(migrate(db, undefined, [])).rejects.toThrow(/newer than this software/);
      const edited = loadMigrations().map((m) => ({ ...m, checksum: 'edited' }));
      await expect(migrate(db, undefined, edited)).rejects.toThrow(/changed after it was applied/);
    });

    it('rolls a failing migration back whole', async () => {
      const table = `k24_probe_${randomBytes(4).toString('hex')}`;
      const broken = {
        version: loadMigrations().at(-1)!.version + 1,
        name: 'broken',
        sql: `CREATE TABLE ${table} (x int); SELECT no_such_function();`,
        checksum: 'broken',
      };
      await expect(migrate(db, undefined, [...loadMigrations(), broken])).rejects.toThrow();
      const left = await db.query('SELECT 1 FROM information_schema.tables WHERE table_name = $1', [
        table,
      ]);
      expect(left.rows).toEqual([]);
      const recorded = await db.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
        broken.version,
      ]);
      expect(recorded.rows).toEqual([]);
    });

    it('inserts a submission once per key and round-trips its data', async () => {
      const repo = createSqlSubmissionRepository(db);
      const kiosk = kioskId();
      const row = stored(kiosk);
      expect(await repo.insertIfAbsent(row)).toEqual(row);
      expect(await repo.insertIfAbsent({ ...row, kioskId: 'someone-else' })).toBeNull();
      expect(await repo.findByIdempotencyKey(row.idempotencyKey)).toEqual(row);
      expect(await repo.findByTrackingCode(row.trackingCode)).toEqual(row);
      expect(await repo.findByTrackingCode(trackingCode())).toBeNull();
      expect(await repo.count({ kioskId: kiosk })).toBe(1);
      expect(
        await repo.count({ kioskId: kiosk, trackingCode: row.trackingCode, status: 'received' }),
      ).toBe(1);
      expect(await repo.count({ kioskId: kiosk, status: 'accepted' })).toBe(0);
    });

    it('refuses a second submission with a taken tracking code (unique violation)', async () => {
      const repo = createSqlSubmissionRepository(db);
      const row = stored(kioskId());
      await repo.insertIfAbsent(row);
      await expect(
        repo.insertIfAbsent({ ...row, idempotencyKey: idempotencyKey() }),
      ).rejects.toMatchObject({ code: '23505', constraint: 'submissions_tracking_code_key' });
    });

    it('changes a status only from the expected one (compare-and-set)', async () => {
      const repo = createSqlSubmissionRepository(db);
      const row = stored(kioskId());
      await repo.insertIfAbsent(row);
      const at = new Date(Date.now() + 1000);
      const updated = await repo.updateStatus(row.trackingCode, 'received', 'accepted', at);
      expect(updated).toMatchObject({ status: 'accepted', statusChangedAt: at.toISOString() });
      expect(await repo.updateStatus(row.trackingCode, 'received', 'returned', at)).toBeNull();
      expect((await repo.findByTrackingCode(row.trackingCode))?.status).toBe('accepted');
      await expect(
        repo.updateStatus(row.trackingCode, 'accepted', 'lost' as never, at),
      ).rejects.toMatchObject({ code: '23514' });
    });

    it('stores ratings once per key and counts them by level', async () => {
      const repo = createSqlRatingRepository(db);
      const kiosk = kioskId();
      const row = {
        idempotencyKey: idempotencyKey(),
        trackingCode: trackingCode(),
        kioskId: kiosk,
        itemCode: '440100-20-000107-001',
        level: 4,
        reasons: ['材料繁琐', '等待时间长'],
        comment: '打印机很快',
        ratedAt: new Date().toISOString(),
        receivedAt: new Date().toISOString(),
        ack: { trackingCode: 'X', replayed: false },
      };
      expect(await repo.insertIfAbsent(row)).toEqual(row);
      expect(await repo.insertIfAbsent(row)).toBeNull();
      expect(await repo.findByIdempotencyKey(row.idempotencyKey)).toEqual(row);
      expect(await repo.count({ kioskId: kiosk, level: 4 })).toBe(1);
      expect(await repo.count({ kioskId: kiosk, level: 5 })).toBe(0);
    });

    it('lets two central processes migrate one fresh database at once', async (ctx) => {
      if (!url.startsWith('postgres')) ctx.skip(); // one PGlite database has one process
      const name = `k24_race_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client(url);
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } catch {
        await admin.end();
        ctx.skip(); // a shared server without CREATEDB
      }
      try {
        const target = new URL(url);
        target.pathname = `/${name}`;
        const counts: number[][] = [[], []];
        const [a, b] = await Promise.all(
          counts.map((applied) =>
            openDatabase(target.toString(), (_e, { version }) => applied.push(version)),
          ),
        );
        expect([...counts[0]!, ...counts[1]!].sort((x, y) => x - y)).toEqual(
          loadMigrations().map((m) => m.version),
        );
        await a!.close();
        await b!.close();
      } finally {
        await admin.query(`DROP DATABASE ${name}`);
        await admin.end();
      }
    });
  });
}
