// The OpenAPI 3.1 document of the central platform, generated from the route table
// (api-routes.ts). Schemas come from the contract's zod schemas through `z.toJSONSchema` (JSON
// Schema 2020-12, the dialect of OpenAPI 3.1): every exported schema of a contract module that a
// route reaches becomes a component under its export name, so the document says
// `SubmissionRequest` where the code does. Request bodies are described as the server accepts
// them (zod input: defaults optional, unknown keys tolerated), answers as the server sends them
// (zod output: every field, no others). Where the two differ the request side is `NameInput`.
//
// Browser-safe: pure data in, pure data out.
import { z } from 'zod';
import * as catalogSchema from '../catalog/schema.ts';
import * as adminApi from './admin-api.ts';
import { ADMIN_ROLE_NAMES, ADMIN_SESSION_COOKIE, CONSOLE_HEADER } from './admin-api.ts';
import {
  API_ROUTES,
  API_TAGS,
  OpenApiDocumentShape,
  type RouteAuth,
  type RouteSpec,
} from './api-routes.ts';
import * as catalogPublishing from './catalog-publishing.ts';
import * as centralApi from './central-api.ts';
import * as certificateApi from './certificate-verification-api.ts';
import * as enrolmentApi from './enrolment-api.ts';
import * as fleetApi from './fleet-api.ts';
import { SIGNED_REQUEST_HEADERS as H, REQUEST_SIGNATURE_SCHEME } from './request-signing.ts';

export type JsonSchema = { [key: string]: unknown };

/** Named schemas, in order of precedence when two modules export the same name. */
const SCHEMA_MODULES: readonly Record<string, unknown>[] = [
  centralApi,
  enrolmentApi,
  catalogPublishing,
  certificateApi,
  fleetApi,
  adminApi,
  catalogSchema,
  { OpenApiDocument: OpenApiDocumentShape },
];

const SECURITY_SCHEMES = {
  kioskId: {
    type: 'apiKey',
    in: 'header',
    name: H.kioskId,
    description: 'The enrolled kiosk id. Every kiosk request carries all four x-kiosk-* headers.',
  },
  kioskTimestamp: {
    type: 'apiKey',
    in: 'header',
    name: H.timestamp,
    description: 'Milliseconds since the Unix epoch; refused more than 5 minutes off.',
  },
  kioskNonce: {
    type: 'apiKey',
    in: 'header',
    name: H.nonce,
    description: '16–64 base64url characters, fresh for every request (replays refused).',
  },
  kioskSignature: {
    type: 'apiKey',
    in: 'header',
    name: H.signature,
    description:
      `Ed25519 (base64url, 86 characters) with the enrolled key over the lines ` +
      `"${REQUEST_SIGNATURE_SCHEME}", METHOD, path+query, kiosk id, timestamp, nonce and the ` +
      'hex SHA-256 of the raw body (contract/request-signing.ts).',
  },
  adminBearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      'The operator token (--admin-token / KIOSK24_ADMIN_TOKEN), for scripts: every role but ' +
      'case officer and account admin (people, not scripts, see applicants and manage accounts).',
  },
  adminSession: {
    type: 'apiKey',
    in: 'cookie',
    name: ADMIN_SESSION_COOKIE,
    description:
      `The console's session (POST /api/v1/admin/session). Every non-GET request it ` +
      `authenticates must also send \`${CONSOLE_HEADER}: 1\`.`,
  },
} as const;

const KIOSK_SECURITY = { kioskId: [], kioskTimestamp: [], kioskNonce: [], kioskSignature: [] };

function securityOf(auth: RouteAuth): Record<string, string[]>[] {
  switch (auth.kind) {
    case 'none':
      return [];
    case 'kiosk-signed':
      return [KIOSK_SECURITY];
    case 'admin': {
      // OpenAPI 3.1 lets non-OAuth schemes list the roles an operation needs.
      const roles = auth.role ? [auth.role] : [];
      return [{ adminBearer: roles }, { adminSession: roles }];
    }
  }
}

const isSchema = (value: unknown): value is z.ZodType => value instanceof z.ZodType;
const pascal = (name: string) => name[0]!.toUpperCase() + name.slice(1);
const ref = (id: string) => `#/components/schemas/${id}`;
/** `/uploads/:key/:id` → `/uploads/{key}/{id}` */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Drops what z.toJSONSchema adds for a stand-alone document. */
function bare(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

function refsIn(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) refsIn(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(ref(''))) {
        out.add(v.slice(ref('').length));
      } else refsIn(v, out);
    }
  }
  return out;
}

function closure(roots: Iterable<string>, schemas: Record<string, JsonSchema>): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...refsIn(schemas[id], new Set()));
  }
  return seen;
}

