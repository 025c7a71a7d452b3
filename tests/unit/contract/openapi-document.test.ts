// The generated OpenAPI document's choices (contract/openapi.ts), read off the document itself:
// component names are the contract's export names, request bodies read as the server accepts
// them (zod input: defaults optional, unknown keys tolerated) and answers as it sends them.
import { expect, test } from 'vitest';
import { API_ROUTES } from '../../../contract/api-routes.ts';
import { buildOpenApiDocument, openApiPath } from '../../../contract/openapi.ts';

type Schema = { required?: string[]; additionalProperties?: unknown; properties?: object };
const doc = buildOpenApiDocument({ serverUrl: 'https://central.example' }) as {
  servers: { url: string }[];
  paths: Record<string, Record<string, { requestBody?: unknown; security: unknown[] }>>;
  components: { schemas: Record<string, Schema> };
};
const schemas = doc.components.schemas;

test('names components after the contract exports that define them', () => {
  for (const name of [
    'SubmissionRequest',
    'SubmissionAck',
    'ApiError',
    'HeartbeatRequest',
    'Catalog',
  ]) {
    expect(schemas).toHaveProperty(name);
  }
  expect(doc.paths[openApiPath(API_ROUTES.submit.path)]!.post!.requestBody).toEqual({
    required: true,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/SubmissionRequest' } } },
  });
  expect(doc.servers).toEqual([{ url: 'https://central.example' }]);
});

test('a request body with defaults leaves them optional; an answer lists every field and no other', () => {
  expect(schemas.EnrolmentTokenRequest!.required ?? []).not.toContain('validForHours');
  expect(schemas.HeartbeatRequest!.required).not.toContain('completedActions');
  expect(schemas.SubmissionRequest!.additionalProperties).toBeUndefined();
  expect(schemas.SubmissionAck!.required!.sort()).toEqual([
    'receivedAt',
    'replayed',
    'status',
    'trackingCode',
  ]);
  expect(schemas.SubmissionAck!.additionalProperties).toBe(false);
});

test('says who may call: none, the four kiosk headers, or an admin with the role', () => {
  const op = (r: { method: string; path: string }) =>
    doc.paths[openApiPath(r.path)]![r.method.toLowerCase()]!;
  expect(op(API_ROUTES.enrol).security).toEqual([]);
  expect(op(API_ROUTES.submit).security).toEqual([
    { kioskId: [], kioskTimestamp: [], kioskNonce: [], kioskSignature: [] },
  ]);
  expect(op(API_ROUTES.publishCatalog).security).toEqual([
    { adminBearer: ['catalog-editor'] },
    { adminSession: ['catalog-editor'] },
  ]);
  expect(op(API_ROUTES.listKiosks).security).toEqual([{ adminBearer: [] }, { adminSession: [] }]);
});
