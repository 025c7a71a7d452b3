// The central platform's OpenAPI description against the real platform (startCentral, embedded
// PGlite): the route table and the routes Fastify registered are the same set; the served
// document is structurally sound OpenAPI 3.1; and real answers (a signed submission, its replay,
// refusals, admin reads with the bearer token and with a console session) are valid instances of
// the document's JSON schemas and of the zod schemas it was generated from.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerOpenApiRoutes } from '../../../central/controllers/openapi-controller.ts';
import { startCentral, type CentralPlatform } from '../../../central/index.ts';
import { CONSOLE_HEADER } from '../../../contract/admin-api.ts';
import {
  API_ROUTES,
  OPENAPI_PATH,
  routeKey,
  type RouteSpec,
} from '../../../contract/api-routes.ts';
import { fillPath } from '../../../contract/api-client.ts';
import { centralFaceVerifier } from '../../../host/adapters/central-face-verifier.ts';
import { CENTRAL_PATHS } from '../../../contract/central-api.ts';
import { ENROLMENT_PATHS } from '../../../contract/enrolment-api.ts';
import { FLEET_PATHS } from '../../../contract/fleet-api.ts';
import { ADMIN_PATHS } from '../../../contract/admin-api.ts';
import { ADMIN_SESSION_COOKIE } from '../../../contract/admin-api.ts';
import { submission, kioskId } from '../central/support/fixtures.ts';
import { enrolTestKiosk, type TestKiosk } from '../central/support/signed-kiosk.ts';
import { documentValidator, refsOf, resolvePointer, type Doc } from './support/openapi-check.ts';

const ADMIN_TOKEN = 'an-admin-token-for-the-openapi-tests-01';
const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
const PASSWORD = 'correct horse battery staple';

let central: CentralPlatform;
let doc: Doc;
const warnings: { event: string; route: unknown }[] = [];

beforeAll(async () => {
  central = await startCentral({
    port: 0,
    db: 'pglite:memory',
    adminToken: ADMIN_TOKEN,
    keyDir: mkdtempSync(path.join(os.tmpdir(), 'kiosk24-openapi-keys-')),
    log: (level, event, fields) => {
      if (level === 'warn' && event.startsWith('openapi.')) {
        warnings.push({ event, route: fields?.route });
      }
    },
  });
  const res = await fetch(central.url + OPENAPI_PATH);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = (await res.json()) as Doc;
}, 120_000);

afterAll(async () => {
  await central?.close();
});

