// Resumable attachment uploads (see services/attachment-service.ts): declare, chunks by offset,
// complete. Every route authenticates like intake and acts only on the calling kiosk's uploads.
// Chunk bodies are raw bytes; their parser lives in this plugin's scope, so every other route
// stays JSON-only.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  CENTRAL_PATHS,
  CHUNK_MEDIA_TYPE,
  ChunkParams,
  UploadDeclaration,
  UploadParams,
} from '../../contract/central-api.ts';
import { CentralError } from '../errors.ts';
import { describeIssues } from '../http/api-error.ts';
import type { Authenticate } from '../http/authenticate.ts';
import { kioskOf, requireKiosk } from '../http/request-context.ts';
import type { UploadId } from '../repositories/attachment-repository.ts';
import type { AttachmentService } from '../services/attachment-service.ts';

export interface AttachmentControllerDeps {
  attachments: AttachmentService;
  authenticate: Authenticate;
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new CentralError('invalid', 'invalid-request', describeIssues(parsed.error.issues));
  }
  return parsed.data;
}

function uploadId(request: FastifyRequest): UploadId {
  const params = parse(UploadParams, request.params);
  return { kioskId: kioskOf(request).kioskId, ...params };
}

export function registerAttachmentRoutes(
  app: FastifyInstance,
  deps: AttachmentControllerDeps,
): void {
  const onRequest = requireKiosk(deps.authenticate);
  const base = `${CENTRAL_PATHS.uploads}/:submissionKey/:attachmentId`;

  app.put(base, { onRequest }, async (request) =>
    deps.attachments.declare(uploadId(request), parse(UploadDeclaration, request.body)),
  );

  app.post(`${base}/complete`, { onRequest }, async (request) =>
    deps.attachments.complete(uploadId(request)),
  );

  void app.register(async (scope) => {
    scope.addContentTypeParser(CHUNK_MEDIA_TYPE, { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    scope.put(`${base}/chunks/:offset`, { onRequest }, async (request) => {
      const { offset } = parse(ChunkParams, request.params);
      if (!Buffer.isBuffer(request.body)) {
        throw new CentralError('invalid', 'invalid-chunk', `send the chunk as ${CHUNK_MEDIA_TYPE}`);
      }
      return deps.attachments.putChunk(uploadId(request), offset, request.body);
    });
  });
}
