// The audit log's two defences, on both engines: the database refuses UPDATE and DELETE, and an
// edit made by someone who can switch that off (the database owner) breaks the hash chain at the
// edited entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../central/db/db.ts';
import { openDatabase } from '../../../central/db/open-database.ts';
import { createSqlAuditRepository } from '../../../central/repositories/audit-repository.ts';
import { createAuditService, type AuditService } from '../../../central/services/audit-service.ts';
import { backends } from './support/backends.ts';

for (const backend of backends) {
  describe.skipIf(backend.unavailable !== null)(`audit chain on ${backend.name}`, () => {
    let db: Db;
    let audit: AuditService;

    beforeAll(async () => {
      db = await openDatabase(await backend.start());
      audit = createAuditService(createSqlAuditRepository(db));
    }, 120_000);
    afterAll(async () => {
      await db?.close();
      await backend.stop();
    });

    const entry = (i: number) => ({
      actor: 'officer.chain',
      action: 'POST /api/v1/admin/submissions/:trackingCode/status',
      target: { trackingCode: `CHN${i}-AAAA-BBBB` },
      status: 200,
      detail: `status accepted ${i}`,
      ip: '127.0.0.1',
    });

    it('refuses to change or delete an entry', async () => {
      const written = await audit.record(entry(0));
      await expect(
        db.query('UPDATE admin_audit SET status = 500 WHERE seq = $1', [written.seq]),
      ).rejects.toThrow(/append-only/);
      await expect(
        db.query('DELETE FROM admin_audit WHERE seq = $1', [written.seq]),
      ).rejects.toThrow(/append-only/);
    });

    it('finds the edited entry, and is whole again once it is put back', async () => {
      const written = [];
      for (let i = 1; i <= 12; i++) written.push(await audit.record(entry(i)));
      expect(await audit.verifyAuditChain()).toMatchObject({ ok: true, brokenAt: null });
      const victim = written[9]!; // past nine: seq order must be numeric, not textual
      const tamper = async (status: number) => {
        await db.exec('ALTER TABLE admin_audit DISABLE TRIGGER admin_audit_no_change');
        try {
          await db.query('UPDATE admin_audit SET status = $2 WHERE seq = $1', [victim.seq, status]);
        } finally {
          await db.exec('ALTER TABLE admin_audit ENABLE TRIGGER admin_audit_no_change');
        }
      };
      await tamper(403);
      try {
        const broken = await audit.verifyAuditChain();
        expect(broken.ok).toBe(false);
        expect(broken.brokenAt).toBe(victim.seq);
        expect(broken.head).toBe(written[8]!.hash);
      } finally {
        // A shared server (KIOSK24_TEST_PG) keeps this table: leave it whole.
        await tamper(victim.status);
      }
      const whole = await audit.verifyAuditChain();
      expect(whole).toMatchObject({ ok: true, head: written.at(-1)!.hash });
    });
  });
}