describe('the route table covers the server', () => {
  test('every /api/ route Fastify registered is described, and every described route is served', () => {
    // registerOpenApiRoutes watches every route registered after it (build-server registers it
    // first) and logs the difference once the server is ready.
    expect(warnings).toEqual([]);
  });

  test('every described route answers over HTTP (none falls to the not-found handler)', async () => {
    const sample: Record<string, string> = {
      submissionKey: 'probe-submission-key-0001',
      attachmentId: 'probe',
      offset: '0',
      kioskId: 'GZ-PROBE-0001',
      version: '1',
      trackingCode: 'ABCD-EFGH-JKMN',
      username: 'probe.user',
    };
    const missing: string[] = [];
    for (const r of Object.values(API_ROUTES) as RouteSpec[]) {
      const withBody = r.method !== 'GET' && r.method !== 'DELETE';
      const res = await fetch(central.url + fillPath(r.path, sample), {
        method: r.method,
        ...(withBody ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
      });
      const body = (await res.json().catch(() => null)) as { message?: string } | null;
      if (res.status === 404 && body?.message?.startsWith('no endpoint')) missing.push(routeKey(r));
    }
    expect(missing).toEqual([]);
  });

  test('the watch names a route registered without a line in the table, and a line without a route', async () => {
    const app = Fastify();
    const seen: string[] = [];
    const { health, submit } = API_ROUTES;
    registerOpenApiRoutes(app, {
      log: (_level, event, fields) => seen.push(`${event} ${String(fields?.route)}`),
      routes: { health, submit },
    });
    app.get(CENTRAL_PATHS.health, async () => ({ ok: true }));
    app.get('/api/v1/undescribed/:id', async () => ({}));
    app.get('/console/page', async () => 'not part of the API');
    await app.ready();
    await app.close();
    expect(seen.sort()).toEqual([
      'openapi.route-not-served POST /api/v1/submissions',
      'openapi.route-undescribed GET /api/v1/openapi.json',
      'openapi.route-undescribed GET /api/v1/undescribed/:id',
    ]);
  });
});

describe('the served document is OpenAPI 3.1', () => {
  test('has the required top-level fields and the security schemes', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(typeof doc.info.title).toBe('string');
    expect(typeof doc.info.version).toBe('string');
    expect(Object.keys(doc.paths).length).toBeGreaterThan(30);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'adminBearer',
      'adminSession',
      'kioskId',
      'kioskNonce',
      'kioskSignature',
      'kioskTimestamp',
    ]);
    expect(
      (doc.components.securitySchemes as Record<string, { name?: string }>).adminSession!.name,
    ).toBe(ADMIN_SESSION_COOKIE);
  });

  test('every operation is complete: unique id, declared tag and schemes, described answers', () => {
    const ids = new Set<string>();
    const tags = new Set(doc.tags.map((t) => t.name));
    for (const [template, item] of Object.entries(doc.paths)) {
      expect(template).toMatch(/^\/api\/v1\/[^:]*$/);
      for (const [method, op] of Object.entries(item)) {
        expect(['get', 'put', 'post', 'delete', 'patch']).toContain(method);
        expect(ids.has(op.operationId), op.operationId).toBe(false);
        ids.add(op.operationId);
        for (const tag of op.tags) expect(tags).toContain(tag);
        for (const requirement of op.security) {
          for (const name of Object.keys(requirement)) {
            expect(doc.components.securitySchemes).toHaveProperty(name);
          }
        }
        expect(Object.keys(op.responses).length).toBeGreaterThan(1);
        for (const answer of Object.values(op.responses)) expect(answer.description).toBeTruthy();
      }
    }
    expect(ids.size).toBe(Object.keys(API_ROUTES).length);
  });

  test('every path parameter is declared, required, and in the path', () => {
    for (const [template, item] of Object.entries(doc.paths)) {
      const inPath = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(item)) {
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
        expect(declared.map((p) => p.name).sort(), `${method} ${template}`).toEqual(inPath);
        for (const p of declared) expect(p.required).toBe(true);
        const names = (op.parameters ?? []).map((p) => `${p.in}:${p.name}`);
        expect(new Set(names).size).toBe(names.length);
      }
    }
  });

  test('every $ref resolves, and every component is a valid JSON Schema 2020-12', () => {
    const refs = refsOf(doc);
    expect(refs.length).toBeGreaterThan(100);
    const dangling = refs.filter(({ ref }) => resolvePointer(doc, ref) === undefined);
    expect(dangling).toEqual([]);
    const { compile } = documentValidator(doc);
    for (const id of Object.keys(doc.components.schemas)) {
      expect(() => compile({ $ref: `#/components/schemas/${id}` }), id).not.toThrow();
    }
  });
});

