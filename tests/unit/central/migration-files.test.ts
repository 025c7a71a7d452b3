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
  const versions = shipped.map((m) => m.version);
  expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  // Ranges reserved per area, so parallel work never takes the same number.
  expect(shipped.find((m) => m.version === 10)?.name).toBe('kiosk_identity');
  expect(shipped.find((m) => m.version === 11)?.name).toBe('catalog_publishing');
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

it('allows gaps between reserved ranges but refuses a number taken twice and bad names', () => {
  expect(
    loadMigrations(folder({ '0001_a.sql': '', '0010_c.sql': '' })).map((m) => m.version),
  ).toEqual([1, 10]);
  expect(() => loadMigrations(folder({ '0002_a.sql': '', '0002_b.sql': '' }))).toThrow(
    /two migrations are numbered 2/,
  );
  expect(() => loadMigrations(folder({ '0000_a.sql': '' }))).toThrow(/start at 0001/);
  expect(() => loadMigrations(folder({ '1_a.sql': '' }))).toThrow(/NNNN_name\.sql/);
});
