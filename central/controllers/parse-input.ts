// A request's body or query through its contract schema, or a 400 ApiError naming the fields.
import type { z } from 'zod';
import { CentralError } from '../errors.ts';
import { describeIssues } from '../http/api-error.ts';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new CentralError('invalid', 'invalid-request', describeIssues(parsed.error.issues));
  }
  return parsed.data;
}
