// The fleet benchmark of issue 6 for bench/run.ts: simulated fleets of 2,000 and 20,000 kiosks
// heartbeating every 60 s, with bursts of submissions, against PostgreSQL. The central platform
// runs as `kiosk24 central` in its own process (so its CPU and memory are its own); a throwaway
// PostgreSQL cluster holds the data; this process generates the load over a bounded pool of
// keep-alive connections, every request signed by its kiosk's own Ed25519 key.
//
// Alone, for quick iterations:
//   node --import tsx bench/fleet-cases.ts --kiosks 2000 [--warmup 60] [--measure 60]
//        [--connections 32] [--burst 300] [--cpu-prof DIR] [--trace FILE.csv]
import { randomBytes } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { SubmissionRequest } from '../contract/central-api.ts';
import { CENTRAL_PATHS } from '../contract/central-api.ts';
import { FLEET_PATHS, type HeartbeatRequest } from '../contract/fleet-api.ts';
import { startTestPostgres } from '../central/testing/start-test-postgres.ts';
import { startCentralProcess } from './fleet/central-process.ts';
import { enrolFleet, makeFleet, postmasterPid, type SimulatedKiosk } from './fleet/fleet-kiosks.ts';
import { runFleetLoad, type FleetLoadResult, type FleetRequest } from './fleet/fleet-load.ts';
import { cpuMeter, cpuSeconds, memoryMiB, treeCpuSeconds } from './fleet/process-usage.ts';
import { formatTable, type BenchRow } from './harness.ts';
import { benchSubmission } from './sample-submission.ts';

export interface FleetRunOptions {
  kiosks: number;
  /** Default one heartbeat period (60 s). */
  warmupMs?: number;
  /** Default one heartbeat period (60 s): every kiosk beats once in the measured window. */
  measureMs?: number;
  connections?: number;
  /** Submissions per burst (default: 300 at 20,000 kiosks, scaled down to 100 for small fleets). */
  burstSize?: number;
  /** A CSV of every measured request (sent at ms, kind, latency ms, failure), for diagnosis. */
  traceFile?: string;
  /** A folder for a CPU profile of the central process (node --cpu-prof). */
  cpuProfDir?: string;
  log?: (line: string) => void;
}

export interface FleetRunResult extends FleetLoadResult {
  kiosks: number;
  periodicKind: 'heartbeat' | 'status-feed poll';
  centralCpuPercent: number;
  centralPeakRssMiB: number;
  postgresCpuPercent: number;
}

const PERIOD_MS = 60_000;
const SOFTWARE_VERSION = '0.1.0';

/** A heartbeat as a healthy kiosk sends it; one kiosk in fifty is low on receipt paper. */
function heartbeat(kiosk: SimulatedKiosk, index: number): HeartbeatRequest {
  const paperLow = index % 50 === 0;
  return {
    sentAt: new Date().toISOString(),
    softwareVersion: SOFTWARE_VERSION,
    catalogVersion: 1,
    devices: [
      { device: 'id-reader', state: 'ok', detail: 'SAM ok' },
      { device: 'camera', state: 'ok', detail: '1280x720' },
      {
        device: 'receipt-printer',
        state: paperLow ? 'warning' : 'ok',
        detail: paperLow ? 'paper near end' : 'ready',
        paper: paperLow ? 'low' : 'ok',
      },
      { device: 'a4-printer', state: 'ok', detail: 'idle', paper: 'ok' },
      { device: 'scanner', state: 'absent', detail: 'not fitted' },
      { device: 'central', state: 'ok', detail: 'online' },
    ],
    queue: { pending: 0, oldestPendingAgeSeconds: null, failed: 0 },
    disk: { freeBytes: 50 * 1024 ** 3, totalBytes: 120 * 1024 ** 3 },
    uptimeSeconds: 3600 + index,
    sessionActive: index % 7 === 0,
    completedActions: [],
  };
}

let serial = 0;
const runTag = randomBytes(3).toString('hex').toUpperCase().slice(0, 4);

/** A new submission with unique idempotency key and tracking code, as a kiosk's outbox sends it. */
function submission(kiosk: SimulatedKiosk): SubmissionRequest {
  const n = (serial++).toString(36).toUpperCase().padStart(8, '0');
  return benchSubmission({
    idempotencyKey: `fleet-${runTag}-${n}-${randomBytes(6).toString('base64url')}`,
    trackingCode: `${runTag}-${n.slice(0, 4)}-${n.slice(4)}`,
    kioskId: kiosk.kioskId,
  });
}

