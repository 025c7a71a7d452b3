// The heartbeat loop: a beat every `intervalSeconds` (the centre may ask for another interval in
// its answer) with ±10 % jitter so a fleet started together does not beat together; after a
// failure, exponential backoff from one interval up to ten (a centre coming back is not met by
// the whole fleet at once). Outcomes waiting in the journal ride along and are marked reported
// only once the centre answered 200. Nothing here throws into the host; the log gets transitions
// (first success, failure, recovery) with codes and counts only.
import type { HeartbeatRequest } from '../../contract/fleet-api.ts';
import { backoffDelay } from '../../offline-cache/backoff.ts';
import type { CentralClock } from '../../offline-cache/central-clock.ts';
import type { RequestSigner } from '../../offline-cache/request-signing.ts';
import { errorText, type Logger } from '../log.ts';
import type { ActionJournal } from './action-journal.ts';
import type { HeartbeatContent } from './collect-heartbeat.ts';
import { HeartbeatFailed, sendHeartbeat, type HeartbeatReply } from './heartbeat-client.ts';
import type { RemoteActions } from './remote-actions.ts';

export type BeatOutcome = 'ok' | 'unreachable' | 'refused' | 'invalid-answer' | 'failed';

export interface HeartbeatSenderOptions {
  centralUrl: string;
  sign: RequestSigner;
  /** Learns the centre's time from the answers (the signer should sign on it). */
  clock?: Pick<CentralClock, 'observe' | 'local'>;
  collect: () => Promise<HeartbeatContent>;
  journal: ActionJournal;
  actions: RemoteActions;
  log: Logger;
  intervalSeconds: number;
  /** Per beat (default 10 s, and never more than the interval). */
  timeoutMs?: number;
  /** Delay before the first beat (default: a random part of 5 s). */
  firstDelayMs?: number;
  random?: () => number;
}

export interface HeartbeatSender {
  /** One beat now (a concurrent call joins the one under way). */
  beatNow(): Promise<BeatOutcome>;
  start(): void;
  stop(): Promise<void>;
  /** The interval in force (seconds) and consecutive failures, for the technician. */
  status(): { intervalSeconds: number; failures: number; lastOutcome: BeatOutcome | null };
}

/** The centre's outcomes per beat: at most this many (the contract's bound). */
const MAX_COMPLETED = 32;
const MIN_INTERVAL_S = 5;
const MAX_INTERVAL_S = 3600;

export function createHeartbeatSender(opts: HeartbeatSenderOptions): HeartbeatSender {
  const { log, journal } = opts;
  const random = opts.random ?? Math.random;
  let intervalSeconds = opts.intervalSeconds;
  let failures = 0;
  let lastOutcome: BeatOutcome | null = null;
  let lastFailure = '';
  let running: Promise<BeatOutcome> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let started = false;
  let stopped = false;
  const closing = new AbortController();

  async function beat(): Promise<BeatOutcome> {
    let reply: HeartbeatReply;
    const completedActions = journal.unreported(MAX_COMPLETED);
    try {
      const content = await opts.collect();
      const request: HeartbeatRequest = { ...content, completedActions };
      reply = await sendHeartbeat({
        centralUrl: opts.centralUrl,
        sign: opts.sign,
        ...(opts.clock ? { clock: opts.clock } : {}),
        request,
        timeoutMs: opts.timeoutMs ?? Math.min(10_000, intervalSeconds * 1000),
        signal: closing.signal,
      });
    } catch (err) {
      if (stopped) return 'failed'; // cut short by the host closing: nothing to tell
      failures += 1;
      const outcome: BeatOutcome = err instanceof HeartbeatFailed ? err.kind : 'failed';
      const reason = errorText(err);
      if (reason !== lastFailure) {
        lastFailure = reason;
        log.warn('heartbeat.failed', { outcome, reason, failures });
      }
      return outcome;
    }
    journal.markReported(completedActions.map((a) => a.id));
    const next = Math.min(Math.max(reply.nextHeartbeatSeconds, MIN_INTERVAL_S), MAX_INTERVAL_S);
    if (failures > 0 || lastOutcome === null || next !== intervalSeconds) {
      log.info(failures > 0 ? 'heartbeat.recovered' : 'heartbeat.ok', {
        after: failures,
        intervalSeconds: next,
        reported: completedActions.length,
        actions: reply.actions.length,
      });
    }
    intervalSeconds = next;
    failures = 0;
    lastFailure = '';
    opts.actions.accept(reply.actions, reply.unknown);
    return 'ok';
  }

  function beatNow(): Promise<BeatOutcome> {
    running ??= beat()
      .catch((): BeatOutcome => 'failed')
      .then((outcome) => {
        lastOutcome = outcome;
        return outcome;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  const delay = () => {
    const intervalMs = intervalSeconds * 1000;
    if (failures === 0) return Math.round(intervalMs * (0.9 + 0.2 * random()));
    return backoffDelay(failures, { baseMs: intervalMs, maxMs: intervalMs * 10 }, random);
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      void beatNow().finally(() => schedule(delay()));
    }, ms);
    timer.unref();
  };

  return {
    beatNow,
    start() {
      if (started || stopped) return;
      started = true;
      schedule(opts.firstDelayMs ?? Math.round(random() * Math.min(5000, intervalSeconds * 1000)));
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      closing.abort();
      await running;
    },
    status: () => ({ intervalSeconds, failures, lastOutcome }),
  };
}
