import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadMigrations } from '../../../central/db/migrate.ts';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
  return dir;
}

it('ships numbered migrations starting at 1, each with a checksum', () => {
  const shipped = loadMigrations();
  expect(shipped[0]).toMatchObject({ version: 1, name: 'intake' });
  expect(shipped.map((m) => m.version)).toEqual(shipped.map((_, i) => i + 1));
  for (const m of shipped) expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
});

it('orders by number, not by file listing', () => {
  const dir = folder({
    '0002_b.sql': 'SELECT 2;',
    '0001_a.sql': 'SELECT 1;',
    'README.md': 'not sql',
  });
  expect(loadMigrations(dir).map((m) => m.name)).toEqual(['a', 'b']);
});

it('refuses gaps and badly named files', () => {
  expect(() => loadMigrations(folder({ '0001_a.sql': '', '0003_c.sql': '' }))).toThrow(
    /without gaps/,
  );
  expect(() => loadMigrations(folder({ '1_a.sql': '' }))).toThrow(/NNNN_name\.sql/);
});
