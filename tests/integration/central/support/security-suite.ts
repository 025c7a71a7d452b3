// Kiosk enrolment and signed requests, end to end over real HTTP against one database backend
// (security.*.test.ts): what is accepted, and that every refusal is a 4xx that stores nothing.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, CENTRAL_PATHS } from '../../../../contract/central-api.ts';
import {
  ENROLMENT_PATHS,
  EnrolmentAnswer,
  EnrolmentTokenAnswer,
  KioskRecord,
} from '../../../../contract/enrolment-api.ts';
import { startCentral, type CentralPlatform } from '../../../../central/index.ts';
import {
  createRequestSigner,
  enrolKiosk,
  kioskPublicKey,
} from '../../../../offline-cache/request-signing.ts';
import type { Backend } from './backends.ts';
import { ID_NUMBER, NAME, kioskId, submission } from './fixtures.ts';
import { post, postAs, signedPost } from './http.ts';
import { enrolTestKiosk, type TestKiosk } from './signed-kiosk.ts';

const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const HOUR = 3600_000;

export function defineSecuritySuite(backend: Backend): void {
  describe.skipIf(backend.unavailable !== null)(`kiosk security on ${backend.name}`, () => {
    let central: CentralPlatform;
    const logLines: string[] = [];
    // The centre's clock, which the tests move; kiosks sign with the real one.
    let offset = 0;

    beforeAll(async () => {
      central = await startCentral({
        port: 0,
        db: await backend.start(),
        adminToken: ADMIN_TOKEN,
        rateLimit: { burst: 5, perSecond: 0.001 },
        now: () => new Date(Date.now() + offset),
        log: (level, event, fields) => logLines.push(JSON.stringify({ level, event, ...fields })),
      });
    }, 60_000);
    afterAll(async () => {
      await central?.close();
      await backend.stop();
    });

    const stored = (trackingCode: string) => central.services.submissions.count({ trackingCode });
    const newKey = () => generateKeyPairSync('ed25519').privateKey;
    const enrol = (body: Record<string, unknown>) => post(central.url, ENROLMENT_PATHS.enrol, body);

    it('issues enrolment tokens to the admin only', async () => {
      const none = await post(central.url, ENROLMENT_PATHS.adminTokens, {});
      expect(none.status).toBe(401);
      const wrong = await post(
        central.url,
        ENROLMENT_PATHS.adminTokens,
        {},
        {
          authorization: 'Bearer not-the-admin-token-at-all-no',
        },
      );
      expect(wrong.status).toBe(401);
      const issued = await post(
        central.url,
        ENROLMENT_PATHS.adminTokens,
        { kioskId: 'GZ-TK-0001' },
        admin,
      );
      expect(issued.status).toBe(201);
      const answer = EnrolmentTokenAnswer.parse(issued.body);
      expect(answer.kioskId).toBe('GZ-TK-0001');
      expect(Date.parse(answer.expiresAt) - Date.now()).toBeGreaterThan(71 * HOUR);
    });

    it('enrols once with a valid token; the same enrolment again is confirmed, not repeated', async () => {
      const id = kioskId();
      const key = newKey();
      const { token } = await central.services.enrolment.createToken({ kioskId: id });
      const body = { token, kioskId: id, district: '越秀区', publicKey: kioskPublicKey(key) };
      const first = await enrol(body);
      expect(first.status).toBe(201);
      expect(EnrolmentAnswer.parse(first.body)).toMatchObject({ kioskId: id, replayed: false });
      const again = await enrol(body);
      expect(again.status).toBe(200);
      expect(EnrolmentAnswer.parse(again.body)).toMatchObject({ replayed: true });
      expect(await central.services.enrolment.get(id)).toMatchObject({
        publicKey: kioskPublicKey(key),
        district: '越秀区',
        revokedAt: null,
      });
      // The kiosk can ask the centre how it is enrolled, signing the question.
      const sign = createRequestSigner({ kioskId: id, privateKey: key });
      const self = await fetch(central.url + ENROLMENT_PATHS.self, {
        headers: sign({ method: 'GET', path: ENROLMENT_PATHS.self }),
      });
      expect(self.status).toBe(200);
      expect(KioskRecord.parse(await self.json()).kioskId).toBe(id);
    });

    it('refuses a used, an unknown and an expired token', async () => {
      const id = kioskId();
      const { token } = await central.services.enrolment.createToken({ kioskId: id });
      const publicKey = kioskPublicKey(newKey());
      expect((await enrol({ token, kioskId: id, district: '天河区', publicKey })).status).toBe(201);
      const reused = await enrol({
        token,
        kioskId: id,
        district: '天河区',
        publicKey: kioskPublicKey(newKey()),
      });
      expect(reused.status).toBe(401);
      expect(ApiError.parse(reused.body).error).toBe('enrolment-token-used');

      const unknown = await enrol({
        token: 'A'.repeat(43),
        kioskId: kioskId(),
        district: '天河区',
        publicKey,
      });
      expect(unknown.status).toBe(401);
      expect(ApiError.parse(unknown.body).error).toBe('enrolment-token-invalid');

      const late = kioskId();
      const short = await central.services.enrolment.createToken({ validForHours: 1 });
      offset = 2 * HOUR;
      try {
        const expired = await enrol({
          token: short.token,
          kioskId: late,
          district: '天河区',
          publicKey,
        });
        expect(expired.status).toBe(401);
        expect(ApiError.parse(expired.body).error).toBe('enrolment-token-expired');
      } finally {
        offset = 0;
      }
      expect(await central.services.enrolment.get(late)).toBeNull();
    });

    it('keeps a bound token for its kiosk, and takes over a known kiosk only with one', async () => {
      const id = kioskId();
      const bound = await central.services.enrolment.createToken({
        kioskId: id,
        district: '海珠区',
      });
      const key = kioskPublicKey(newKey());
      const other = await enrol({
        token: bound.token,
        kioskId: kioskId(),
        district: '海珠区',
        publicKey: key,
      });
      expect(other.status).toBe(403);
      expect(ApiError.parse(other.body).error).toBe('enrolment-token-kiosk-mismatch');
      const district = await enrol({
        token: bound.token,
        kioskId: id,
        district: '天河区',
        publicKey: key,
      });
      expect(ApiError.parse(district.body).error).toBe('enrolment-token-district-mismatch');
      // Refused attempts did not spend it.
      expect(
        (await enrol({ token: bound.token, kioskId: id, district: '海珠区', publicKey: key }))
          .status,
      ).toBe(201);

      // An unbound token cannot replace the key of a kiosk that is already enrolled …
      const loose = await central.services.enrolment.createToken();
      const hijack = await enrol({
        token: loose.token,
        kioskId: id,
        district: '海珠区',
        publicKey: kioskPublicKey(newKey()),
      });
      expect(hijack.status).toBe(409);
      expect(ApiError.parse(hijack.body).error).toBe('kiosk-already-enrolled');
      expect((await central.services.enrolment.get(id))?.publicKey).toBe(key);

      // … a token issued for it can (a reinstalled kiosk), and the old key stops working.
      const reinstall = await enrolTestKiosk(central, id, '海珠区');
      expect((await central.services.enrolment.get(id))?.publicKey).toBe(
        kioskPublicKey(reinstall.privateKey),
      );
    });

    it('refuses a malformed enrolment with 400', async () => {
      const { token } = await central.services.enrolment.createToken();
      const bad = await enrol({ token, kioskId: 'has space', district: '天河区', publicKey: 'x' });
      expect(bad.status).toBe(400);
      const garbled = await post(central.url, ENROLMENT_PATHS.enrol, '{"token":');
      expect(garbled.status).toBe(400);
    });

    it('accepts a signed submission from an enrolled kiosk', async () => {
      const kiosk = await enrolTestKiosk(central, kioskId());
      const req = submission(kiosk.kioskId);
      const answer = await postAs(central.url, kiosk).submit(req);
      expect(answer.status).toBe(201);
      expect(await stored(req.trackingCode)).toBe(1);
    });

    describe('refuses with 4xx and stores nothing', () => {
      let kiosk: TestKiosk;
      beforeAll(async () => {
        kiosk = await enrolTestKiosk(central, kioskId());
      });

      it('an unsigned request', async () => {
        const req = submission(kiosk.kioskId);
        const answer = await post(central.url, CENTRAL_PATHS.submissions, req, {
          'x-kiosk-id': kiosk.kioskId,
        });
        expect(answer.status).toBe(401);
        expect(ApiError.parse(answer.body).error).toBe('signature-missing');
        expect(await stored(req.trackingCode)).toBe(0);
      });

      it('a request signed with another key', async () => {
        const forger = createRequestSigner({ kioskId: kiosk.kioskId, privateKey: newKey() });
        const req = submission(kiosk.kioskId);
        const answer = await signedPost(central.url, CENTRAL_PATHS.submissions, req, {
          ...kiosk,
          sign: forger,
        });
        expect(answer.status).toBe(401);
        expect(ApiError.parse(answer.body).error).toBe('signature-invalid');
        expect(await stored(req.trackingCode)).toBe(0);
      });

      it('a body changed after signing', async () => {
        const req = submission(kiosk.kioskId);
        const text = JSON.stringify(req);
        const headers = kiosk.sign({ method: 'POST', path: CENTRAL_PATHS.submissions, body: text });
        const altered = text.replace('"catalogVersion":1', '"catalogVersion":2');
        expect(altered).not.toBe(text);
        const answer = await post(central.url, CENTRAL_PATHS.submissions, altered, headers);
        expect(answer.status).toBe(401);
        expect(ApiError.parse(answer.body).error).toBe('signature-invalid');
        expect(await stored(req.trackingCode)).toBe(0);
      });

      it('a stale timestamp', async () => {
        const stale = createRequestSigner({
          kioskId: kiosk.kioskId,
          privateKey: kiosk.privateKey,
          now: () => Date.now() - 6 * 60_000,
        });
        const req = submission(kiosk.kioskId);
        const answer = await signedPost(central.url, CENTRAL_PATHS.submissions, req, {
          ...kiosk,
          sign: stale,
        });
        expect(answer.status).toBe(401);
        expect(ApiError.parse(answer.body).error).toBe('timestamp-out-of-window');
        expect(await stored(req.trackingCode)).toBe(0);
      });

      it('a replayed request (same nonce), even after the first was stored', async () => {
        const req = submission(kiosk.kioskId);
        const text = JSON.stringify(req);
        const headers = kiosk.sign({ method: 'POST', path: CENTRAL_PATHS.submissions, body: text });
        const first = await post(central.url, CENTRAL_PATHS.submissions, text, headers);
        expect(first.status).toBe(201);
        const replay = await post(central.url, CENTRAL_PATHS.submissions, text, headers);
        expect(replay.status).toBe(401);
        expect(ApiError.parse(replay.body).error).toBe('nonce-replayed');
        expect(await stored(req.trackingCode)).toBe(1);
      });

      it('a kiosk that is not enrolled', async () => {
        const stranger = createRequestSigner({ kioskId: kioskId(), privateKey: newKey() });
        const req = submission('GZ-NOBODY-01');
        const answer = await post(
          central.url,
          CENTRAL_PATHS.submissions,
          req,
          stranger({
            method: 'POST',
            path: CENTRAL_PATHS.submissions,
            body: JSON.stringify(req),
          }),
        );
        expect(answer.status).toBe(401);
        expect(ApiError.parse(answer.body).error).toBe('kiosk-not-enrolled');
      });

      it('a revoked kiosk, from the next request on', async () => {
        const victim = await enrolTestKiosk(central, kioskId());
        expect((await postAs(central.url, victim).submit(submission(victim.kioskId))).status).toBe(
          201,
        );
        const revoke = await post(
          central.url,
          ENROLMENT_PATHS.adminRevoke.replace(':kioskId', victim.kioskId),
          {},
          admin,
        );
        expect(revoke.status).toBe(200);
        expect(KioskRecord.parse(revoke.body).revokedAt).not.toBeNull();
        const req = submission(victim.kioskId);
        const answer = await postAs(central.url, victim).submit(req);
        expect(answer.status).toBe(403);
        expect(ApiError.parse(answer.body).error).toBe('kiosk-revoked');
        expect(await stored(req.trackingCode)).toBe(0);
        const unknown = await post(
          central.url,
          ENROLMENT_PATHS.adminRevoke.replace(':kioskId', 'GZ-NONE'),
          {},
          admin,
        );
        expect(unknown.status).toBe(404);
      });

      it('more requests than the kiosk may send: 429 with Retry-After', async () => {
        const busy = await enrolTestKiosk(central, kioskId());
        const answers = [];
        for (let i = 0; i < 6; i++) {
          answers.push(await postAs(central.url, busy).submit(submission(busy.kioskId)));
        }
        expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 429]);
        const limited = answers[5]!;
        expect(ApiError.parse(limited.body).error).toBe('rate-limited');
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await central.services.submissions.count({ kioskId: busy.kioskId })).toBe(5);
        // Other kiosks are not affected.
        expect((await postAs(central.url, kiosk).submit(submission(kiosk.kioskId))).status).toBe(
          201,
        );
      });
    });

    it('the kiosk enrols and signs through its own client code', async () => {
      const id = kioskId();
      const key = newKey();
      const { token } = await central.services.enrolment.createToken({ kioskId: id });
      const answer = await enrolKiosk({
        centralUrl: central.url,
        token,
        kioskId: id,
        district: '天河区',
        privateKey: key,
      });
      expect(answer).toMatchObject({ kioskId: id, replayed: false });
      await expect(
        enrolKiosk({
          centralUrl: central.url,
          token,
          kioskId: id,
          district: '天河区',
          privateKey: newKey(),
        }),
      ).rejects.toMatchObject({
        name: 'EnrolmentError',
        code: 'enrolment-token-used',
        status: 401,
        retryable: false,
      });
    });

    it('logged refusals without personal data', () => {
      const log = logLines.join('\n');
      expect(log).toContain('"status":401');
      expect(log).toContain('"status":403');
      expect(log).toContain('"status":429');
      expect(log).toContain('"event":"kiosk.enrolment-refused"');
      expect(log).not.toContain(NAME);
      expect(log).not.toContain(ID_NUMBER);
      expect(log).not.toContain(ADMIN_TOKEN);
      expect(logLines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
    });
  });
}
