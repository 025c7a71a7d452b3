// The kiosk's side of the intake contract (contract/central-api.ts). Every failure comes out as
// a DeliveryError that says whether trying again can help: the sync engine halts and backs off
// on a retryable one and parks the item on a permanent one. Error messages carry status codes
// and error codes only, never the request or the centre's prose, so they are safe to log.
import type { z } from 'zod';
import {
  ApiError,
  CENTRAL_PATHS,
  RatingAck as RatingAckSchema,
  RatingRequest,
  SubmissionAck,
  SubmissionRequest,
} from '../contract/central-api.ts';

export type RatingAck = z.infer<typeof RatingAckSchema>;

export class DeliveryError extends Error {
  readonly retryable: boolean;
  readonly status?: number;

  constructor(message: string, opts: { retryable: boolean; status?: number }) {
    super(message);
    this.name = 'DeliveryError';
    this.retryable = opts.retryable;
    if (opts.status !== undefined) this.status = opts.status;
  }
}

export interface CentralClientOptions {
  baseUrl: string;
  kioskId: string;
  /** Per request, connect to last byte of the answer. */
  timeoutMs: number;
}

/**
 * Statuses worth trying again. Besides 5xx, 408 and 429 (the centre is busy), 401/403/404/405
 * describe this kiosk's configuration or enrolment, not the item: parking would park the whole
 * queue one item at a time, so they halt it instead until a technician fixes the cause.
 */
function retryableStatus(status: number): boolean {
  return status >= 500 || [401, 403, 404, 405, 408, 425, 429].includes(status);
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  return code ?? (err instanceof Error ? err.name : 'unknown');
}

/** The centre's error code, if it is shaped like one (its prose is not relayed). */
async function errorCode(res: Response): Promise<string | null> {
  try {
    const parsed = ApiError.safeParse(await res.json());
    return parsed.success && /^[A-Za-z0-9_.-]{1,64}$/.test(parsed.data.error)
      ? parsed.data.error
      : null;
  } catch {
    return null;
  }
}

export class CentralClient {
  private readonly baseUrl: string;

  constructor(private readonly opts: CentralClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
  }

  /** True when the centre answers its health check in time; never throws. */
  async health(timeoutMs = this.opts.timeoutMs): Promise<boolean> {
    try {
      const res = await fetch(this.baseUrl + CENTRAL_PATHS.health, {
        headers: { 'x-kiosk-id': this.opts.kioskId },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await res.json()) as { ok?: unknown };
      return res.status === 200 && body.ok === true;
    } catch {
      return false;
    }
  }

  submit(req: SubmissionRequest): Promise<SubmissionAck> {
    return this.post(CENTRAL_PATHS.submissions, SubmissionRequest, SubmissionAck, req);
  }

  rate(req: RatingRequest): Promise<RatingAck> {
    return this.post(CENTRAL_PATHS.ratings, RatingRequest, RatingAckSchema, req);
  }

  private async post<Req extends { trackingCode: string }, Ack extends { trackingCode: string }>(
    path: string,
    requestSchema: z.ZodType<Req>,
    answerSchema: z.ZodType<Ack>,
    req: Req,
  ): Promise<Ack> {
    const valid = requestSchema.safeParse(req);
    if (!valid.success) {
      // Paths only: the offending values may be personal data.
      const fields = [...new Set(valid.error.issues.map((i) => i.path.join('.') || '(root)'))];
      throw new DeliveryError(`invalid request, fields: ${fields.join(', ')}`, {
        retryable: false,
      });
    }
    const timeoutMs = this.opts.timeoutMs;
    let res: Response;
    let body: unknown;
    try {
      res = await fetch(this.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kiosk-id': this.opts.kioskId },
        body: JSON.stringify(valid.data),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) {
        const code = await errorCode(res);
        throw new DeliveryError(`HTTP ${res.status}${code ? ` (${code})` : ''}`, {
          retryable: retryableStatus(res.status),
          status: res.status,
        });
      }
      body = await res.json().catch((err: unknown) => {
        // A cut or stalled body is the network's fault; a body that is not JSON is the centre's.
        if (err instanceof SyntaxError) return undefined;
        throw err;
      });
    } catch (err) {
      if (err instanceof DeliveryError) throw err;
      if (err instanceof Error && err.name === 'TimeoutError') {
        throw new DeliveryError(`timeout after ${timeoutMs} ms`, { retryable: true });
      }
      throw new DeliveryError(`network error (${networkReason(err)})`, { retryable: true });
    }
    const ack = answerSchema.safeParse(body);
    if (!ack.success) {
      throw new DeliveryError(`invalid answer from the central platform (HTTP ${res.status})`, {
        retryable: false,
        status: res.status,
      });
    }
    if (ack.data.trackingCode !== valid.data.trackingCode) {
      throw new DeliveryError('the central platform answered for another tracking code', {
        retryable: false,
        status: res.status,
      });
    }
    return ack.data;
  }
}