function traceTo(file: string) {
  writeFileSync(file, 'sent_ms,kind,latency_ms,failure\n');
  const lines: string[] = [];
  process.once('beforeExit', () => appendFileSync(file, lines.join('')));
  return (sentAt: number, kind: string, ms: number, failure: string | null) => {
    lines.push(`${sentAt.toFixed(1)},${kind},${ms.toFixed(2)},${failure ?? ''}\n`);
  };
}

/** The periodic request: the heartbeat when the centre has the route, else the signed poll. */
async function choosePeriodic(
  url: string,
  kiosks: SimulatedKiosk[],
): Promise<{ kind: FleetRunResult['periodicKind']; make: (k: SimulatedKiosk) => FleetRequest }> {
  const index = new Map(kiosks.map((k, i) => [k.kioskId, i]));
  const beat = (k: SimulatedKiosk): FleetRequest => ({
    method: 'POST',
    path: FLEET_PATHS.heartbeat,
    body: JSON.stringify(heartbeat(k, index.get(k.kioskId)!)),
    ok: [200],
  });
  const probe = beat(kiosks[0]!);
  const res = await fetch(url + probe.path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...kiosks[0]!.sign({ method: 'POST', path: probe.path, body: probe.body! }),
    },
    body: probe.body!,
  });
  await res.arrayBuffer();
  if (res.status === 200) return { kind: 'heartbeat', make: beat };
  if (res.status !== 404) throw new Error(`the heartbeat probe answered HTTP ${res.status}`);
  return {
    kind: 'status-feed poll',
    make: () => ({ method: 'GET', path: `${CENTRAL_PATHS.statusFeed}?after=0`, ok: [200] }),
  };
}

