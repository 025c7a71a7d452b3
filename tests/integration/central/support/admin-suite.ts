// The admin side of the central platform through real HTTP (contract/admin-api.ts): accounts and
// sessions, CSRF header, lockout and per-address limits, roles, the masked inbox and status changes
// that reach the kiosks' feed, statistics from submitted data, the audit log and its hash chain.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral, type CentralPlatform } from '../../../../central/index.ts';
import {
  ADMIN_PATHS,
  AdminSelf,
  AuditPage,
  AuditVerification,
  CONSOLE_HEADER,
  CurrentCatalog,
  PublicationContent,
  Statistics,
  SubmissionDetail,
  SubmissionPage,
  publicationPath,
  submissionPath,
  submissionStatusPath,
} from '../../../../contract/admin-api.ts';
import { CENTRAL_PATHS, StatusFeedPage } from '../../../../contract/central-api.ts';
import { PUBLISHING_PATHS } from '../../../../contract/catalog-publishing.ts';
import { ENROLMENT_PATHS } from '../../../../contract/enrolment-api.ts';
import type { Backend } from './backends.ts';
import { call, ConsoleBrowser } from './admin-console.ts';
import { ID_NUMBER, NAME, kioskId, rating, submission } from './fixtures.ts';
import { postAs, post } from './http.ts';
import { enrolTestKiosk, type TestKiosk } from './signed-kiosk.ts';

const ADMIN_TOKEN = 'an-admin-token-for-the-admin-suite-0123';
const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
const PASSWORD = 'correct horse battery staple';
const MINUTE = 60_000;

