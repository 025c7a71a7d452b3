// Equality filters for count/list queries: only whitelisted columns, values always parameterised.
export function whereClause(
  filter: object,
  columns: Record<string, string>,
): { sql: string; params: unknown[] } {
  const values = filter as Record<string, unknown>;
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [key, column] of Object.entries(columns)) {
    const value = values[key];
    if (value === undefined) continue;
    params.push(value);
    parts.push(`${column} = $${params.length}`);
  }
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}
