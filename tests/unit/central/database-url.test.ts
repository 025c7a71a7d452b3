import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDatabase, parseDatabaseUrl } from '../../../central/db/open-database.ts';

describe('the --db URL', () => {
  it('names the embedded database in memory or in a folder', () => {
    expect(parseDatabaseUrl('pglite:memory')).toEqual({ engine: 'pglite', dir: null });
    expect(parseDatabaseUrl('pglite:.kiosk24/central')).toEqual({
      engine: 'pglite',
      dir: path.resolve('.kiosk24/central'),
    });
  });

  it('names a PostgreSQL server', () => {
    for (const url of ['postgres://u:p@db/central', 'postgresql://db:5433/central']) {
      expect(parseDatabaseUrl(url)).toEqual({ engine: 'postgres', url });
    }
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'pglite:', 'sqlite:central.db', 'mysql://db/x', '/var/lib/central']) {
      expect(() => parseDatabaseUrl(bad)).toThrow(/pglite:memory/);
    }
  });

  it('describes a server without its password', () => {
    const text = describeDatabase(
      parseDatabaseUrl('postgres://kiosk:s3cret@db.example:5432/central'),
    );
    expect(text).toBe('postgres://db.example:5432/central');
    expect(describeDatabase(parseDatabaseUrl('pglite:memory'))).toBe('pglite:memory');
  });
});