export async function runFleet(opts: FleetRunOptions): Promise<FleetRunResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const count = opts.kiosks.toLocaleString('en-US');
  const postgres = await startTestPostgres();
  let central: Awaited<ReturnType<typeof startCentralProcess>> | null = null;
  try {
    const serverErrors: string[] = [];
    central = await startCentralProcess({
      db: postgres.url,
      nodeArgs: opts.cpuProfDir
        ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(opts.cpuProfDir)}`]
        : [],
      onStderr: (line) => serverErrors.push(line),
    });
    const keysStarted = performance.now();
    const fleet = makeFleet(opts.kiosks);
    await enrolFleet(postgres.url, fleet);
    log(
      `fleet: ${count} kiosks enrolled in ${((performance.now() - keysStarted) / 1000).toFixed(1)} s`,
    );
    const periodic = await choosePeriodic(central.url, fleet.kiosks);
    const pgPid = await postmasterPid(postgres.url);
    const pid = central.pid;
    let centralCpu: ReturnType<typeof cpuMeter> | null = null;
    let pgCpu: ReturnType<typeof cpuMeter> | null = null;
    let cpu = { central: 0, postgres: 0 };
    // One full period first: every kiosk has beaten once, as at a centre that has been running.
    const warmupMs = opts.warmupMs ?? PERIOD_MS;
    const measureMs = opts.measureMs ?? PERIOD_MS;
    log(
      `fleet: ${count} kiosks, ${periodic.kind} every 60 s, ${(warmupMs / 1000).toFixed(0)} s ` +
        `warm-up + ${(measureMs / 1000).toFixed(0)} s measured…`,
    );
    const load = await runFleetLoad({
      url: central.url,
      kiosks: fleet.kiosks,
      periodic: periodic.make,
      submission: (k) => ({
        method: 'POST',
        path: CENTRAL_PATHS.submissions,
        body: JSON.stringify(submission(k)),
        ok: [200, 201],
      }),
      periodMs: PERIOD_MS,
      warmupMs,
      measureMs,
      burst: {
        everyMs: 20_000,
        size: opts.burstSize ?? Math.max(100, Math.min(300, Math.round(opts.kiosks / 66))),
        spreadMs: 1000,
        replayShare: 0.1,
      },
      connections: opts.connections ?? 32,
      ...(opts.traceFile ? { trace: traceTo(opts.traceFile) } : {}),
      onMeasureStart: () => {
        centralCpu = cpuMeter(() => cpuSeconds(pid));
        pgCpu = cpuMeter(() => treeCpuSeconds(pgPid));
      },
      onMeasureEnd: () => {
        cpu = {
          central: centralCpu!.stop().cpuPercent,
          postgres: pgCpu!.stop().cpuPercent,
        };
      },
    });
    const result: FleetRunResult = {
      ...load,
      kiosks: opts.kiosks,
      periodicKind: periodic.kind,
      centralCpuPercent: Math.round(cpu.central * 10) / 10,
      centralPeakRssMiB: Math.round(memoryMiB(pid).peak * 10) / 10,
      postgresCpuPercent: Math.round(cpu.postgres * 10) / 10,
    };
    log(
      `fleet: ${count} kiosks: ${result.requestsPerSecond} req/s; ${periodic.kind} p50 ` +
        `${result.periodic.p50} ms p99 ${result.periodic.p99} ms (max ${result.periodic.max}, ` +
        `n=${result.periodic.count}); submission p50 ${result.submission.p50} ms p99 ` +
        `${result.submission.p99} ms (max ${result.submission.max}, n=${result.submission.count}); ` +
        `central CPU ${result.centralCpuPercent} %, peak RSS ${result.centralPeakRssMiB} MiB; ` +
        `PostgreSQL CPU ${result.postgresCpuPercent} %; generator lag p99 ` +
        `${result.generatorLagP99} ms; errors ${result.periodic.errors + result.submission.errors}` +
        (Object.keys(result.failures).length > 0 ? ` ${JSON.stringify(result.failures)}` : ''),
    );
    for (const line of serverErrors.slice(0, 5)) log(`fleet: central said: ${line.slice(0, 300)}`);
    return result;
  } finally {
    await central?.stop();
    await postgres.stop();
  }
}

/** The table rows of one fleet run (single measurements: median and p95 columns hold p50/p99). */
export function fleetRows(r: FleetRunResult): BenchRow[] {
  const fleet = `fleet of ${r.kiosks.toLocaleString('en-US')} kiosks (PostgreSQL)`;
  const one = (name: string, value: number, unit: string): BenchRow => ({
    name: `${fleet}: ${name}`,
    median: value,
    p95: value,
    unit,
  });
  const beat = r.periodicKind;
  return [
    one('requests sustained', r.requestsPerSecond, 'req/s'),
    one(`${beat} latency p50`, r.periodic.p50, 'ms'),
    one(`${beat} latency p99`, r.periodic.p99, 'ms'),
    one('submission latency p50 (bursts)', r.submission.p50, 'ms'),
    one('submission latency p99 (bursts)', r.submission.p99, 'ms'),
    one('central CPU (% of one core)', r.centralCpuPercent, '%'),
    one('central peak RSS', r.centralPeakRssMiB, 'MiB'),
    one('PostgreSQL CPU (% of one core)', r.postgresCpuPercent, '%'),
    one('errors', r.periodic.errors + r.submission.errors, 'count'),
  ];
}

/** Both fleet sizes of issue 6, for bench/run.ts. */
export async function fleetBenchRows(sizes: number[] = [2000, 20_000]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const kiosks of sizes) rows.push(...fleetRows(await runFleet({ kiosks })));
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Ctrl-C still stops the throwaway cluster and the server ('exit' handlers do).
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => process.exit(130));
  const { values } = parseArgs({
    options: {
      kiosks: { type: 'string', default: '2000' },
      warmup: { type: 'string' },
      measure: { type: 'string' },
      connections: { type: 'string' },
      burst: { type: 'string' },
      'cpu-prof': { type: 'string' },
      trace: { type: 'string' },
    },
  });
  const seconds = (v: string | undefined) => (v === undefined ? undefined : Number(v) * 1000);
  const result = await runFleet({
    kiosks: Number(values.kiosks),
    warmupMs: seconds(values.warmup),
    measureMs: seconds(values.measure),
    connections: values.connections === undefined ? undefined : Number(values.connections),
    burstSize: values.burst === undefined ? undefined : Number(values.burst),
    cpuProfDir: values['cpu-prof'],
    traceFile: values.trace,
  });
  process.stdout.write(`${formatTable(fleetRows(result))}\n`);
}
