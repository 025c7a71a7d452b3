// One heartbeat to the centre: a POST signed like every kiosk request (method, path, timestamp,
// nonce, body hash with the enrolled key), bounded in time, and an answer checked against the
// contract before any action in it is believed. Failures carry a status and a short cause only.
import { z } from 'zod';
import {
  FLEET_PATHS,
  HeartbeatAnswer,
  RemoteAction,
  type HeartbeatRequest,
} from '../../contract/fleet-api.ts';
import { centreTimeOfDateHeader, type CentralClock } from '../../offline-cache/central-clock.ts';
import { requestPath, type RequestSigner } from '../../offline-cache/request-signing.ts';

export class HeartbeatFailed extends Error {
  constructor(
    /** unreachable: network, timeout, 5xx, 429; refused: 4xx (enrolment, revocation, contract). */
    readonly kind: 'unreachable' | 'refused' | 'invalid-answer',
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'HeartbeatFailed';
  }
}

const MAX_ANSWER = 256 * 1024;

/**
 * The answer, with its actions read one by one: the centre hands an action over only once, so
 * one the kiosk cannot take (a kind added after this release) must not cost it the others. It is
 * returned in `unknown` to be reported failed, if it at least has an id.
 */
const LenientAnswer = HeartbeatAnswer.extend({ actions: z.array(z.unknown()).max(100) });
const ActionId = z.object({ id: RemoteAction.shape.id });

export interface HeartbeatReply extends HeartbeatAnswer {
  /** Ids of actions this kiosk does not know how to run. */
  unknown: string[];
}

export async function sendHeartbeat(opts: {
  centralUrl: string;
  sign: RequestSigner;
  request: HeartbeatRequest;
  timeoutMs: number;
  /** Aborts the beat (the host is closing). */
  signal?: AbortSignal;
  /** Learns the centre's time from each answer's `Date` (a refusal included). */
  clock?: Pick<CentralClock, 'observe' | 'local'>;
}): Promise<HeartbeatReply> {
  const url = opts.centralUrl.replace(/\/+$/, '') + FLEET_PATHS.heartbeat;
  const body = JSON.stringify(opts.request);
  let res: Response;
  const localNow = opts.clock?.local ?? Date.now;
  const sentAt = localNow();
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...opts.sign({ method: 'POST', path: requestPath(url), body }),
      },
      body,
      redirect: 'error',
      signal: opts.signal
        ? AbortSignal.any([AbortSignal.timeout(opts.timeoutMs), opts.signal])
        : AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const cause = err instanceof Error ? err.name : 'network error';
    throw new HeartbeatFailed('unreachable', null, `centre not reached (${cause})`);
  }
  const answeredAt = localNow();
  if (res.status !== 200) {
    // The centre's error code only (a short token), never its prose.
    const code = await res
      .json()
      .then((j: unknown) => (j as { error?: unknown } | null)?.error)
      .catch(() => undefined);
    // Refused for the clock: the refusal's Date says what the centre's clock reads.
    if (res.status === 401 && code === 'timestamp-out-of-window') {
      opts.clock?.observe(centreTimeOfDateHeader(res.headers.get('date')), sentAt, answeredAt);
    }
    const tag = typeof code === 'string' && /^[a-z0-9-]{1,64}$/.test(code) ? ` ${code}` : '';
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    throw new HeartbeatFailed(
      retryable ? 'unreachable' : 'refused',
      res.status,
      `HTTP ${res.status}${tag}`,
    );
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    const cause = err instanceof Error ? err.name : 'read error';
    throw new HeartbeatFailed('unreachable', 200, `answer cut short (${cause})`);
  }
  if (text.length > MAX_ANSWER)
    throw new HeartbeatFailed('invalid-answer', 200, 'answer too large');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HeartbeatFailed('invalid-answer', 200, 'answer is not JSON');
  }
  const parsed = LenientAnswer.safeParse(json);
  if (!parsed.success) {
    throw new HeartbeatFailed('invalid-answer', 200, 'answer breaks the fleet contract');
  }
  // The centre's own record of when it took the beat, to the millisecond.
  opts.clock?.observe(Date.parse(parsed.data.receivedAt), sentAt, answeredAt);
  const actions: RemoteAction[] = [];
  const unknown: string[] = [];
  for (const raw of parsed.data.actions) {
    const action = RemoteAction.safeParse(raw);
    if (action.success) actions.push(action.data);
    else {
      const id = ActionId.safeParse(raw);
      if (id.success) unknown.push(id.data.id);
    }
  }
  return { ...parsed.data, actions, unknown };
}
