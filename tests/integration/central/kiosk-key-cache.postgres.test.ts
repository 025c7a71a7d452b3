// Two central processes over one PostgreSQL database, as a deployment behind a load balancer runs
// them: each keeps the keys of kiosks it has seen (http/signed-requests.ts), yet a revocation or a
// new key made through the other holds from the very next request, and replays stay refused.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, CENTRAL_PATHS } from '../../../contract/central-api.ts';
import { ENROLMENT_PATHS } from '../../../contract/enrolment-api.ts';
import { startCentral, type CentralPlatform } from '../../../central/index.ts';
import { createRequestSigner, enrolKiosk } from '../../../offline-cache/request-signing.ts';
import { postgresBackend } from './support/backends.ts';
import { kioskId, submission } from './support/fixtures.ts';
import { bodyText, post, signedPost } from './support/http.ts';
import { enrolTestKiosk, type TestKiosk } from './support/signed-kiosk.ts';

const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const backend = postgresBackend();

describe.skipIf(backend.unavailable !== null)('kiosk keys cached by two centres', () => {
  let a: CentralPlatform;
  let b: CentralPlatform;

  beforeAll(async () => {
    const db = await backend.start();
    const options = { port: 0, db, adminToken: ADMIN_TOKEN, log: () => {} };
    a = await startCentral(options);
    b = await startCentral(options);
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await backend.stop();
  });

  const submit = (central: CentralPlatform, kiosk: TestKiosk) =>
    signedPost(central.url, CENTRAL_PATHS.submissions, submission(kiosk.kioskId), kiosk);
  const stored = (trackingCode: string) => a.services.submissions.count({ trackingCode });

  it('refuses a kiosk revoked through the other centre at its next request', async () => {
    const kiosk = await enrolTestKiosk(a, kioskId());
    // Centre a now holds the kiosk's key.
    expect((await submit(a, kiosk)).status).toBe(201);
    const revoked = await post(
      b.url,
      ENROLMENT_PATHS.adminRevoke.replace(':kioskId', kiosk.kioskId),
      {},
      admin,
    );
    expect(revoked.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const req = submission(kiosk.kioskId);
      const answer = await signedPost(a.url, CENTRAL_PATHS.submissions, req, kiosk);
      expect(answer.status).toBe(403);
      expect(ApiError.parse(answer.body).error).toBe('kiosk-revoked');
      expect(await stored(req.trackingCode)).toBe(0);
    }
  });

  it('takes the new key of a kiosk enrolled again through the other centre, and not the old one', async () => {
    const kiosk = await enrolTestKiosk(a, kioskId());
    expect((await submit(a, kiosk)).status).toBe(201);
    const privateKey = generateKeyPairSync('ed25519').privateKey;
    const { token } = await b.services.enrolment.createToken({ kioskId: kiosk.kioskId });
    await enrolKiosk({
      centralUrl: b.url,
      token,
      kioskId: kiosk.kioskId,
      district: kiosk.district,
      privateKey,
    });
    const reinstalled = {
      ...kiosk,
      privateKey,
      sign: createRequestSigner({ ...kiosk, privateKey }),
    };
    expect((await submit(a, reinstalled)).status).toBe(201);
    const req = submission(kiosk.kioskId);
    const old = await signedPost(a.url, CENTRAL_PATHS.submissions, req, kiosk);
    expect(old.status).toBe(401);
    expect(ApiError.parse(old.body).error).toBe('signature-invalid');
    expect(await stored(req.trackingCode)).toBe(0);
  });

  it('refuses a replay at either centre while the key is cached', async () => {
    const kiosk = await enrolTestKiosk(a, kioskId());
    expect((await submit(a, kiosk)).status).toBe(201);
    const req = submission(kiosk.kioskId);
    const text = bodyText(req);
    const headers = kiosk.sign({ method: 'POST', path: CENTRAL_PATHS.submissions, body: text });
    expect((await post(a.url, CENTRAL_PATHS.submissions, text, headers)).status).toBe(201);
    for (const central of [a, b]) {
      const replay = await post(central.url, CENTRAL_PATHS.submissions, text, headers);
      expect(replay.status).toBe(401);
      expect(ApiError.parse(replay.body).error).toBe('nonce-replayed');
    }
  });
});
