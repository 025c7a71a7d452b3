// A typed call of one route of the route table (api-routes.ts): the argument's and the answer's
// types are inferred from the route's zod schemas, the input is validated before anything is
// sent, and an answer is accepted only if its status is one the route describes and its body
// matches that status's schema. The transport (fetch, signing, timeouts) is the caller's: the
// kiosk signs every request, a test may call in-process.
//
// Browser-safe: no Node imports; errors name fields and statuses, never values (personal data).
import type { z } from 'zod';
import type { ResponseSpec, RouteSpec } from './api-routes.ts';
import { ApiError } from './central-api.ts';

export interface ApiRequest {
  method: string;
  /** Path and query as on the request line, parameters encoded. */
  path: string;
  headers: Record<string, string>;
  /** JSON text, or raw bytes (then headers carry their content type). */
  body?: string | Uint8Array;
}

export interface ApiResponse {
  status: number;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
}

export type ApiTransport = (request: ApiRequest) => Promise<ApiResponse>;

type Input<S> = S extends z.ZodType ? z.input<S> : never;
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

type ParamsArg<R extends RouteSpec> = R['params'] extends z.ZodType
  ? { params: Input<R['params']> }
  : { params?: never };
type QueryArg<R extends RouteSpec> = R['query'] extends z.ZodType
  ? { query?: Input<R['query']> }
  : { query?: never };
type HeadersArg<R extends RouteSpec> = R['headers'] extends z.ZodType
  ? { headers?: Input<R['headers']> }
  : { headers?: never };
type BodyArg<R extends RouteSpec> = R['bytes'] extends { mediaType: string }
  ? { body: Uint8Array }
  : R['body'] extends z.ZodType
    ? { body: Input<R['body']> }
    : { body?: never };

/** What `callRoute` takes for route R. */
export type RouteInput<R extends RouteSpec> = ParamsArg<R> &
  QueryArg<R> &
  HeadersArg<R> &
  BodyArg<R>;

type SuccessStatus = 200 | 201 | 202 | 204 | 304;

/** One described success status with its body type; a union over the route's statuses. */
export type RouteSuccess<R extends RouteSpec> = {
  [S in keyof R['responses'] & SuccessStatus]: {
    ok: true;
    status: S;
    body: R['responses'][S] extends ResponseSpec ? Output<R['responses'][S]['schema']> : never;
  };
}[keyof R['responses'] & SuccessStatus];

/** A refusal (4xx/5xx): the centre's error code when it gave an ApiError, else null. */
export interface RouteFailure {
  ok: false;
  status: number;
  error: z.output<typeof ApiError> | null;
}

export type RouteResult<R extends RouteSpec> = RouteSuccess<R> | RouteFailure;

/** The input does not match the route's schemas: nothing was sent. */
export class RouteInputError extends Error {
  constructor(readonly fields: string[]) {
    super(`invalid request, fields: ${fields.join(', ')}`);
    this.name = 'RouteInputError';
  }
}

/** The answer is not one the route describes (status or body). */
export class RouteAnswerError extends Error {
  constructor(
    readonly status: number,
    readonly fields: string[],
  ) {
    super(
      fields.length > 0
        ? `answer (HTTP ${status}) does not match the contract, fields: ${fields.join(', ')}`
        : `answer (HTTP ${status}) is not one the contract describes`,
    );
    this.name = 'RouteAnswerError';
  }
}

const fieldsOf = (error: z.ZodError) => [
  ...new Set(error.issues.map((i) => i.path.map(String).join('.') || '(root)')),
];

function check<T>(schema: z.ZodType<T> | undefined, value: unknown, part: string): T | undefined {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new RouteInputError(fieldsOf(parsed.error).map((f) => `${part}.${f}`));
  }
  return parsed.data;
}

/** The route's path with its parameters filled in (each URI-encoded). */
export function fillPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) throw new RouteInputError([`params.${name}`]);
    return encodeURIComponent(String(value));
  });
}

/**
 * Builds, sends and checks one request of `route`. Resolves with a described success (validated)
 * or a failure status; rejects with RouteInputError before sending, RouteAnswerError for an
 * answer outside the contract, or whatever the transport throws (network, timeout).
 */
