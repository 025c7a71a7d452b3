// The kiosk's side of the intake contract (contract/central-api.ts). Every failure comes out as
// a DeliveryError that says whether trying again can help: the sync engine halts and backs off
// on a retryable one and parks the item on a permanent one. Error messages carry status codes
// and error codes only, never the request or the centre's prose, so they are safe to log.
import type { z } from 'zod';
import {
  ApiError,
  CENTRAL_PATHS,
  CHUNK_MEDIA_TYPE,
  RatingAck as RatingAckSchema,
  RatingRequest,
  StatusFeedPage,
  SubmissionAck,
  SubmissionRequest,
  UploadState,
  type AttachmentRef,
  type UploadDeclaration,
} from '../contract/central-api.ts';
import { requestPath, type RequestSigner } from './request-signing.ts';

export type RatingAck = z.infer<typeof RatingAckSchema>;

export class DeliveryError extends Error {
  readonly retryable: boolean;
  readonly status?: number;
  /** The centre's error code (ApiError.error), when it gave one. */
  readonly code?: string;

  constructor(message: string, opts: { retryable: boolean; status?: number; code?: string }) {
    super(message);
    this.name = 'DeliveryError';
    this.retryable = opts.retryable;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.code !== undefined) this.code = opts.code;
  }
}

export interface CentralClientOptions {
  baseUrl: string;
  kioskId: string;
  /** Per request, connect to last byte of the answer. */
  timeoutMs: number;
  /** Signs each request as this kiosk (issue 6; offline-cache/request-signing.ts). */
  sign?: RequestSigner;
}

/**
 * Statuses worth trying again. Besides 5xx, 408 and 429 (the centre is busy), 401/403/404/405
 * describe this kiosk's configuration or enrolment, not the item: parking would park the whole
 * queue one item at a time, so they halt it instead until a technician fixes the cause.
 */
function retryableStatus(status: number): boolean {
  return status >= 500 || [401, 403, 404, 405, 408, 425, 429].includes(status);
}

/**
 * Upload answers that resolve themselves on the next attempt: the centre holds a different
 * number of bytes than this chunk assumed (a concurrent or lost chunk), it discarded an upload
 * whose hash did not match and wants it again, or it lacks an attachment the kiosk thought
 * uploaded (the engine then uploads it again).
 */
const RETRYABLE_CODES = new Set([
  'upload-offset-mismatch',
  'attachment-hash-mismatch',
  'attachments-incomplete',
]);

interface Body {
  json?: unknown;
  bytes?: Uint8Array;
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

  /** Declares an attachment of a submission (idempotent); the answer says where to resume. */
  declareUpload(submissionKey: string, ref: AttachmentRef): Promise<UploadState> {
    const declaration: UploadDeclaration = {
      kind: ref.kind,
      mediaType: ref.mediaType,
      size: ref.size,
      sha256: ref.sha256,
    };
    return this.exchange('PUT', uploadPath(submissionKey, ref.id), UploadState, {
      json: declaration,
    });
  }

  /** Sends bytes from `offset`; bytes the centre already holds are acknowledged, not doubled. */
  putChunk(
    submissionKey: string,
    attachmentId: string,
    offset: number,
    bytes: Uint8Array,
  ): Promise<UploadState> {
    const path = `${uploadPath(submissionKey, attachmentId)}/chunks/${offset}`;
    return this.exchange('PUT', path, UploadState, { bytes });
  }

  /** Asks the centre to verify size and SHA-256 and seal the upload (idempotent). */
  completeUpload(submissionKey: string, attachmentId: string): Promise<UploadState> {
    const path = `${uploadPath(submissionKey, attachmentId)}/complete`;
    return this.exchange('POST', path, UploadState, { json: {} });
  }

  /** This kiosk's status changes after `after` (an opaque cursor; '0' from the start). */
  statusFeed(after: string, limit = 200): Promise<StatusFeedPage> {
    const query = new URLSearchParams({ after, limit: String(limit) });
    return this.exchange('GET', `${CENTRAL_PATHS.statusFeed}?${query}`, StatusFeedPage, null);
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
    const ack = await this.exchange('POST', path, answerSchema, { json: valid.data });
    if (ack.trackingCode !== valid.data.trackingCode) {
      throw new DeliveryError('the central platform answered for another tracking code', {
        retryable: false,
      });
    }
    return ack;
  }

  /** Every request to the centre goes through here: one place for headers, timeouts, errors. */
  private async exchange<Answer>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    answerSchema: z.ZodType<Answer>,
    body: Body | null,
  ): Promise<Answer> {
    const timeoutMs = this.opts.timeoutMs;
    const headers: Record<string, string> = { 'x-kiosk-id': this.opts.kioskId };
    let payload: string | Uint8Array<ArrayBuffer> | undefined;
    if (body?.bytes) {
      headers['content-type'] = CHUNK_MEDIA_TYPE;
      // Outbox blobs are Buffers over plain ArrayBuffers, never shared memory.
      payload = body.bytes as Uint8Array<ArrayBuffer>;
    } else if (body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    }
    if (this.opts.sign) {
      const signPath = requestPath(this.baseUrl + path);
      Object.assign(headers, this.opts.sign({ method, path: signPath, body: payload }));
    }
    let res: Response;
    let answer: unknown;
    try {
      res = await fetch(this.baseUrl + path, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) {
        const code = await errorCode(res);
        throw new DeliveryError(`HTTP ${res.status}${code ? ` (${code})` : ''}`, {
          retryable: retryableStatus(res.status) || (code !== null && RETRYABLE_CODES.has(code)),
          status: res.status,
          ...(code ? { code } : {}),
        });
      }
      answer = await res.json().catch((err: unknown) => {
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
    const parsed = answerSchema.safeParse(answer);
    if (!parsed.success) {
      throw new DeliveryError(`invalid answer from the central platform (HTTP ${res.status})`, {
        retryable: false,
        status: res.status,
      });
    }
    return parsed.data;
  }
}

function uploadPath(submissionKey: string, attachmentId: string): string {
  return `${CENTRAL_PATHS.uploads}/${encodeURIComponent(submissionKey)}/${encodeURIComponent(attachmentId)}`;
}
