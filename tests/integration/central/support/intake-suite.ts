// The intake contract, end to end over real HTTP, against one database backend. The same suite
// runs on embedded PGlite and on real PostgreSQL (intake.*.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../../catalog/load-bundled-catalog.ts';
import {
  ApiError,
  CENTRAL_PATHS,
  RatingAck,
  SubmissionAck,
} from '../../../../contract/central-api.ts';
import { startCentral, type CentralPlatform } from '../../../../central/index.ts';
import type { Backend } from './backends.ts';
import { ID_NUMBER, NAME, kioskId, rating, submission } from './fixtures.ts';
import { post, postAndHangUp, postAs, signedPost } from './http.ts';
import { kioskPool } from './signed-kiosk.ts';

export function defineIntakeSuite(backend: Backend): void {
  describe.skipIf(backend.unavailable !== null)(`central intake on ${backend.name}`, () => {
    let central: CentralPlatform;
    const logLines: string[] = [];
    const kiosk = kioskId();
    const enrolled = kioskPool(() => central);
    const as = () => postAs(central.url, enrolled(kiosk));

    beforeAll(async () => {
      const db = await backend.start();
      central = await startCentral({
        port: 0,
        db,
        log: (level, event, fields) => logLines.push(JSON.stringify({ level, event, ...fields })),
        // This suite is about intake; the rate limit has its own tests (security-suite.ts).
        rateLimit: { burst: 1000, perSecond: 1000 },
      });
    }, 60_000);
    afterAll(async () => {
      await central?.close();
      await backend.stop();
    });

    it('answers health and serves the bundled catalog', async () => {
      const health = await fetch(central.url + CENTRAL_PATHS.health);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });

      const res = await fetch(central.url + CENTRAL_PATHS.catalog);
      expect(res.status).toBe(200);
      const bundled = loadBundledCatalog();
      expect(await res.json()).toEqual(JSON.parse(JSON.stringify(bundled)));
      const again = await fetch(central.url + CENTRAL_PATHS.catalog, {
        headers: { 'if-none-match': res.headers.get('etag')! },
      });
      expect(again.status).toBe(304);
    });

    it('records a submission once: 201 first, then 200 with the stored answer replayed', async () => {
      const req = submission(kiosk);
      const first = await as().submit(req);
      expect(first.status).toBe(201);
      const ack = SubmissionAck.parse(first.body);
      expect(ack).toMatchObject({
        trackingCode: req.trackingCode,
        status: 'received',
        replayed: false,
      });
      expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(1);

      const repeat = await as().submit(req);
      expect(repeat.status).toBe(200);
      expect(SubmissionAck.parse(repeat.body)).toEqual({ ...ack, replayed: true });
      expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(1);

      // The system of record holds the applicant as received.
      const stored = await central.services.submissions.get(req.trackingCode);
      expect(stored).toMatchObject({
        idempotencyKey: req.idempotencyKey,
        kioskId: kiosk,
        itemCode: req.itemCode,
        applicant: req.applicant,
        form: req.form,
        status: 'received',
        receivedAt: ack.receivedAt,
      });
      expect(new Date(stored!.submittedAt).getTime()).toBe(new Date(req.submittedAt).getTime());
    });

    it('replays the stored answer when the first response was lost after the commit', async () => {
      const req = submission(kiosk);
      const isStored = async () =>
        (await central.services.submissions.count({ trackingCode: req.trackingCode })) === 1;
      await postAndHangUp(
        central.url,
        CENTRAL_PATHS.submissions,
        req,
        await enrolled(kiosk),
        isStored,
      );
      const committed = await isStored();
      expect(committed).toBe(true);
      const retry = await as().submit(req);
      expect(retry.status).toBe(200);
      const stored = await central.services.submissions.get(req.trackingCode);
      expect(retry.body).toEqual({ ...stored!.ack, replayed: true });
      expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(1);
    });

    it('keeps one record when ten copies of a submission arrive at once', async () => {
      const req = submission(kiosk);
      const answers = await Promise.all(Array.from({ length: 10 }, () => as().submit(req)));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      const acks = answers.map((a) => SubmissionAck.parse(a.body));
      expect(new Set(acks.map((a) => a.receivedAt)).size).toBe(1);
      expect(acks.filter((a) => !a.replayed)).toHaveLength(1);
      expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(1);
    });

    it('gives a tracking code to one submission only, also under concurrent different keys', async () => {
      const req = submission(kiosk);
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          as().submit(submission(kiosk, { trackingCode: req.trackingCode })),
        ),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      const refused = answers.filter((a) => a.status !== 201);
      expect(refused.map((a) => a.status)).toEqual(Array(9).fill(409));
      for (const a of refused) expect(ApiError.parse(a.body).error).toBe('tracking-code-taken');
      expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(1);
    });

    it('refuses a key reused for another submission', async () => {
      const first = submission(kiosk);
      expect((await as().submit(first)).status).toBe(201);
      const reuse = await as().submit(submission(kiosk, { idempotencyKey: first.idempotencyKey }));
      expect(reuse.status).toBe(409);
      expect(ApiError.parse(reuse.body).error).toBe('idempotency-key-reused');
      // Another kiosk replaying this kiosk's key learns nothing either.
      const stranger = await postAs(central.url, enrolled(kioskId())).submit({
        ...first,
        kioskId: 'GZ-OTHER-0001',
      });
      expect(stranger.status).toBe(403);
    });

    it('refuses invalid input with 400 and stores nothing', async () => {
      const req = submission(kiosk);
      const broken = { ...req, applicant: { ...req.applicant, idNumber: '1' }, catalogVersion: 0 };
      const answer = await as().submit(broken);
      expect(answer.status).toBe(400);
      const error = ApiError.parse(answer.body);
      expect(error.error).toBe('invalid-request');
      expect(error.message).toContain('applicant.idNumber');
      expect(error.message).toContain('catalogVersion');
      expect(JSON.stringify(error)).not.toContain(NAME);

      const { applicant: _dropped, ...missing } = req;
      expect((await as().submit(missing)).status).toBe(400);

      const garbled = await as().submit(`{"name":"${NAME}","idNumber":"${ID_NUMBER}"`);
      expect(garbled.status).toBe(400);
      expect(ApiError.parse(garbled.body).error).toBe('invalid-json');
      expect(JSON.stringify(garbled.body)).not.toContain(NAME);

      const text = await signedPost(
        central.url,
        CENTRAL_PATHS.submissions,
        req,
        await enrolled(kiosk),
        {
          'content-type': 'text/plain',
        },
      );
      expect(text.status).toBe(415);
      ApiError.parse(text.body);

      expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(0);
    });

    it('refuses a body over 1 MiB with 413 and stores nothing', async () => {
      const form: Record<string, string> = {};
      for (let i = 0; i < 600; i++) form[`f${i}`] = 'x'.repeat(2000);
      const req = submission(kiosk, { form });
      const answer = await as().submit(req);
      expect(answer.status).toBe(413);
      expect(ApiError.parse(answer.body).error).toBe('payload-too-large');
      expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(0);
    });

    it('requires the kiosk to name itself, and to be the kiosk the request names', async () => {
      const req = submission(kiosk);
      const anonymous = await post(central.url, CENTRAL_PATHS.submissions, req);
      expect(anonymous.status).toBe(401);
      expect(ApiError.parse(anonymous.body).error).toBe('signature-missing');
      const impostor = await postAs(central.url, enrolled('GZ-OTHER-0001')).submit(req);
      expect(impostor.status).toBe(403);
      expect(ApiError.parse(impostor.body).error).toBe('kiosk-mismatch');
      expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(0);
    });

    it('records a rating once per key and one rating per transaction', async () => {
      const sub = submission(kiosk);
      await as().submit(sub);
      const req = rating(kiosk, sub.trackingCode);
      const first = await as().rate(req);
      expect(first.status).toBe(201);
      expect(RatingAck.parse(first.body)).toEqual({
        trackingCode: sub.trackingCode,
        replayed: false,
      });
      const again = await as().rate(req);
      expect(again.status).toBe(200);
      expect(RatingAck.parse(again.body)).toEqual({
        trackingCode: sub.trackingCode,
        replayed: true,
      });
      const other = await as().rate(rating(kiosk, sub.trackingCode, { level: 5 }));
      expect(other.status).toBe(409);
      expect(ApiError.parse(other.body).error).toBe('already-rated');
      const invalid = await as().rate({ ...rating(kiosk, sub.trackingCode), level: 9 });
      expect(invalid.status).toBe(400);
      expect(await central.services.ratings.count({ trackingCode: sub.trackingCode })).toBe(1);
      expect(await central.services.ratings.count({ kioskId: kiosk, level: 2 })).toBe(1);
    });

    it('answers an unknown route with a JSON 404', async () => {
      const res = await fetch(`${central.url}/api/v1/nothing-here?x=1`);
      expect(res.status).toBe(404);
      expect(ApiError.parse(await res.json()).error).toBe('not-found');
    });

    it('moves a submission through its statuses and keeps the replayed answer as first given', async () => {
      const req = submission(kiosk);
      const first = await as().submit(req);
      const { submissions } = central.services;
      expect((await submissions.setStatus(req.trackingCode, 'accepted'))?.status).toBe('accepted');
      expect((await submissions.setStatus(req.trackingCode, 'completed'))?.status).toBe(
        'completed',
      );
      await expect(submissions.setStatus(req.trackingCode, 'received')).rejects.toThrow(
        'cannot become',
      );
      expect(await submissions.setStatus('ZZZZ-ZZZZ-ZZZZ', 'accepted')).toBeNull();
      expect(await submissions.count({ kioskId: kiosk, status: 'completed' })).toBe(1);
      const repeat = await as().submit(req);
      expect(repeat.body).toEqual({ ...first.body, replayed: true });
    });

    it('counts per kiosk', async () => {
      const other = kioskId();
      for (let i = 0; i < 3; i++) {
        await postAs(central.url, enrolled(other)).submit(submission(other));
      }
      expect(await central.services.submissions.count({ kioskId: other })).toBe(3);
    });

    it('logged every request without personal data', () => {
      const log = logLines.join('\n');
      expect(log).toContain('"event":"http.request"');
      expect(log).toMatch(/"trackingCode":"[A-Z0-9]{4}-/);
      expect(log).toContain('"status":413');
      expect(log).not.toContain(NAME);
      expect(log).not.toContain(ID_NUMBER);
      expect(log).not.toContain('13800138000');
      expect(log).not.toContain('?x=1');
      expect(logLines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
    });
  });
}
