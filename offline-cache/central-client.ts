// The kiosk's side of the intake contract (contract/central-api.ts), every call typed and checked
// through the route table (contract/api-routes.ts, contract/api-client.ts). Every failure comes out as
// a DeliveryError that says whether trying again can help: the sync engine halts and backs off
// on a retryable one and parks the item on a permanent one. Error messages carry status codes
// and error codes only, never the request or the centre's prose, so they are safe to log.
import type { z } from 'zod';
import {
  callRoute,
  fetchTransport,
  RouteAnswerError,
  RouteInputError,
  type ApiTransport,
  type RouteInput,
  type RouteSuccess,
} from '../contract/api-client.ts';
import { API_ROUTES, type RouteSpec } from '../contract/api-routes.ts';
import type {
  AttachmentRef,
  RatingAck as RatingAckSchema,
  RatingRequest,
  StatusFeedPage,
  SubmissionAck,
  SubmissionRequest,
  UploadDeclaration,
  UploadState,
} from '../contract/central-api.ts';
import type { RequestSigner } from './request-signing.ts';

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

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  return code ?? (err instanceof Error ? err.name : 'unknown');
}

/** The centre's error code, if it is shaped like one (its prose is not relayed). */
const safeCode = (code: string | undefined): string | null =>
  code !== undefined && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : null;

export class CentralClient {
  private readonly transport: ApiTransport;

  constructor(private readonly opts: CentralClientOptions) {
    this.transport = fetchTransport({
      baseUrl: opts.baseUrl,
      timeoutMs: opts.timeoutMs,
      headers: { 'x-kiosk-id': opts.kioskId },
      ...(opts.sign ? { sign: opts.sign } : {}),
    });
  }

  /** True when the centre answers its health check in time; never throws. */
  async health(timeoutMs = this.opts.timeoutMs): Promise<boolean> {
    try {
      // Unsigned: a probe, not a kiosk request.
      const transport = fetchTransport({
        baseUrl: this.opts.baseUrl,
        timeoutMs,
        headers: { 'x-kiosk-id': this.opts.kioskId },
      });
      const answer = await callRoute(API_ROUTES.health, {}, transport);
      return answer.ok && answer.status === 200 && answer.body.ok;
    } catch {
      return false;
    }
  }

  async submit(req: SubmissionRequest): Promise<SubmissionAck> {
    return this.sameCode(req, (await this.call(API_ROUTES.submit, { body: req })).body);
  }

  async rate(req: RatingRequest): Promise<RatingAck> {
    return this.sameCode(req, (await this.call(API_ROUTES.rate, { body: req })).body);
  }

  /** Declares an attachment of a submission (idempotent); the answer says where to resume. */
  async declareUpload(submissionKey: string, ref: AttachmentRef): Promise<UploadState> {
    const declaration: UploadDeclaration = {
      kind: ref.kind,
      mediaType: ref.mediaType,
      size: ref.size,
      sha256: ref.sha256,
    };
    const answer = await this.call(API_ROUTES.declareUpload, {
      params: { submissionKey, attachmentId: ref.id },
      body: declaration,
    });
    return answer.body;
  }

  /** Sends bytes from `offset`; bytes the centre already holds are acknowledged, not doubled. */
  async putChunk(
    submissionKey: string,
    attachmentId: string,
    offset: number,
    bytes: Uint8Array,
  ): Promise<UploadState> {
    const answer = await this.call(API_ROUTES.putChunk, {
      params: { submissionKey, attachmentId, offset },
      body: bytes,
    });
    return answer.body;
  }

  /** Asks the centre to verify size and SHA-256 and seal the upload (idempotent). */
  async completeUpload(submissionKey: string, attachmentId: string): Promise<UploadState> {
    const answer = await this.call(API_ROUTES.completeUpload, {
      params: { submissionKey, attachmentId },
      body: {},
    });
    return answer.body;
  }

  /** This kiosk's status changes after `after` (an opaque cursor; '0' from the start). */
  async statusFeed(after: string, limit = 200): Promise<StatusFeedPage> {
    const answer = await this.call(API_ROUTES.statusFeed, { query: { after, limit } });
    return answer.body;
  }

  /** An acknowledgement must be for the request's own tracking code. */
  private sameCode<Ack extends { trackingCode: string }>(
    req: { trackingCode: string },
    ack: Ack,
  ): Ack {
    if (ack.trackingCode !== req.trackingCode) {
      throw new DeliveryError('the central platform answered for another tracking code', {
        retryable: false,
      });
    }
    return ack;
  }

  /** Every request to the centre goes through here: one place for errors and their classes. */
  private async call<R extends RouteSpec>(
    route: R,
    input: RouteInput<R>,
  ): Promise<RouteSuccess<R>> {
    const timeoutMs = this.opts.timeoutMs;
    let answer;
    try {
      answer = await callRoute(route, input, this.transport);
    } catch (err) {
      if (err instanceof RouteInputError) {
        // Paths only: the offending values may be personal data.
        const fields = err.fields.map((f) => f.replace(/^body\./, ''));
        throw new DeliveryError(`invalid request, fields: ${fields.join(', ')}`, {
          retryable: false,
        });
      }
      if (err instanceof RouteAnswerError) {
        throw new DeliveryError(`invalid answer from the central platform (HTTP ${err.status})`, {
          retryable: false,
          status: err.status,
        });
      }
      if (err instanceof Error && err.name === 'TimeoutError') {
        throw new DeliveryError(`timeout after ${timeoutMs} ms`, { retryable: true });
      }
      throw new DeliveryError(`network error (${networkReason(err)})`, { retryable: true });
    }
    if (!answer.ok) {
      const code = safeCode(answer.error?.error);
      throw new DeliveryError(`HTTP ${answer.status}${code ? ` (${code})` : ''}`, {
        retryable: retryableStatus(answer.status) || (code !== null && RETRYABLE_CODES.has(code)),
        status: answer.status,
        ...(code ? { code } : {}),
      });
    }
    return answer;
  }
}
