// The one seam between the central platform and its database. Both engines speak the same
// PostgreSQL dialect, so repositories write plain parameterised SQL once: `$1`-style parameters,
// JSON passed as text and cast with `::jsonb`, counts cast to `::int` (pg returns bigint as a
// string, PGlite as a number).

export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with `$n` parameters. */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A unique-constraint violation (SQLSTATE 23505), optionally of one named constraint. Both
 * drivers put `code` and `constraint` on their errors.
 */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; constraint?: unknown };
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/**
 * What may be logged of a database error: its class and SQLSTATE. Never its message, detail or
 * parameters: PostgreSQL quotes offending values there ("invalid input syntax …: \"阳秀梅\"").
 */
export function describeDbError(err: unknown): { errorName: string; code: string | null } {
  if (typeof err !== 'object' || err === null) return { errorName: typeof err, code: null };
  const e = err as { name?: unknown; code?: unknown };
  return {
    errorName: typeof e.name === 'string' ? e.name : 'Error',
    code: typeof e.code === 'string' ? e.code : null,
  };
}
