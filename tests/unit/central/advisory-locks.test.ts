// Each concern has its own advisory-lock key: a shared key made account changes wait on (and
// risk deadlocking with) audit-log appends.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADVISORY_LOCKS } from '../../../central/db/advisory-locks.ts';

const centralDir = path.resolve(import.meta.dirname, '../../../central');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === 'console'
        ? []
        : sources(path.join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

describe('advisory locks', () => {
  it('has one distinct key per concern', () => {
    const keys = Object.values(ADVISORY_LOCKS);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is the only place a numeric lock key is written', () => {
    const literal = /pg_advisory(?:_xact)?_lock\(\s*\d/;
    const numeric = /0x6b32[0-9a-f]{4}/i;
    const offenders = sources(centralDir).filter((file) => {
      if (file.endsWith(path.join('db', 'advisory-locks.ts'))) return false;
      const text = readFileSync(file, 'utf8');
      return literal.test(text) || numeric.test(text);
    });
    expect(offenders).toEqual([]);
  });
});
