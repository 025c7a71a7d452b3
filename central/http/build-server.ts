// The Fastify application: body limit, JSON-only errors, one log line per request naming only
// method, path, status and tracking code. Fastify's own logger stays off because it would log
// request bodies and error objects (PGlite errors carry the query parameters).
import Fastify, { type FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog/schema.ts';
import { registerIntakeRoutes } from '../controllers/intake-controller.ts';
import { registerPlatformRoutes } from '../controllers/platform-controller.ts';
import { describeDbError } from '../db/db.ts';
import type { RatingService } from '../services/rating-service.ts';
import type { SubmissionService } from '../services/submission-service.ts';
import { toApiError } from './api-error.ts';
import type { Authenticate } from './authenticate.ts';
import type { CentralLog } from './log.ts';
import { trackingCodeOf } from './request-context.ts';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface ServerDeps {
  submissions: SubmissionService;
  ratings: RatingService;
  ping(): Promise<void>;
  catalog(): Catalog;
  authenticate: Authenticate;
  log: CentralLog;
  bodyLimit?: number;
}

/** The path without its query string, which the log never needs. */
const pathOf = (url: string) => url.split('?')[0]!.slice(0, 200);

export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Slow-loris bound: a kiosk request is small; a client that dribbles it is cut off.
    requestTimeout: 30_000,
    return503OnClosing: true,
  });

  // Kiosks speak JSON only; anything else is a 415 rather than a string the schema then refuses.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((err, request, reply) => {
    const answer = toApiError(err);
    if (answer.status >= 500) {
      deps.log('error', 'http.error', {
        method: request.method,
        path: pathOf(request.url),
        trackingCode: trackingCodeOf(request),
        ...describeDbError(err),
      });
    }
    return reply.code(answer.status).send(answer.body);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: 'not-found',
      message: `no endpoint ${request.method} ${pathOf(request.url)}`,
    }),
  );

  app.addHook('onResponse', async (request, reply) => {
    deps.log('info', 'http.request', {
      method: request.method,
      path: pathOf(request.url),
      status: reply.statusCode,
      trackingCode: trackingCodeOf(request),
      ms: Math.round(reply.elapsedTime),
    });
  });

  registerPlatformRoutes(app, { ping: deps.ping, catalog: deps.catalog });
  registerIntakeRoutes(app, deps);
  return app;
}
