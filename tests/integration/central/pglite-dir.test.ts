// `pglite:DIR`, the demo's and a small site's database: created on first start, and whatever
// was recorded is still there, and still deduplicated, after a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadMigrations } from '../../../central/db/migrate.ts';
import { startCentral } from '../../../central/index.ts';
import { kioskId, submission } from './support/fixtures.ts';
import { postAs } from './support/http.ts';
import { enrolTestKiosk } from './support/signed-kiosk.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-central-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('keeps submissions across a restart and still replays their answers', async () => {
  const db = `pglite:${path.join(root, 'nested', 'central')}`;
  const kiosk = kioskId();
  const req = submission(kiosk);
  const events: string[] = [];
  const log = (_level: string, event: string) => events.push(event);

  const first = await startCentral({ port: 0, db, log });
  // The kiosk's enrolment is stored with the rest: it needs no new token after the restart.
  const enrolled = await enrolTestKiosk(first, kiosk);
  const created = await postAs(first.url, enrolled).submit(req);
  expect(created.status).toBe(201);
  await first.services.submissions.setStatus(req.trackingCode, 'accepted');
  await first.close();
  expect(events.filter((e) => e === 'db.migrated')).toHaveLength(loadMigrations().length);

  events.length = 0;
  const second = await startCentral({ port: 0, db, log });
  try {
    expect(events).not.toContain('db.migrated');
    expect(await second.services.submissions.count({ trackingCode: req.trackingCode })).toBe(1);
    const stored = await second.services.submissions.get(req.trackingCode);
    expect(stored).toMatchObject({ applicant: req.applicant, status: 'accepted' });
    const replay = await postAs(second.url, enrolled).submit(req);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ ...created.body, replayed: true });
    expect(await second.services.submissions.count({ kioskId: kiosk })).toBe(1);
  } finally {
    await second.close();
  }
}, 60_000);

it('fails to start on a bad database URL without listening', async () => {
  await expect(startCentral({ port: 0, db: 'mysql://nope' })).rejects.toThrow(/pglite:memory/);
});
