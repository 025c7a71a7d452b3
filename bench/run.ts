// `npm run bench`: the speed targets of the walking skeleton, measured on the real code paths
// (pty + SAM protocol, pdfkit with the CJK font, receiptline, the encrypted outbox); each
// area's cases live beside this file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { faceBenchCases } from './face-cases.ts';
import { fleetBenchRows } from './fleet-cases.ts';
import { idcardBenchCases } from './idcard-cases.ts';
import { outboxBenchCases } from './outbox-cases.ts';
import { printingBenchCases } from './printing-cases.ts';
import { formatTable, runCase, writeResults, type BenchCase, type BenchRow } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-bench-'));

function hostColdStart(): BenchCase {
  let n = 0;
  const configFile = path.join(work, 'cold-start.json');
  return {
    name: 'host cold start to ready',
    unit: 'ms',
    runs: 5,
    warmup: 1,
    async setup() {
      writeFileSync(
        configFile,
        JSON.stringify({
          central: { url: 'http://127.0.0.1:9' },
          idReader: { transport: 'in-process-simulator', card: 'resident' },
          receiptPrinter: { uri: 'tcp://127.0.0.1:9' },
        }),
      );
    },
    async run() {
      const started = performance.now();
      const dataDir = path.join(work, `cold-${n++}`);
      const child = spawn(
        process.execPath,
        [
          path.join(root, 'bin', 'kiosk24.mjs'),
          'start',
          '--shell',
          'none',
          '--announce',
          'json',
          '--port',
          '0',
          '--config',
          configFile,
          '--data-dir',
          dataDir,
        ],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      const ready = await new Promise<number>((resolve, reject) => {
        readline.createInterface({ input: child.stdout }).on('line', (line) => {
          if (line.includes('"ready"')) resolve(performance.now() - started);
        });
        child.once('exit', (code) => reject(new Error(`kiosk24 start exited with ${code}`)));
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      return ready;
    },
  };
}

const rows: BenchRow[] = [];
try {
  for (const c of [
    hostColdStart(),
    ...idcardBenchCases(work),
    ...printingBenchCases(),
    ...outboxBenchCases(work),
    // Issue 7: face verification in Chromium with the fake camera (about a minute).
    ...faceBenchCases(),
  ]) {
    process.stderr.write(`bench: ${c.name}…\n`);
    rows.push(await runCase(c));
  }
  // Issue 6: fleets of 2,000 and 20,000 kiosks against PostgreSQL (about five minutes).
  rows.push(...(await fleetBenchRows()));
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(formatTable(rows));
writeResults(path.join(root, 'bench', 'results.json'), rows);
console.log(`\nwritten: bench/results.json`);
