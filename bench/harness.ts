// A small benchmark harness: each case yields samples (one per run, or its own measured
// values), summarised as median and p95 in a table and in bench/results.json, whose rows
// {name, median, p95, unit} monitoring reads.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface BenchRow {
  name: string;
  median: number;
  p95: number;
  unit: string;
}

export interface BenchCase {
  name: string;
  unit: 'ms' | 'MB/s' | 'items/s' | 'MiB';
  /** Measured runs; warm-up runs are not counted. */
  runs: number;
  warmup?: number;
  setup?: () => Promise<void>;
  teardown?: () => Promise<void>;
  /** Returns its own measurement, or nothing to be timed in milliseconds. */
  run: () => Promise<number | void>;
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarise(name: string, unit: string, samples: number[]): BenchRow {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { name, unit, median: round(quantile(sorted, 0.5)), p95: round(quantile(sorted, 0.95)) };
}

export async function runCase(c: BenchCase): Promise<BenchRow> {
  await c.setup?.();
  try {
    for (let i = 0; i < (c.warmup ?? 1); i++) await c.run();
    const samples: number[] = [];
    for (let i = 0; i < c.runs; i++) {
      const started = performance.now();
      const measured = await c.run();
      samples.push(typeof measured === 'number' ? measured : performance.now() - started);
    }
    return summarise(c.name, c.unit, samples);
  } finally {
    await c.teardown?.();
  }
}

export function formatTable(rows: BenchRow[]): string {
  const header = ['name', 'median', 'p95', 'unit'];
  const cells = rows.map((r) => [r.name, r.median.toFixed(2), r.p95.toFixed(2), r.unit]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function writeResults(file: string, rows: BenchRow[]): void {
  writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
}
