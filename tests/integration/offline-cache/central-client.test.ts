// The sync client against a real HTTP peer on loopback: each way the centre can answer or fail
// comes out as an acknowledgement or a DeliveryError with the right retry classification.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CENTRAL_PATHS } from '../../../contract/central-api.ts';
import { CentralClient, DeliveryError } from '../../../offline-cache/index.ts';
import { CITIZEN, rating, submission } from '../../unit/offline-cache/sample-requests.ts';
import { startLoopbackCentral, type LoopbackCentral } from './loopback-central.ts';

let central: LoopbackCentral;
beforeAll(async () => {
  central = await startLoopbackCentral();
});
afterAll(() => central.close());
afterEach(async () => {
  central.setMode('up');
  await central.up();
});

const client = (timeoutMs = 2000, baseUrl = central.url) =>
  new CentralClient({ baseUrl, kioskId: 'GZ-TH-WS-001', timeoutMs });

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  const delivery = err as DeliveryError;
  // Whatever failed, the message is safe to log.
  expect(delivery.message).not.toContain(CITIZEN.name);
  expect(delivery.message).not.toContain(CITIZEN.idNumber);
  return delivery;
}

describe('CentralClient', () => {
  it('submits with the kiosk header, and a repeated key is replayed, not recorded twice', async () => {
    const req = submission();
    const first = await client().submit(req);
    expect(first).toMatchObject({
      trackingCode: req.trackingCode,
      status: 'received',
      replayed: false,
    });
    const second = await client().submit(req);
    expect(second).toMatchObject({ trackingCode: req.trackingCode, replayed: true });
    expect(central.recordsFor(req.trackingCode)).toBe(1);
  });

  it('rates', async () => {
    const r = rating(submission());
    expect(await client().rate(r)).toEqual({ trackingCode: r.trackingCode, replayed: false });
    expect(central.ratings.has(r.idempotencyKey)).toBe(true);
  });

  it('reports health, and false (not a throw) when the centre is away', async () => {
    expect(await client().health()).toBe(true);
    await central.down();
    expect(await client().health(500)).toBe(false);
  });

  it('classifies 500 and 429-like answers as retryable, 400 as permanent', async () => {
    central.setMode('error500', { times: 1 });
    const e500 = await failure(client().submit(submission()));
    expect(e500).toMatchObject({ retryable: true, status: 500, message: 'HTTP 500 (internal)' });

    central.setMode('reject400', { times: 1 });
    const e400 = await failure(client().submit(submission()));
    expect(e400).toMatchObject({
      retryable: false,
      status: 400,
      message: 'HTTP 400 (item_unknown)',
    });
  });

  it('treats a wrong endpoint (404) as the kiosk configuration: retryable, not parking items', async () => {
    const e = await failure(client(2000, `${central.url}/not-here`).submit(submission()));
    expect(e).toMatchObject({ retryable: true, status: 404 });
  });

  it('classifies a refused connection, a timeout and a reset as retryable', async () => {
    await central.down();
    const refused = await failure(client().submit(submission()));
    expect(refused.retryable).toBe(true);
    expect(refused.message).toMatch(/^network error \((ECONNREFUSED|UND_ERR_SOCKET)\)$/);
    await central.up();

    central.setMode('slow', { times: 1, delayMs: 800 });
    const slow = await failure(client(100).submit(submission()));
    expect(slow).toMatchObject({ retryable: true, message: 'timeout after 100 ms' });

    central.setMode('reset-after-commit', { times: 1 });
    const req = submission();
    const reset = await failure(client().submit(req));
    expect(reset.retryable).toBe(true);
    expect(reset.status).toBeUndefined();
    expect(central.recordsFor(req.trackingCode)).toBe(1); // it was committed all the same
  });

  it('refuses to send a request that breaks the contract, naming fields but not values', async () => {
    const bad = submission({
      applicant: { ...submission().applicant, birthDate: CITIZEN.idNumber },
    });
    const e = await failure(client().submit(bad));
    expect(e).toMatchObject({
      retryable: false,
      message: 'invalid request, fields: applicant.birthDate',
    });
    expect(central.postsFor(bad.idempotencyKey)).toBe(0);
  });

  describe('against a centre that answers 2xx with something else', () => {
    let odd: http.Server;
    let url = '';
    let answer = '';
    beforeAll(async () => {
      odd = http.createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(answer);
        });
      });
      await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(odd.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => odd.close(() => resolve())));

    it('treats an answer that breaks the contract as permanent', async () => {
      answer = JSON.stringify({ hello: 'world' });
      expect(await failure(client(2000, url).submit(submission()))).toMatchObject({
        retryable: false,
        status: 200,
      });
      answer = 'not json';
      expect((await failure(client(2000, url).submit(submission()))).retryable).toBe(false);
    });

    it('treats an acknowledgement for another tracking code as permanent', async () => {
      const req = submission();
      answer = JSON.stringify({
        trackingCode: 'AAAA-BBBB-CCCC',
        status: 'received',
        receivedAt: 'x',
        replayed: false,
      });
      const e = await failure(client(2000, url).submit(req));
      expect(e).toMatchObject({
        retryable: false,
        message: expect.stringContaining('another tracking code'),
      });
    });

    it('says unhealthy when the health answer is not ok: true', async () => {
      answer = JSON.stringify({ ok: false });
      expect(await client(2000, url).health()).toBe(false);
    });
  });

  it('uses the contract paths', () => {
    expect(CENTRAL_PATHS.submissions).toBe('/api/v1/submissions');
  });
});
