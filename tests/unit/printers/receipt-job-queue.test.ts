// The receipt job queue: oldest first, kept on disk (owner-only files) or in memory, expired
// receipts dropped.
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReceiptJobQueue } from '../../../printers/index.ts';

describe.each([
  ['on disk', () => path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk24-rq-')), 'queue')],
  ['in memory', () => null],
])('ReceiptJobQueue %s', (_name, dir) => {
  it('keeps jobs oldest first until removed, and drops expired ones', () => {
    let now = 1_700_000_000_000;
    const queue = new ReceiptJobQueue({ dir: dir(), maxAgeMs: 60_000, now: () => now });
    const a = queue.add(Buffer.from('first'));
    now += 1000;
    const b = queue.add(Buffer.from('second'));
    expect(queue.list().map((j) => j.bytes.toString())).toEqual(['first', 'second']);
    queue.remove(a.id);
    expect(queue.list().map((j) => j.id)).toEqual([b.id]);
    now += 61_000;
    expect(queue.size()).toBe(0);
  });
});

describe('ReceiptJobQueue on disk', () => {
  it('writes owner-only files that a new queue on the same folder finds', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk24-rq-')), 'queue');
    new ReceiptJobQueue({ dir }).add(Buffer.from([0x1b, 0x40, 0x41]));
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(statSync(path.join(dir, files[0]!)).mode & 0o077).toBe(0);
    expect(statSync(dir).mode & 0o077).toBe(0);
    const again = new ReceiptJobQueue({ dir });
    expect(again.list().map((j) => [...j.bytes])).toEqual([[0x1b, 0x40, 0x41]]);
  });
});