export async function callRoute<R extends RouteSpec>(
  route: R,
  input: RouteInput<R>,
  transport: ApiTransport,
): Promise<RouteResult<R>> {
  const given = input as {
    params?: Record<string, unknown>;
    query?: Record<string, unknown>;
    headers?: Record<string, unknown>;
    body?: unknown;
  };
  // Validated but sent as given: the server parses the path and query text itself.
  check(route.params, given.params ?? {}, 'params');
  const query = check(route.query, given.query ?? {}, 'query') as Record<string, unknown>;
  const extraHeaders = check(route.headers, given.headers ?? {}, 'headers') as
    Record<string, unknown> | undefined;

  let path = fillPath(route.path, given.params);
  if (route.query && given.query) {
    const search = new URLSearchParams();
    // Only what the caller gave: defaults are the server's to apply.
    for (const key of Object.keys(route.query.shape)) {
      if (given.query[key] !== undefined) search.set(key, String(query[key]));
    }
    const text = search.toString();
    if (text) path += `?${text}`;
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(extraHeaders ?? {})) {
    if (value !== undefined) headers[name] = String(value);
  }
  let body: string | Uint8Array | undefined;
  if (route.bytes) {
    if (!(given.body instanceof Uint8Array)) throw new RouteInputError(['body']);
    headers['content-type'] = route.bytes.mediaType;
    body = given.body;
  } else if (route.body) {
    // The schema's output is what is sent: defaults filled, unknown keys dropped.
    body = JSON.stringify(check(route.body, given.body, 'body'));
    headers['content-type'] = 'application/json';
  }

  const response = await transport({
    method: route.method,
    path,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const { status } = response;
  if (status >= 400) {
    const parsed = ApiError.safeParse(response.body);
    return { ok: false, status, error: parsed.success ? parsed.data : null };
  }
  const described = (route.responses as Record<number, ResponseSpec | undefined>)[status];
  if (!described) throw new RouteAnswerError(status, []);
  if (!described.schema) return { ok: true, status, body: undefined } as unknown as RouteResult<R>;
  const parsed = described.schema.safeParse(response.body);
  if (!parsed.success) throw new RouteAnswerError(status, fieldsOf(parsed.error));
  return { ok: true, status, body: parsed.data } as unknown as RouteResult<R>;
}

/** Signature headers for one request (the kiosk's: offline-cache/request-signing.ts). */
export type SignRequest = (request: {
  method: string;
  /** Path and query as on the request line, including any path of the base URL. */
  path: string;
  body?: string | Uint8Array;
}) => Record<string, string>;

export interface FetchTransportOptions {
  /** e.g. http://127.0.0.1:8025; a path in it prefixes every route's path. */
  baseUrl: string;
  /** Per request, connect to last byte of the answer. */
  timeoutMs: number;
  /** Sent with every request (e.g. x-kiosk-id). */
  headers?: Record<string, string>;
  /** Called once per request, over the exact bytes sent. */
  sign?: SignRequest;
}

/**
 * Requests over fetch. Network failures and timeouts reject as fetch does (a TimeoutError for the
 * deadline); redirects are refused. The body is parsed as JSON: an answer that is not JSON comes
 * back as `undefined` (the contract then refuses it); a refusal whose body cannot be read at all
 * still comes back with its status.
 */
export function fetchTransport(opts: FetchTransportOptions): ApiTransport {
  const base = opts.baseUrl.replace(/\/+$/, '');
  return async (request) => {
    const url = base + request.path;
    const headers = { ...opts.headers, ...request.headers };
    if (opts.sign) {
      const u = new URL(url);
      Object.assign(
        headers,
        opts.sign({
          method: request.method,
          path: u.pathname + u.search,
          ...(request.body === undefined ? {} : { body: request.body }),
        }),
      );
    }
    const res = await fetch(url, {
      method: request.method,
      headers,
      // Outbox blobs are Buffers over plain ArrayBuffers, never shared memory.
      ...(request.body === undefined
        ? {}
        : { body: request.body as string | Uint8Array<ArrayBuffer> }),
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    if (res.status >= 400) {
      return { status: res.status, body: await res.json().catch(() => undefined) };
    }
    if (res.status === 204 || res.status === 304) {
      await res.body?.cancel();
      return { status: res.status, body: undefined };
    }
    const body: unknown = await res.json().catch((err: unknown) => {
      // A cut or stalled body is the network's fault; a body that is not JSON is the centre's.
      if (err instanceof SyntaxError) return undefined;
      throw err;
    });
    return { status: res.status, body };
  };
}
