// Every 4xx/5xx answer is an ApiError `{ error, message }`. Messages are fixed texts or schema
// paths, never echoes of the request: a JSON parse error would quote the body, a database error
// the offending value, and either may be an applicant's name or ID number.
import type { z } from 'zod';
import { CentralError, type CentralErrorKind } from '../errors.ts';

export interface ApiErrorAnswer {
  status: number;
  body: { error: string; message: string };
}

const STATUS_OF: Record<CentralErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
  unavailable: 503,
};

/** "applicant.idNumber: Too small: …" for at most five issues; zod messages hold no input values. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`.slice(0, 200));
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return `invalid request: ${shown.join('; ')}${more}`;
}

/** Fastify's own errors, by code, with texts of our own. */
const FRAMEWORK: Record<string, { error: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { error: 'payload-too-large', message: 'request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    error: 'unsupported-media-type',
    message: 'send the body as application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { error: 'invalid-json', message: 'request body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    error: 'invalid-json',
    message: 'request body is not valid JSON',
  },
};

export function toApiError(err: unknown): ApiErrorAnswer {
  if (err instanceof CentralError) {
    return { status: STATUS_OF[err.kind], body: { error: err.code, message: err.message } };
  }
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    statusCode?: unknown;
  };
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  const code = typeof e.code === 'string' ? e.code : '';
  const known = FRAMEWORK[code];
  if (known) return { status, body: known };
  if (status === 400 && err instanceof SyntaxError) {
    return { status, body: { error: 'invalid-json', message: 'request body is not valid JSON' } };
  }
  if (status >= 400 && status < 500) {
    return {
      status,
      body: { error: 'bad-request', message: `request refused (${code || status})` },
    };
  }
  return { status: 500, body: { error: 'internal', message: 'internal error' } };
}