/** Every schema a route uses, named: exported ones by export name, the rest after the route. */
function nameSchemas(routes: Record<string, RouteSpec>) {
  const registry = z.registry<{ id: string }>();
  const ids = new Map<z.ZodType, string>();
  const taken = new Set<string>();
  const name = (schema: z.ZodType, wanted: string) => {
    if (ids.has(schema)) return;
    let id = wanted;
    for (let n = 2; taken.has(id); n++) id = `${wanted}${n}`;
    taken.add(id);
    ids.set(schema, id);
    registry.add(schema, { id });
  };
  for (const mod of SCHEMA_MODULES) {
    for (const [exportName, value] of Object.entries(mod)) {
      if (isSchema(value)) name(value, exportName);
    }
  }
  for (const [routeName, r] of Object.entries(routes)) {
    if (r.body) name(r.body, `${pascal(routeName)}Body`);
    for (const [status, answer] of Object.entries(r.responses)) {
      if (answer.schema) name(answer.schema, `${pascal(routeName)}${status}`);
    }
  }
  return { registry, ids };
}

function parameters(r: RouteSpec): JsonSchema[] {
  const out: JsonSchema[] = [];
  const add = (where: 'path' | 'query' | 'header', shape: z.ZodObject | undefined) => {
    for (const [name, schema] of Object.entries(shape?.shape ?? {})) {
      const s = schema as z.ZodType;
      out.push({
        name,
        in: where,
        // A parameter is optional when its schema accepts its absence (optional or default).
        required: where === 'path' || !s.safeParse(undefined).success,
        schema: bare(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema),
      });
    }
  };
  add('path', r.params);
  add('query', r.query);
  add('header', r.headers);
  return out;
}

export interface OpenApiOptions {
  /** info.version; default '1' (the /api/v1 generation). */
  version?: string;
  /** servers[0].url, e.g. the centre's public base URL. */
  serverUrl?: string;
}

export function buildOpenApiDocument(
  opts: OpenApiOptions = {},
  routes: Record<string, RouteSpec> = API_ROUTES,
): JsonSchema {
  const { registry, ids } = nameSchemas(routes);
  const convert = (io: 'input' | 'output', uri: (id: string) => string) => {
    const { schemas } = z.toJSONSchema(registry, { io, uri, unrepresentable: 'any' }) as {
      schemas: Record<string, JsonSchema>;
    };
    return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, bare(s)]));
  };

  const requestRoots = new Set<string>();
  const answerRoots = new Set<string>();
  for (const r of Object.values(routes)) {
    if (r.body) requestRoots.add(ids.get(r.body)!);
    for (const a of Object.values(r.responses)) if (a.schema) answerRoots.add(ids.get(a.schema)!);
  }
  const output = convert('output', ref);
  const input0 = convert('input', ref);
  const outReach = closure(answerRoots, output);
  const inReach = closure(requestRoots, input0);
  // A schema used both ways but read differently (defaults, transforms) gets a request twin; so
  // does every schema that refers to one, since its $ref then differs.
  const both = [...inReach].filter((id) => outReach.has(id));
  const split = new Set(
    both.filter((id) => JSON.stringify(input0[id]) !== JSON.stringify(output[id])),
  );
  for (let grew = true; grew;) {
    grew = false;
    for (const id of both) {
      if (!split.has(id) && [...refsIn(input0[id], new Set())].some((c) => split.has(c))) {
        split.add(id);
        grew = true;
      }
    }
  }
  const inputId = (id: string) => (split.has(id) ? `${id}Input` : id);
  const input = split.size > 0 ? convert('input', (id) => ref(inputId(id))) : input0;

  const schemas: Record<string, JsonSchema> = {};
  for (const id of [...outReach].sort()) schemas[id] = output[id]!;
  for (const id of [...inReach].sort()) schemas[inputId(id)] = input[id]!;
  const sortedSchemas = Object.fromEntries(
    Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)),
  );

  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [operationId, r] of Object.entries(routes)) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, answer] of Object.entries(r.responses)) {
      responses[status] = {
        description: answer.description,
        ...(answer.schema
          ? { content: { 'application/json': { schema: { $ref: ref(ids.get(answer.schema)!) } } } }
          : {}),
      };
    }
    responses.default = {
      description: 'Any other failure (500 internal, 503 closing, …)',
      content: { 'application/json': { schema: { $ref: ref('ApiError') } } },
    };
    const body = r.bytes
      ? { required: true, content: { [r.bytes.mediaType]: {} } }
      : r.body
        ? {
            required: true,
            content: {
              'application/json': { schema: { $ref: ref(inputId(ids.get(r.body)!)) } },
            },
          }
        : undefined;
    const params = parameters(r);
    const operation: JsonSchema = {
      operationId,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      security: securityOf(r.auth),
      ...(r.auth.kind === 'admin' && r.auth.role ? { 'x-kiosk24-role': r.auth.role } : {}),
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(body ? { requestBody: body } : {}),
      responses,
    };
    (paths[openApiPath(r.path)] ??= {})[r.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'kiosk24 central platform',
      version: opts.version ?? '1',
      description:
        'Intake, attachments, status feed, enrolment, signed catalog publishing, fleet ' +
        'monitoring and the admin API of the kiosk24 central platform. Every refusal is an ' +
        `ApiError { error, message }. Admin roles: ${ADMIN_ROLE_NAMES.join(', ')}.`,
    },
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    tags: Object.entries(API_TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: { schemas: sortedSchemas, securitySchemes: SECURITY_SCHEMES },
  };
}