export function defineAdminSuite(backend: Backend): void {
  describe.skipIf(backend.unavailable !== null)(`admin API on ${backend.name}`, () => {
    let central: CentralPlatform;
    let db: string;
    let offset = 0;
    const run = Math.random().toString(36).slice(2, 8);
    const user = (role: string) => `${role}.${run}`;

    beforeAll(async () => {
      db = await backend.start();
      central = await startCentral({
        port: 0,
        db,
        adminToken: ADMIN_TOKEN,
        keyDir: mkdtempSync(path.join(os.tmpdir(), 'kiosk24-admin-keys-')),
        // Generous per-address sign-in limit here: the per-address test starts its own centre.
        ipRateLimits: { signIn: { max: 1000, windowMs: MINUTE } },
        now: () => new Date(Date.now() + offset),
        log: () => {},
      });
      const accounts = central.admin.accounts;
      for (const role of ['case-officer', 'catalog-editor', 'fleet-operator', 'auditor']) {
        await accounts.create({ username: user(role), roles: [role], password: PASSWORD });
      }
      await accounts.create({ username: user('locked'), roles: ['auditor'], password: PASSWORD });
    }, 120_000);
    afterAll(async () => {
      await central?.close();
      await backend.stop();
    });

    const browser = async (role: string) => {
      const b = new ConsoleBrowser(central.url);
      expect((await b.signIn(user(role), PASSWORD)).status).toBe(200);
      return b;
    };

    it('signs in with an HttpOnly, SameSite=Strict cookie on the admin path, and out again', async () => {
      const b = new ConsoleBrowser(central.url);
      const answer = await b.signIn(user('auditor'), PASSWORD);
      expect(answer.status).toBe(200);
      expect(AdminSelf.parse(answer.body)).toEqual({
        username: user('auditor'),
        displayName: user('auditor'),
        roles: ['auditor'],
      });
      const cookie = answer.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^kiosk24_admin=[A-Za-z0-9_-]{43};/);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      expect(cookie).toContain('Path=/api/v1/admin');
      expect(cookie).toContain('Max-Age=43200');
      // Served on loopback over plain HTTP: no Secure (startCentral's secureCookies turns it on).
      expect(cookie).not.toContain('Secure');
      expect(answer.text).not.toContain(PASSWORD);

      const me = await b.get(ADMIN_PATHS.session);
      expect(me.status).toBe(200);
      expect(me.body.username).toBe(user('auditor'));

      const out = await b.send('DELETE', ADMIN_PATHS.session);
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^kiosk24_admin=;.*Max-Age=0/);
      // The old cookie no longer opens anything.
      expect((await b.get(ADMIN_PATHS.session)).status).toBe(401);
      expect((await call(central.url, 'GET', ADMIN_PATHS.session)).status).toBe(401);
    });

    it('answers an unknown user and a wrong password alike', async () => {
      const b = new ConsoleBrowser(central.url);
      const wrong = await b.signIn(user('auditor'), 'not the password at all');
      const unknown = await b.signIn(`nobody.${run}`, PASSWORD);
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body).toEqual({
        error: 'sign-in-failed',
        message: 'wrong username or password',
      });
      expect(wrong.headers.get('set-cookie')).toBeNull();
    });

    it('locks a username after 10 failures in 15 minutes, whatever the password', async () => {
      const b = new ConsoleBrowser(central.url);
      for (let i = 0; i < 10; i++) {
        expect((await b.signIn(user('locked'), `wrong password ${i}!`)).status).toBe(401);
      }
      const locked = await b.signIn(user('locked'), PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.body.error).toBe('admin-locked');
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      // Other accounts are not affected.
      expect((await new ConsoleBrowser(central.url).signIn(user('auditor'), PASSWORD)).status).toBe(
        200,
      );
      offset += 15 * MINUTE + 1000;
      try {
        expect((await b.signIn(user('locked'), PASSWORD)).status).toBe(200);
      } finally {
        offset -= 15 * MINUTE + 1000;
      }
    });

    it('ends a session after 30 idle minutes', async () => {
      const b = await browser('auditor');
      offset += 29 * MINUTE;
      expect((await b.get(ADMIN_PATHS.session)).status).toBe(200); // slides the expiry
      offset += 29 * MINUTE;
      expect((await b.get(ADMIN_PATHS.session)).status).toBe(200);
      offset += 31 * MINUTE;
      const expired = await b.get(ADMIN_PATHS.session);
      offset -= 89 * MINUTE;
      expect(expired.status).toBe(401);
      expect(expired.body.error).toBe('session-expired');
    });

    it('refuses a change sent with the cookie but without the console header (CSRF)', async () => {
      const officer = await browser('case-officer');
      const code = (await submitted(central)).trackingCode;
      const forged = await officer.send(
        'POST',
        submissionStatusPath(code),
        { status: 'accepted' },
        { consoleHeader: false },
      );
      expect(forged.status).toBe(403);
      expect(forged.body.error).toBe('console-header-required');
      expect((await central.services.submissions.get(code))?.status).toBe('received');
      // Sign-in and sign-out need it too; the bearer token (scripts) does not.
      const b = new ConsoleBrowser(central.url);
      const signIn = await b.send(
        'POST',
        ADMIN_PATHS.session,
        { username: user('auditor'), password: PASSWORD },
        { consoleHeader: false },
      );
      expect(signIn.status).toBe(403);
      const script = await post(central.url, ENROLMENT_PATHS.adminTokens, {}, bearer);
      expect(script.status).toBe(201);
    });

    it('refuses an action to an admin without its role, naming the role', async () => {
      const editor = await browser('catalog-editor');
      const code = (await submitted(central)).trackingCode;
      const refused = await editor.send('POST', submissionStatusPath(code), { status: 'accepted' });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        error: 'admin-role-required',
        message: 'this action needs the case-officer role',
      });
      const auditor = await browser('auditor');
      const token = await auditor.send('POST', ENROLMENT_PATHS.adminTokens, {});
      expect(token.status).toBe(403);
      expect(token.body.message).toBe('this action needs the fleet-operator role');
      const operator = await browser('fleet-operator');
      expect((await operator.send('POST', ENROLMENT_PATHS.adminTokens, {})).status).toBe(201);
      // The bearer token is no case officer either.
      const byScript = await call(central.url, 'POST', submissionStatusPath(code), {
        body: { status: 'accepted' },
        headers: bearer,
      });
      expect(byScript.status).toBe(403);
    });

    it('shows applicants masked to every role but the case officer', async () => {
      const { trackingCode, kioskId: kiosk } = await submitted(central);
      const auditor = await browser('auditor');
      const list = await auditor.get(`${ADMIN_PATHS.submissions}?kioskId=${kiosk}`);
      expect(list.status).toBe(200);
      const page = SubmissionPage.parse(list.body);
      expect(page.submissions.map((s) => s.trackingCode)).toEqual([trackingCode]);
      expect(page.submissions[0]!.applicant).toEqual({
        cardType: 'resident',
        name: '阳*梅',
        idNumber: '440106********0029',
      });
      expect(list.text).not.toContain(NAME);
      expect(list.text).not.toContain(ID_NUMBER);

      const masked = await auditor.get(submissionPath(trackingCode));
      expect(SubmissionDetail.parse(masked.body)).toMatchObject({ masked: true, form: null });
      expect(masked.text).not.toContain(NAME);
      expect(masked.text).not.toContain(ID_NUMBER);
      expect(masked.text).not.toContain('13800138000');

      const officer = await browser('case-officer');
      const full = await officer.get(submissionPath(trackingCode));
      const detail = SubmissionDetail.parse(full.body);
      expect(detail.masked).toBe(false);
      expect(detail.applicant).toMatchObject({ name: NAME, idNumber: ID_NUMBER });
      expect(detail.form).toMatchObject({ phone: '13800138000' });
      expect((await officer.get(submissionPath('AAAA-BBBB-CCCC'))).status).toBe(404);
    });

    it('pages the inbox newest first with a cursor and filters', async () => {
      const kiosk = await enrolTestKiosk(central, kioskId());
      const codes: string[] = [];
      for (let i = 0; i < 5; i++) {
        const s = submission(kiosk.kioskId, { itemCode: i % 2 ? 'ITEM-ODD' : 'ITEM-EVEN' });
        expect((await postAs(central.url, kiosk).submit(s)).status).toBe(201);
        codes.push(s.trackingCode);
      }
      const auditor = await browser('auditor');
      const seen: string[] = [];
      let next: string | null = null;
      do {
        const query = `kioskId=${kiosk.kioskId}&limit=2${next ? `&cursor=${next}` : ''}`;
        const page = SubmissionPage.parse(
          (await auditor.get(`${ADMIN_PATHS.submissions}?${query}`)).body,
        );
        seen.push(...page.submissions.map((s) => s.trackingCode));
        next = page.next;
      } while (next);
      expect(seen).toEqual([...codes].reverse());
      const odd = SubmissionPage.parse(
        (await auditor.get(`${ADMIN_PATHS.submissions}?kioskId=${kiosk.kioskId}&itemCode=ITEM-ODD`))
          .body,
      );
      expect(odd.submissions).toHaveLength(2);
      const bad = await auditor.get(`${ADMIN_PATHS.submissions}?status=lost`);
      expect(bad.status).toBe(400);
    });

    it('lets a case officer change a status, which the kiosk then pulls from its feed', async () => {
      const { trackingCode, kiosk } = await submitted(central);
      const officer = await browser('case-officer');
      const accepted = await officer.send('POST', submissionStatusPath(trackingCode), {
        status: 'accepted',
        note: '材料齐全',
      });
      expect(accepted.status).toBe(200);
      const detail = SubmissionDetail.parse(accepted.body);
      expect(detail.status).toBe('accepted');
      expect(detail.history.map((h) => [h.status, h.by, h.note])).toEqual([
        ['received', null, null],
        ['accepted', user('case-officer'), '材料齐全'],
      ]);
      expect(
        (await officer.send('POST', submissionStatusPath(trackingCode), { status: 'completed' }))
          .status,
      ).toBe(200);
      const late = await officer.send('POST', submissionStatusPath(trackingCode), {
        status: 'returned',
      });
      expect(late.status).toBe(409);
      expect(late.body.error).toBe('status-transition');

      const feedPath = `${CENTRAL_PATHS.statusFeed}?after=0`;
      const res = await fetch(central.url + feedPath, {
        headers: kiosk.sign({ method: 'GET', path: feedPath }),
      });
      expect(res.status).toBe(200);
      const feed = StatusFeedPage.parse(await res.json());
      expect(feed.events.map((e) => [e.trackingCode, e.status])).toEqual([
        [trackingCode, 'accepted'],
        [trackingCode, 'completed'],
      ]);
      // Another role sees the history without the officer's notes.
      const auditor = await browser('auditor');
      const seen = SubmissionDetail.parse((await auditor.get(submissionPath(trackingCode))).body);
      expect(seen.history.map((h) => h.note)).toEqual([null, null, null]);
    });

    it('keeps the kiosk’s status feed in order past ten changes (numeric, not textual, seq)', async () => {
      const kiosk = await enrolTestKiosk(central, kioskId());
      const officer = await browser('case-officer');
      const codes: string[] = [];
      for (let i = 0; i < 12; i++) {
        const body = submission(kiosk.kioskId);
        expect((await postAs(central.url, kiosk).submit(body)).status).toBe(201);
        const moved = await officer.send('POST', submissionStatusPath(body.trackingCode), {
          status: 'accepted',
        });
        expect(moved.status).toBe(200);
        codes.push(body.trackingCode);
      }
      const pulled: string[] = [];
      let cursor = '0';
      for (let more = true; more;) {
        const feedPath = `${CENTRAL_PATHS.statusFeed}?after=${cursor}&limit=5`;
        const res = await fetch(central.url + feedPath, {
          headers: kiosk.sign({ method: 'GET', path: feedPath }),
        });
        const page = StatusFeedPage.parse(await res.json());
        pulled.push(...page.events.map((e) => e.trackingCode));
        ({ cursor, more } = page);
      }
      expect(pulled).toEqual(codes);
    });

    it('counts transactions per item, kiosk and day, and 好差评 with the reasons for 差评', async () => {
      // A day of its own in the past, so rows of other tests (or runs) do not count.
      const day = new Date(Date.UTC(2021, 0, 1) + Math.floor(Math.random() * 3000) * 86_400_000);
      const ymd = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      const at = (dayOffset: number, hourCst: number) =>
        new Date(day.getTime() + dayOffset * 86_400_000 + (hourCst - 8) * 3600_000);
      const k1 = await enrolTestKiosk(central, kioskId());
      const k2 = await enrolTestKiosk(central, kioskId());
      const sent: {
        kiosk: TestKiosk;
        item: string;
        when: Date;
        level?: number;
        reasons?: string[];
      }[] = [
        {
          kiosk: k1,
          item: 'ITEM-A',
          when: at(0, 9),
          level: 1,
          reasons: ['等待时间长', '操作复杂'],
        },
        // 23:30 in Guangzhou is still the first day, though it is the next in neither UTC nor…
        { kiosk: k1, item: 'ITEM-A', when: at(0, 23.5), level: 2, reasons: ['等待时间长'] },
        { kiosk: k1, item: 'ITEM-A', when: at(1, 0.5), level: 5, reasons: [] },
        { kiosk: k2, item: 'ITEM-B', when: at(1, 10), level: 4, reasons: ['界面清楚'] },
        { kiosk: k2, item: 'ITEM-B', when: at(1, 11) },
      ];
      for (const s of sent) {
        const body = submission(s.kiosk.kioskId, {
          itemCode: s.item,
          submittedAt: s.when.toISOString(),
        });
        expect((await postAs(central.url, s.kiosk).submit(body)).status).toBe(201);
        if (s.level !== undefined) {
          const r = rating(s.kiosk.kioskId, body.trackingCode, {
            itemCode: s.item,
            level: s.level,
            reasons: s.reasons ?? [],
            ratedAt: new Date(s.when.getTime() + 60_000).toISOString(),
          });
          expect((await postAs(central.url, s.kiosk).rate(r)).status).toBe(201);
        }
      }
      const from = at(0, 0).toISOString();
      const to = at(2, 0).toISOString();
      const auditor = await browser('auditor');
      const answer = await auditor.get(
        `${ADMIN_PATHS.statistics}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      );
      expect(answer.status).toBe(200);
      const stats = Statistics.parse(answer.body);
      expect(stats.transactions.total).toBe(5);
      expect(stats.transactions.perItem).toEqual([
        { itemCode: 'ITEM-A', count: 3 },
        { itemCode: 'ITEM-B', count: 2 },
      ]);
      expect(stats.transactions.perKiosk).toEqual([
        { kioskId: k1.kioskId, count: 3 },
        { kioskId: k2.kioskId, count: 2 },
      ]);
      expect(stats.transactions.perDay).toEqual([
        { day: ymd(at(0, 12)), count: 2 },
        { day: ymd(at(1, 12)), count: 3 },
      ]);
      expect(stats.ratings.total).toBe(4);
      expect(stats.ratings.levels).toEqual([1, 1, 0, 1, 1]);
      expect(stats.ratings.perItem).toEqual([
        { itemCode: 'ITEM-A', levels: [1, 1, 0, 0, 1] },
        { itemCode: 'ITEM-B', levels: [0, 0, 0, 1, 0] },
      ]);
      expect(stats.ratings.badReasons).toEqual([
        { reason: '等待时间长', count: 2 },
        { reason: '操作复杂', count: 1 },
      ]);
      const backwards = await auditor.get(
        `${ADMIN_PATHS.statistics}?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
      );
      expect(backwards.status).toBe(400);
    });

    it('serves the catalog in force and any publication’s content to the editor', async () => {
      const editor = await browser('catalog-editor');
      const before = CurrentCatalog.parse((await editor.get(ADMIN_PATHS.catalogCurrent)).body);
      expect(Array.isArray(before.catalog.items)).toBe(true);
      const published = await editor.send('POST', PUBLISHING_PATHS.adminPublications, {
        catalog: before.catalog,
        target: { kind: 'all' },
      });
      expect(published.status).toBe(201);
      const version = published.body.version as number;
      expect(version).toBeGreaterThan(before.version);
      const now = CurrentCatalog.parse((await editor.get(ADMIN_PATHS.catalogCurrent)).body);
      expect(now).toMatchObject({ version, source: 'published' });
      expect(now.catalog.items).toEqual(before.catalog.items);
      const one = PublicationContent.parse((await editor.get(publicationPath(version))).body);
      expect(one.summary.version).toBe(version);
      expect(one.catalog.version).toBe(version);
      expect((await editor.get(publicationPath(999_999))).status).toBe(404);
    });

    it('changes the own password: the old one stops working, other sessions end', async () => {
      const name = `changer.${run}`;
      await central.admin.accounts.create({
        username: name,
        roles: ['auditor'],
        password: PASSWORD,
      });
      const a = new ConsoleBrowser(central.url);
      const b = new ConsoleBrowser(central.url);
      await a.signIn(name, PASSWORD);
      await b.signIn(name, PASSWORD);
      const short = await a.send('POST', ADMIN_PATHS.password, {
        currentPassword: PASSWORD,
        newPassword: 'short',
      });
      expect(short.status).toBe(400);
      const wrong = await a.send('POST', ADMIN_PATHS.password, {
        currentPassword: 'not my password!',
        newPassword: 'a new long password',
      });
      expect(wrong.status).toBe(401);
      const changed = await a.send('POST', ADMIN_PATHS.password, {
        currentPassword: PASSWORD,
        newPassword: 'a new long password',
      });
      expect(changed.status).toBe(204);
      expect((await a.get(ADMIN_PATHS.session)).status).toBe(200);
      expect((await b.get(ADMIN_PATHS.session)).status).toBe(401);
      expect((await new ConsoleBrowser(central.url).signIn(name, PASSWORD)).status).toBe(401);
      expect(
        (await new ConsoleBrowser(central.url).signIn(name, 'a new long password')).status,
      ).toBe(200);
    });

    it('counts wrong current passwords towards the lockout (a stolen session cannot guess on)', async () => {
      const name = `guessed.${run}`;
      await central.admin.accounts.create({
        username: name,
        roles: ['auditor'],
        password: PASSWORD,
      });
      const thief = new ConsoleBrowser(central.url);
      await thief.signIn(name, PASSWORD);
      for (let i = 0; i < 10; i++) {
        const guess = await thief.send('POST', ADMIN_PATHS.password, {
          currentPassword: `guess number ${i}!`,
          newPassword: 'a new long password',
        });
        expect(guess.status).toBe(401);
      }
      const locked = await thief.send('POST', ADMIN_PATHS.password, {
        currentPassword: PASSWORD,
        newPassword: 'a new long password',
      });
      expect(locked.status).toBe(429);
      expect(locked.body.error).toBe('admin-locked');
      expect((await new ConsoleBrowser(central.url).signIn(name, PASSWORD)).status).toBe(429);
    });

    it('writes every admin action to the audit log, refused ones included, without personal data', async () => {
      const officer = await browser('case-officer');
      const editor = await browser('catalog-editor');
      const { trackingCode } = await submitted(central);
      await new ConsoleBrowser(central.url).signIn(user('case-officer'), 'a wrong password!');
      await editor.send('POST', submissionStatusPath(trackingCode), { status: 'accepted' });
      await officer.send(
        'POST',
        submissionStatusPath(trackingCode),
        { status: 'accepted' },
        {
          consoleHeader: false,
        },
      );
      await officer.send('POST', submissionStatusPath(trackingCode), {
        status: 'returned',
        note: `申请人${NAME}材料不全`,
      });
      await officer.get(submissionPath(trackingCode));
      await post(central.url, ENROLMENT_PATHS.adminTokens, { kioskId: 'GZ-AUDIT-01' }, bearer);

      const auditor = await browser('auditor');
      const answer = await auditor.get(`${ADMIN_PATHS.audit}?limit=200`);
      expect(answer.status).toBe(200);
      const { entries } = AuditPage.parse(answer.body);
      const statusAction = `POST ${ADMIN_PATHS.submissionStatus}`;
      const find = (actor: string, action: string, status: number) =>
        entries.find((e) => e.actor === actor && e.action === action && e.status === status);
      expect(find('anonymous', `POST ${ADMIN_PATHS.session}`, 401)?.detail).toBe(
        `sign-in refused for ${user('case-officer')} (sign-in-failed)`,
      );
      expect(find(user('case-officer'), `POST ${ADMIN_PATHS.session}`, 200)?.detail).toBe(
        'signed in',
      );
      expect(find(user('catalog-editor'), statusAction, 403)?.target).toEqual({ trackingCode });
      expect(find(user('case-officer'), statusAction, 403)).toBeDefined(); // no console header
      const done = find(user('case-officer'), statusAction, 200)!;
      expect(done).toMatchObject({ target: { trackingCode }, detail: 'status returned' });
      expect(done.ip).toMatch(/127\.0\.0\.1/);
      expect(find(user('case-officer'), `GET ${ADMIN_PATHS.submission}`, 200)?.detail).toBe(
        'viewed unmasked applicant',
      );
      expect(find('admin-token', `POST ${ENROLMENT_PATHS.adminTokens}`, 201)?.detail).toBe(
        'token for GZ-AUDIT-01',
      );
      const published = find(
        user('catalog-editor'),
        `POST ${PUBLISHING_PATHS.adminPublications}`,
        201,
      );
      expect(published?.detail).toMatch(/^published version \d+ to all$/);
      // Reads other than unmasked personal data are not actions.
      expect(entries.some((e) => e.action === `GET ${ADMIN_PATHS.audit}`)).toBe(false);
      expect(answer.text).not.toContain(NAME);
      expect(answer.text).not.toContain(ID_NUMBER);
      expect(answer.text).not.toContain(PASSWORD);
      expect(answer.text).not.toContain('a wrong password');

      const refused = AuditPage.parse(
        (await auditor.get(`${ADMIN_PATHS.audit}?outcome=refused&actor=${user('catalog-editor')}`))
          .body,
      );
      expect(refused.entries.length).toBeGreaterThan(0);
      expect(refused.entries.every((e) => e.status >= 400)).toBe(true);
      const paged = AuditPage.parse((await auditor.get(`${ADMIN_PATHS.audit}?limit=2`)).body);
      expect(paged.entries).toHaveLength(2);
      const second = AuditPage.parse(
        (await auditor.get(`${ADMIN_PATHS.audit}?limit=2&cursor=${paged.next}`)).body,
      );
      expect(BigInt(second.entries[0]!.seq)).toBeLessThan(BigInt(paged.entries[1]!.seq));

      const verified = AuditVerification.parse(
        (await auditor.get(ADMIN_PATHS.auditVerification)).body,
      );
      expect(verified).toMatchObject({ ok: true, brokenAt: null });
      expect(verified.checked).toBeGreaterThanOrEqual(entries.length);
    });

    it('limits sign-in and open routes per address with a 429 and Retry-After', async () => {
      const limited = await startCentral({
        port: 0,
        db,
        ipRateLimits: {
          signIn: { max: 3, windowMs: MINUTE },
          open: { max: 2, windowMs: MINUTE },
          admin: { max: 2, windowMs: MINUTE },
          exemptLoopback: false,
        },
        log: () => {},
      });
      try {
        const b = new ConsoleBrowser(limited.url);
        for (let i = 0; i < 3; i++)
          expect((await b.signIn(`x${i}.${run}`, 'nope')).status).toBe(401);
        const tooMany = await b.signIn(user('auditor'), PASSWORD);
        expect(tooMany.status).toBe(429);
        expect(tooMany.body.error).toBe('too-many-requests');
        expect(Number(tooMany.headers.get('retry-after'))).toBeGreaterThan(0);
        // One real enrolment and one bad one spend the address's two; the third is refused.
        const kiosk = await enrolTestKiosk(limited, kioskId());
        const enrol = () =>
          post(limited.url, ENROLMENT_PATHS.enrol, { token: 'x'.repeat(43), kioskId: 'GZ-X-1' });
        expect((await enrol()).status).toBe(400);
        const third = await enrol();
        expect(third.status).toBe(429);
        expect(third.body.error).toBe('too-many-requests');
        expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
        // Anonymous changes under the admin API: audited until the address limit turns them
        // away, and those turned away are not audited (no flooding the log).
        const tokenRequests = async () =>
          (await limited.admin.audit.list({}, 500)).entries.filter(
            (e) => e.action === `POST ${ENROLMENT_PATHS.adminTokens}`,
          ).length;
        const before = await tokenRequests();
        const anonymous = () =>
          post(limited.url, ENROLMENT_PATHS.adminTokens, {}, { [CONSOLE_HEADER]: '1' });
        expect((await anonymous()).status).toBe(401);
        expect((await anonymous()).status).toBe(401);
        const flooded = await anonymous();
        expect(flooded.status).toBe(429);
        expect(flooded.body.error).toBe('too-many-requests');
        expect((await tokenRequests()) - before).toBe(2);
        // Signed kiosk routes keep their own per-kiosk bucket, not this one.
        expect((await postAs(limited.url, kiosk).submit(submission(kiosk.kioskId))).status).toBe(
          201,
        );
      } finally {
        await limited.close();
      }
    });
  });
}

async function submitted(central: CentralPlatform) {
  const kiosk = await enrolTestKiosk(central, kioskId());
  const body = submission(kiosk.kioskId);
  const answer = await postAs(central.url, kiosk).submit(body);
  if (answer.status !== 201) throw new Error(`submission refused: ${answer.status}`);
  return { trackingCode: body.trackingCode, kioskId: kiosk.kioskId, kiosk };
}
