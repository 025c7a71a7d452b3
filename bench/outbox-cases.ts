// Benchmark cases of the outbox and sync engine (issue 5), for bench/run.ts:
//   outboxBenchCases(work) → commit latency (with and without a scanned page), drain throughput of
//   a 10,000-submission backlog to a local central platform, and the sync's CPU and memory.
// The central platform runs in its own process (embedded PGlite in memory), so the CPU and memory
// measured here are the kiosk's alone. The three drain figures come from one drain, run once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SubmissionRequest } from '../contract/central-api.ts';
import {
  CentralClient,
  describeAttachments,
  openKioskDatabase,
  Outbox,
  SyncEngine,
  type AttachmentInput,
  type KioskDatabase,
} from '../offline-cache/index.ts';
import type { BenchCase } from './harness.ts';
import { benchSubmission } from './sample-submission.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KEY = Buffer.alloc(32, 0x42);
const KIOSK = 'GZ-BENCH-001';
const MiB = 1024 * 1024;

let serial = 0;
function submission(): SubmissionRequest {
  serial++;
  const n = String(serial).padStart(8, '0');
  return benchSubmission({
    idempotencyKey: `bench-${process.pid}-${n}`,
    trackingCode: `BNCH-${n.slice(0, 4)}-${n.slice(4)}`,
    kioskId: KIOSK,
  });
}

function openOutbox(dir: string): { db: KioskDatabase; outbox: Outbox } {
  mkdirSync(dir, { recursive: true });
  const db = openKioskDatabase({ path: path.join(dir, 'outbox.db'), key: KEY });
  return { db, outbox: new Outbox(db) };
}

/** One commit, as `session.submit` makes it before the citizen is told anything. */
export function outboxCommitLatency(work: string, attachmentBytes = 0): BenchCase {
  let opened: ReturnType<typeof openOutbox> | null = null;
  const page: AttachmentInput[] =
    attachmentBytes > 0
      ? [
          {
            id: 'page-1',
            kind: 'scanned-page',
            mediaType: 'image/jpeg',
            bytes: Buffer.alloc(attachmentBytes, 0x5a),
          },
        ]
      : [];
  const refs = describeAttachments(page);
  return {
    name:
      attachmentBytes > 0
        ? `outbox commit with a ${Math.round(attachmentBytes / 1024)} KiB scanned page`
        : 'outbox commit (submission, encrypted, synchronous=FULL)',
    unit: 'ms',
    runs: 100,
    warmup: 5,
    async setup() {
      opened = openOutbox(path.join(work, `commit-${attachmentBytes}`));
    },
    async run() {
      const req = refs.length > 0 ? { ...submission(), attachments: refs } : submission();
      const started = performance.now();
      opened!.outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req, page);
      return performance.now() - started;
    },
    teardown: async () => opened?.db.close(),
  };
}

/** A central platform in a child process: kiosks named by header, no rate limit, PGlite in memory. */
async function startCentralProcess(): Promise<{ url: string; child: ChildProcess }> {
  const script = `
    import { startCentral } from ${JSON.stringify(path.join(root, 'central', 'index.ts'))};
    const authenticate = {
      async begin(req) {
        const kioskId = String(req.headers['x-kiosk-id'] ?? '');
        return { kioskId, finish: async () => ({ kioskId }) };
      },
    };
    const central = await startCentral({ port: 0, db: 'pglite:memory', authenticate, log: () => {} });
    process.stdout.write(central.url + '\\n');
    process.on('SIGTERM', () => central.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the central platform exited with ${code}`)));
  });
  return { url, child };
}

interface DrainResult {
  items: number;
  seconds: number;
  itemsPerSecond: number;
  cpuMsPer1000: number;
  peakRssGrowthMiB: number;
}

/** Queues `backlog` submissions while the centre is away, then drains them to it. */
async function drainBacklog(work: string, backlog: number): Promise<DrainResult> {
  const { db, outbox } = openOutbox(path.join(work, 'drain'));
  const central = await startCentralProcess();
  try {
    db.transaction(() => {
      for (let i = 0; i < backlog; i++) {
        const req = submission();
        outbox.enqueue('submission', req.idempotencyKey, req.trackingCode, req);
      }
    })();
    const engine = new SyncEngine({
      outbox,
      client: new CentralClient({ baseUrl: central.url, kioskId: KIOSK, timeoutMs: 10_000 }),
      log: () => {},
    });
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 25);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    engine.start();
    while (outbox.pending() > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    await engine.stop();
    const { acknowledged, parked } = outbox.counts();
    if (acknowledged !== backlog || parked !== 0) {
      throw new Error(`drain ended with ${acknowledged} acknowledged, ${parked} parked`);
    }
    const result = {
      items: backlog,
      seconds,
      itemsPerSecond: backlog / seconds,
      cpuMsPer1000: ((cpu.user + cpu.system) / 1000 / backlog) * 1000,
      peakRssGrowthMiB: (peakRss - rssBefore) / MiB,
    };
    process.stderr.write(
      `bench: drained ${backlog} submissions in ${seconds.toFixed(1)} s ` +
        `(${result.itemsPerSecond.toFixed(0)} items/s, ${result.cpuMsPer1000.toFixed(0)} ms CPU ` +
        `per 1,000, peak RSS +${result.peakRssGrowthMiB.toFixed(1)} MiB)\n`,
    );
    return result;
  } finally {
    db.close();
    central.child.kill('SIGTERM');
  }
}

/** Drain throughput, sync CPU and sync memory, measured in one drain of `backlog` submissions. */
export function outboxDrainCases(work: string, backlog = 10_000): BenchCase[] {
  let measured: Promise<DrainResult> | null = null;
  const drain = () => (measured ??= drainBacklog(work, backlog));
  const once = { runs: 1, warmup: 0 };
  const count = backlog.toLocaleString('en-US');
  return [
    {
      name: `outbox drain of ${count} submissions to a local central platform`,
      unit: 'items/s',
      ...once,
      run: async () => (await drain()).itemsPerSecond,
    },
    {
      name: `sync CPU per 1,000 submissions delivered (drain of ${count})`,
      unit: 'ms',
      ...once,
      run: async () => (await drain()).cpuMsPer1000,
    },
    {
      name: `sync peak RSS growth while draining ${count}`,
      unit: 'MiB',
      ...once,
      run: async () => (await drain()).peakRssGrowthMiB,
    },
  ];
}

/** Every outbox case, in the order bench/run.ts should run them. */
export function outboxBenchCases(work: string, opts: { backlog?: number } = {}): BenchCase[] {
  return [
    outboxCommitLatency(work),
    outboxCommitLatency(work, 256 * 1024),
    ...outboxDrainCases(work, opts.backlog ?? 10_000),
  ];
}