describe('real answers conform to the document', () => {
  let kiosk: TestKiosk;
  let check: ReturnType<typeof documentValidator>;

  beforeAll(async () => {
    check = documentValidator(doc);
    kiosk = await enrolTestKiosk(central, kioskId());
  });

  /** The answer is valid under the document's JSON schema and under the table's zod schema. */
  async function conforms(
    method: string,
    template: string,
    res: Response,
  ): Promise<{ status: number; body: unknown }> {
    const body: unknown = await res.json();
    expect(check.checkAnswer(method, template, res.status, body)).toBeNull();
    const route = (Object.values(API_ROUTES) as RouteSpec[]).find(
      (r) => routeKey(r) === `${method} ${template}`,
    )!;
    const schema = route.responses[res.status]?.schema;
    expect(schema, `${method} ${template} ${res.status} is in the table`).toBeDefined();
    expect(schema!.safeParse(body).success).toBe(true);
    return { status: res.status, body };
  }

  const signed = (method: string, p: string, body?: string) =>
    fetch(central.url + p, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...kiosk.sign({ method, path: p, ...(body === undefined ? {} : { body }) }),
      },
      ...(body === undefined ? {} : { body }),
    });

  test('a signed submission (201), its replay (200) and the status feed', async () => {
    const req = submission(kiosk.kioskId);
    // The kiosk's request is an instance of the document's request schema, too.
    expect(check.checkRequest('POST', CENTRAL_PATHS.submissions, req)).toBeNull();
    const text = JSON.stringify(req);
    const first = await conforms(
      'POST',
      CENTRAL_PATHS.submissions,
      await signed('POST', CENTRAL_PATHS.submissions, text),
    );
    expect(first.status).toBe(201);
    const again = await conforms(
      'POST',
      CENTRAL_PATHS.submissions,
      await signed('POST', CENTRAL_PATHS.submissions, text),
    );
    expect(again).toMatchObject({ status: 200, body: { replayed: true } });
    // Not vacuous: the same answer without a field, or with one more, is refused by both.
    const { replayed: _dropped, ...short } = again.body as Record<string, unknown>;
    for (const tampered of [short, { ...(again.body as object), extra: 1 }]) {
      expect(check.checkAnswer('POST', CENTRAL_PATHS.submissions, 200, tampered)).not.toBeNull();
    }
    expect(API_ROUTES.submit.responses[200].schema.safeParse(short).success).toBe(false);
    const feed = `${CENTRAL_PATHS.statusFeed}?after=0&limit=10`;
    const page = await conforms('GET', CENTRAL_PATHS.statusFeed, await signed('GET', feed));
    expect(page.status).toBe(200);
  });

  test('refusals are ApiErrors as described: malformed (400), unsigned (401), unknown route (404)', async () => {
    const bad = { ...submission(kiosk.kioskId), trackingCode: 'not a code' };
    // The document's schema refuses what the server refuses.
    expect(check.checkRequest('POST', CENTRAL_PATHS.submissions, bad)).not.toBeNull();
    const malformed = await conforms(
      'POST',
      CENTRAL_PATHS.submissions,
      await signed('POST', CENTRAL_PATHS.submissions, JSON.stringify(bad)),
    );
    expect(malformed).toMatchObject({ status: 400, body: { error: 'invalid-request' } });
    const unsigned = await fetch(central.url + CENTRAL_PATHS.submissions, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(submission(kiosk.kioskId)),
    });
    expect((await conforms('POST', CENTRAL_PATHS.submissions, unsigned)).status).toBe(401);
    const unknown = await fetch(`${central.url}/api/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(check.check({ $ref: '#/components/schemas/ApiError' }, await unknown.json())).toBeNull();
  });

  test('admin reads with the bearer token, and with a console session under the named cookie', async () => {
    const kiosks = await fetch(central.url + ENROLMENT_PATHS.adminKiosks, { headers: bearer });
    expect((await conforms('GET', ENROLMENT_PATHS.adminKiosks, kiosks)).status).toBe(200);
    const fleet = await fetch(central.url + FLEET_PATHS.adminKiosks, { headers: bearer });
    expect((await conforms('GET', FLEET_PATHS.adminKiosks, fleet)).status).toBe(200);

    const username = `auditor.${Math.random().toString(36).slice(2, 8)}`;
    await central.admin.accounts.create({ username, roles: ['auditor'], password: PASSWORD });
    const signIn = await fetch(central.url + ADMIN_PATHS.session, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CONSOLE_HEADER]: '1' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie.split('=')[0]).toBe(ADMIN_SESSION_COOKIE);
    expect((await conforms('POST', ADMIN_PATHS.session, signIn)).status).toBe(200);
    const audit = await fetch(central.url + ADMIN_PATHS.audit, { headers: { cookie } });
    expect((await conforms('GET', ADMIN_PATHS.audit, audit)).status).toBe(200);
    const stats = await fetch(central.url + ADMIN_PATHS.statistics, { headers: { cookie } });
    expect((await conforms('GET', ADMIN_PATHS.statistics, stats)).status).toBe(200);
    // An auditor may not revoke: 403 as described.
    const revoke = await fetch(
      central.url + fillPath(ENROLMENT_PATHS.adminRevoke, { kioskId: kiosk.kioskId }),
      { method: 'POST', headers: { cookie, [CONSOLE_HEADER]: '1' } },
    );
    expect((await conforms('POST', ENROLMENT_PATHS.adminRevoke, revoke)).status).toBe(403);
  });

  test("the kiosk's face verifier, on the typed call, gets the default provider's answer", async () => {
    const verifier = centralFaceVerifier({ centralUrl: central.url, sign: kiosk.sign });
    const answer = await verifier.verify({
      kioskId: kiosk.kioskId,
      itemCode: '440100-20-000107-001',
      cardType: 'resident',
      idNumber: '440106198805120029',
      name: '阳秀梅',
      descriptor: [0.1, 0.2, 0.3],
    });
    expect(answer).toMatchObject({ outcome: 'not-configured', score: null });
    // Unsigned, the centre refuses, and the verifier says so by status only.
    const unsigned = centralFaceVerifier({ centralUrl: central.url });
    await expect(
      unsigned.verify({
        kioskId: kiosk.kioskId,
        itemCode: 'x',
        cardType: 'resident',
        idNumber: '440106198805120029',
        name: '阳秀梅',
        descriptor: [],
      }),
    ).rejects.toThrow('face verification endpoint answered 401');
  });

  test('the document describes itself', async () => {
    const res = await fetch(central.url + OPENAPI_PATH);
    expect((await conforms('GET', OPENAPI_PATH, res)).status).toBe(200);
  });
});
