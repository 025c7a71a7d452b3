// The typed call helper (contract/api-client.ts) over real HTTP (fetchTransport) against a small
// node:http peer that answers what each test tells it to: answers the route table describes are
// accepted and typed; an answer outside it (wrong body, undescribed status, not JSON) is refused;
// an input outside it is refused before anything is sent; and the kiosk's CentralClient, built
// on it, turns a refused answer into a permanent DeliveryError.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, test } from 'vitest';
import {
  callRoute,
  fetchTransport,
  RouteAnswerError,
  RouteInputError,
  type ApiTransport,
} from '../../../contract/api-client.ts';
import { API_ROUTES } from '../../../contract/api-routes.ts';
import type { StatusFeedPage, SubmissionAck, UploadState } from '../../../contract/central-api.ts';
import { CentralClient, DeliveryError } from '../../../offline-cache/central-client.ts';
import { submission } from '../central/support/fixtures.ts';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let server: http.Server;
let base: string;
let seen: Seen[] = [];
/** What the peer answers next: status and raw body text. */
let answer: { status: number; text: string } = { status: 200, text: '{}' };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

const transport = (): ApiTransport => fetchTransport({ baseUrl: base, timeoutMs: 5000 });
const respond = (status: number, body: unknown) => {
  answer = { status, text: typeof body === 'string' ? body : JSON.stringify(body) };
};

const req = submission('GZ-TEST-0001');
const ack: SubmissionAck = {
  trackingCode: req.trackingCode,
  status: 'received',
  receivedAt: '2026-11-23T01:00:00.000Z',
  replayed: false,
};

describe('callRoute', () => {
  test('sends the validated body and types the described answer', async () => {
    respond(201, ack);
    const result = await callRoute(API_ROUTES.submit, { body: req }, transport());
    expect(result).toEqual({ ok: true, status: 201, body: ack });
    if (result.ok) {
      expectTypeOf(result.status).toEqualTypeOf<200 | 201>();
      expectTypeOf(result.body).toEqualTypeOf<SubmissionAck>();
    }
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/submissions' });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0]!.body.toString('utf8'))).toEqual(req);
  });

  test('refuses a body that does not match the status it came with, naming fields only', async () => {
    respond(201, { ...ack, replayed: 'no', receivedAt: undefined });
    const err = await callRoute(API_ROUTES.submit, { body: req }, transport()).catch((e) => e);
    expect(err).toBeInstanceOf(RouteAnswerError);
    expect((err as RouteAnswerError).status).toBe(201);
    expect((err as RouteAnswerError).fields.sort()).toEqual(['receivedAt', 'replayed']);
    expect((err as Error).message).not.toContain(req.trackingCode);
  });

  test('refuses a success status the route does not describe, and a body that is not JSON', async () => {
    respond(202, ack);
    await expect(callRoute(API_ROUTES.submit, { body: req }, transport())).rejects.toThrow(
      RouteAnswerError,
    );
    respond(200, '<html>proxy</html>');
    await expect(callRoute(API_ROUTES.submit, { body: req }, transport())).rejects.toThrow(
      RouteAnswerError,
    );
  });

  test('a refusal comes back as a failure with the ApiError, or null when there is none', async () => {
    respond(409, { error: 'tracking-code-taken', message: 'taken' });
    expect(await callRoute(API_ROUTES.submit, { body: req }, transport())).toEqual({
      ok: false,
      status: 409,
      error: { error: 'tracking-code-taken', message: 'taken' },
    });
    respond(502, '<html>bad gateway</html>');
    expect(await callRoute(API_ROUTES.submit, { body: req }, transport())).toEqual({
      ok: false,
      status: 502,
      error: null,
    });
  });

  test('refuses an input outside the contract before sending anything', async () => {
    const bad = { ...req, trackingCode: 'lowercase' };
    const err = await callRoute(API_ROUTES.submit, { body: bad }, transport()).catch((e) => e);
    expect(err).toBeInstanceOf(RouteInputError);
    expect((err as RouteInputError).fields).toEqual(['body.trackingCode']);
    const param = await callRoute(
      API_ROUTES.completeUpload,
      { params: { submissionKey: 'short', attachmentId: 'a' }, body: {} },
      transport(),
    ).catch((e) => e);
    expect((param as RouteInputError).fields).toEqual(['params.submissionKey']);
    expect(seen).toEqual([]);
  });

  test('fills path parameters, query and headers; sends bytes as bytes', async () => {
    const state: UploadState = { received: 3, size: 10, complete: false };
    respond(200, state);
    const bytes = new Uint8Array([1, 2, 3]);
    const put = await callRoute(
      API_ROUTES.putChunk,
      { params: { submissionKey: 'k'.repeat(16), attachmentId: 'scan_1', offset: 0 }, body: bytes },
      transport(),
    );
    expect(put).toEqual({ ok: true, status: 200, body: state });
    expect(seen[0]).toMatchObject({
      method: 'PUT',
      url: `/api/v1/uploads/${'k'.repeat(16)}/scan_1/chunks/0`,
    });
    expect(seen[0]!.headers['content-type']).toBe('application/octet-stream');
    expect([...seen[0]!.body]).toEqual([1, 2, 3]);

    const page: StatusFeedPage = { events: [], cursor: '7', more: false };
    respond(200, page);
    const feed = await callRoute(
      API_ROUTES.statusFeed,
      { query: { after: '5', limit: 10 } },
      transport(),
    );
    expect(feed.ok && feed.body).toEqual(page);
    expect(seen[1]!.url).toBe('/api/v1/status-feed?after=5&limit=10');

    respond(304, '');
    const poll = await callRoute(
      API_ROUTES.kioskCatalog,
      { headers: { 'if-none-match': '"catalog-v3"', 'x-kiosk-catalog-version': '3' } },
      transport(),
    );
    expect(poll).toEqual({ ok: true, status: 304, body: undefined });
    expect(seen[2]!.headers['if-none-match']).toBe('"catalog-v3"');
    expect(seen[2]!.headers['x-kiosk-catalog-version']).toBe('3');
  });
});

describe("the kiosk's CentralClient on the typed calls", () => {
  const client = () =>
    new CentralClient({ baseUrl: base, kioskId: 'GZ-TEST-0001', timeoutMs: 5000 });

  test('turns an answer outside the contract into a permanent DeliveryError', async () => {
    respond(201, { trackingCode: req.trackingCode });
    const err = await client()
      .submit(req)
      .catch((e) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({
      retryable: false,
      status: 201,
      message: 'invalid answer from the central platform (HTTP 201)',
    });
  });

  test('keeps its classification of refusals: code relayed, retryable by status', async () => {
    respond(429, { error: 'rate-limited', message: 'slow down' });
    await expect(client().submit(req)).rejects.toMatchObject({
      retryable: true,
      status: 429,
      code: 'rate-limited',
      message: 'HTTP 429 (rate-limited)',
    });
    respond(200, { ok: true });
    expect(await client().health()).toBe(true);
    respond(200, { ok: 'yes' });
    expect(await client().health()).toBe(false);
  });
});
