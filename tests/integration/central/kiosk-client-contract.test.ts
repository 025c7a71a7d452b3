// The kiosk's own sync client (offline-cache/) against this server: both sides of
// contract/central-api.ts agree on paths, headers, signatures, status codes and answers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCentral, type CentralPlatform } from '../../../central/index.ts';
import { CentralClient, DeliveryError } from '../../../offline-cache/central-client.ts';
import { kioskId, rating, submission } from './support/fixtures.ts';
import { enrolTestKiosk } from './support/signed-kiosk.ts';

let central: CentralPlatform;
const kiosk = kioskId();
let client: CentralClient;

beforeAll(async () => {
  central = await startCentral({ port: 0, db: 'pglite:memory' });
  const { sign } = await enrolTestKiosk(central, kiosk);
  client = new CentralClient({ baseUrl: central.url, kioskId: kiosk, timeoutMs: 5000, sign });
}, 60_000);
afterAll(() => central?.close());

it('is healthy to the kiosk', async () => {
  expect(await client.health()).toBe(true);
});

it('acknowledges a submission and a retry of it, recording one', async () => {
  const req = submission(kiosk);
  const first = await client.submit(req);
  expect(first).toMatchObject({
    trackingCode: req.trackingCode,
    status: 'received',
    replayed: false,
  });
  expect(await client.submit(req)).toEqual({ ...first, replayed: true });
  expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(1);

  const rate = rating(kiosk, req.trackingCode);
  expect(await client.rate(rate)).toEqual({ trackingCode: req.trackingCode, replayed: false });
  expect(await client.rate(rate)).toEqual({ trackingCode: req.trackingCode, replayed: true });
  expect(await central.services.ratings.count({ trackingCode: req.trackingCode })).toBe(1);
});

it('gives the client a permanent error for a taken tracking code', async () => {
  const req = submission(kiosk);
  await client.submit(req);
  const clash = client.submit(submission(kiosk, { trackingCode: req.trackingCode }));
  await expect(clash).rejects.toBeInstanceOf(DeliveryError);
  await expect(clash).rejects.toMatchObject({ status: 409, retryable: false });
});

it('is refused (401, retryable: halts the queue) when it does not sign', async () => {
  const unsigned = new CentralClient({ baseUrl: central.url, kioskId: kiosk, timeoutMs: 5000 });
  const req = submission(kiosk);
  const refused = unsigned.submit(req);
  await expect(refused).rejects.toMatchObject({ status: 401, retryable: true });
  expect(await central.services.submissions.count({ trackingCode: req.trackingCode })).toBe(0);
});
