// POST submissions and ratings: authenticate, validate with the contract's schemas (the same ones
// the kiosk validates against), hand to the service, answer 201 on first receipt and 200 with the
// stored answer on a repeat. Invalid input is refused before anything is stored.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CENTRAL_PATHS, RatingRequest, SubmissionRequest } from '../../contract/central-api.ts';
import { CentralError } from '../errors.ts';
import { describeIssues } from '../http/api-error.ts';
import type { Authenticate } from '../http/authenticate.ts';
import { kioskOf, noteTrackingCode, requireKiosk } from '../http/request-context.ts';
import type { RatingService } from '../services/rating-service.ts';
import type { SubmissionService } from '../services/submission-service.ts';

export interface IntakeControllerDeps {
  submissions: SubmissionService;
  ratings: RatingService;
  authenticate: Authenticate;
}

function parseBody<T>(schema: z.ZodType<T>, request: FastifyRequest): T {
  const parsed = schema.safeParse(request.body);
  if (!parsed.success) {
    throw new CentralError('invalid', 'invalid-request', describeIssues(parsed.error.issues));
  }
  noteTrackingCode(request, (parsed.data as { trackingCode: string }).trackingCode);
  return parsed.data;
}

export function registerIntakeRoutes(app: FastifyInstance, deps: IntakeControllerDeps): void {
  const onRequest = requireKiosk(deps.authenticate);

  app.post(CENTRAL_PATHS.submissions, { onRequest }, async (request, reply) => {
    const req = parseBody(SubmissionRequest, request);
    const { ack, created } = await deps.submissions.receive(req, kioskOf(request).kioskId);
    return reply.code(created ? 201 : 200).send(ack);
  });

  app.post(CENTRAL_PATHS.ratings, { onRequest }, async (request, reply) => {
    const req = parseBody(RatingRequest, request);
    const { ack, created } = await deps.ratings.receive(req, kioskOf(request).kioskId);
    return reply.code(created ? 201 : 200).send(ack);
  });
}
