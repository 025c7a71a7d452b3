// The load of a kiosk fleet on the central platform: every kiosk sends its periodic request (a
// heartbeat) once per period at its own random phase, and at fixed moments a burst of kiosks
// submit at once (an outage ends, a morning rush), a tenth of them resending an earlier submission
// as a kiosk does after a lost answer. Requests go over a bounded pool of keep-alive connections,
// as they would through a reverse proxy. Latency runs from handing the signed request to the HTTP
// client until the last byte of the answer, so time queued for a free connection counts.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { quantile } from '../harness.ts';
import type { SimulatedKiosk } from './fleet-kiosks.ts';

export interface FleetRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** Statuses that count as success. */
  ok: readonly number[];
}

export type RequestKind = 'periodic' | 'submission';

export interface FleetLoadOptions {
  url: string;
  kiosks: readonly SimulatedKiosk[];
  /** The request each kiosk repeats once per period (the heartbeat). */
  periodic: (kiosk: SimulatedKiosk) => FleetRequest;
  /** A new submission from this kiosk. */
  submission: (kiosk: SimulatedKiosk) => FleetRequest;
  periodMs: number;
  /** Load before the measured window, not counted. */
  warmupMs: number;
  /** The measured window; one full period gives every kiosk one periodic request in it. */
  measureMs: number;
  burst: { everyMs: number; size: number; spreadMs: number; replayShare: number };
  connections: number;
  /** Gives up on an answer after this long (counted as an error); default 30 s. */
  timeoutMs?: number;
  /** Receives every measured request: when it was sent (ms from the start), kind, latency. */
  trace?: (sentAt: number, kind: RequestKind, ms: number, failure: string | null) => void;
  /** Called when the measured window opens and closes (CPU meters). */
  onMeasureStart?: () => void;
  onMeasureEnd?: () => void;
}

export interface KindFigures {
  count: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export interface FleetLoadResult {
  seconds: number;
  requestsPerSecond: number;
  periodic: KindFigures;
  submission: KindFigures;
  /** Status (or error name) → count, over the measured window, for the failures' story. */
  failures: Record<string, number>;
  /** p99 of how late the generator sent a request after its scheduled time (ms). */
  generatorLagP99: number;
}

interface Planned {
  at: number;
  kind: RequestKind;
  kiosk: SimulatedKiosk;
  /** A burst entry that resends an earlier submission instead of a new one. */
  replay: boolean;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Everything the fleet will send, ordered by time from the start (ms). */
function plan(opts: FleetLoadOptions): Planned[] {
  const end = opts.warmupMs + opts.measureMs;
  const planned: Planned[] = [];
  for (const kiosk of opts.kiosks) {
    for (let at = Math.random() * opts.periodMs; at < end; at += opts.periodMs) {
      planned.push({ at, kind: 'periodic', kiosk, replay: false });
    }
  }
  for (let at = opts.burst.everyMs / 2; at < end; at += opts.burst.everyMs) {
    const who = shuffle([...opts.kiosks]).slice(0, opts.burst.size);
    for (const kiosk of who) {
      planned.push({
        at: at + Math.random() * opts.burst.spreadMs,
        kind: 'submission',
        kiosk,
        replay: Math.random() < opts.burst.replayShare,
      });
    }
  }
  return planned.sort((a, b) => a.at - b.at);
}

function figures(samples: number[], errors: number): KindFigures {
  const sorted = samples.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    count: samples.length,
    errors,
    p50: round(quantile(sorted, 0.5)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

export async function runFleetLoad(opts: FleetLoadOptions): Promise<FleetLoadResult> {
  const target = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const planned = plan(opts);
  const latencies: Record<RequestKind, number[]> = { periodic: [], submission: [] };
  const errors: Record<RequestKind, number> = { periodic: 0, submission: 0 };
  const failures: Record<string, number> = {};
  const lags: number[] = [];
  /** Submissions already sent, for the replays. */
  const sent: { kiosk: SimulatedKiosk; req: FleetRequest }[] = [];
  let inFlight = 0;
  let measuredRequests = 0;
  let drained: (() => void) | null = null;

  const send = (req: FleetRequest, kiosk: SimulatedKiosk, kind: RequestKind, counted: boolean) => {
    const headers: Record<string, string> = kiosk.sign({
      method: req.method,
      path: req.path,
      ...(req.body === undefined ? {} : { body: req.body }),
    });
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(req.body));
    }
    inFlight++;
    const started = performance.now();
    let answered = false;
    const done = (failure: string | null) => {
      if (answered) return;
      answered = true;
      inFlight--;
      if (counted) {
        measuredRequests++;
        const ms = performance.now() - started;
        latencies[kind].push(ms);
        opts.trace?.(started - start, kind, ms, failure);
        if (failure !== null) {
          errors[kind]++;
          failures[`${kind} ${failure}`] = (failures[`${kind} ${failure}`] ?? 0) + 1;
        }
      }
      if (inFlight === 0) drained?.();
    };
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.path,
        headers,
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () =>
          done(req.ok.includes(res.statusCode ?? 0) ? null : `${res.statusCode}`),
        );
        res.on('error', (err) => done(err.name));
      },
    );
    request.setTimeout(opts.timeoutMs ?? 30_000, () => {
      done('timeout');
      request.destroy();
    });
    request.on('error', (err) => done((err as NodeJS.ErrnoException).code ?? err.name));
    request.end(req.body);
  };

  const start = performance.now();
  let measuring = false;
  for (let i = 0; i < planned.length;) {
    const now = performance.now() - start;
    if (!measuring && now >= opts.warmupMs) {
      measuring = true;
      opts.onMeasureStart?.();
    }
    while (i < planned.length && planned[i]!.at <= now) {
      const p = planned[i++]!;
      const counted = p.at >= opts.warmupMs;
      if (counted) lags.push(now - p.at);
      if (p.kind === 'periodic') {
        send(opts.periodic(p.kiosk), p.kiosk, p.kind, counted);
      } else if (p.replay && sent.length > 0) {
        // The same bytes again from the same kiosk, freshly signed: answered from the record.
        const earlier = sent[Math.floor(Math.random() * sent.length)]!;
        send(earlier.req, earlier.kiosk, p.kind, counted);
      } else {
        const req = opts.submission(p.kiosk);
        sent.push({ kiosk: p.kiosk, req });
        send(req, p.kiosk, p.kind, counted);
      }
    }
    const next = planned[i]?.at ?? now;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(next - now, 20))));
  }
  const end = opts.warmupMs + opts.measureMs;
  while (performance.now() - start < end) await new Promise((r) => setTimeout(r, 10));
  if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
  opts.onMeasureEnd?.();
  agent.destroy();
  const seconds = opts.measureMs / 1000;
  return {
    seconds,
    requestsPerSecond: Math.round((measuredRequests / seconds) * 10) / 10,
    periodic: figures(latencies.periodic, errors.periodic),
    submission: figures(latencies.submission, errors.submission),
    failures,
    generatorLagP99:
      Math.round(
        quantile(
          [...lags].sort((a, b) => a - b),
          0.99,
        ) * 100,
      ) / 100,
  };
}
