// The Fastify application: body limit, JSON-only errors, one log line per request naming only
// method, path, status and tracking code. Fastify's own logger stays off because it would log
// request bodies and error objects (PGlite errors carry the query parameters).
import Fastify, { type FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog/schema.ts';
import { registerCatalogPublishingRoutes } from '../controllers/catalog-publishing-controller.ts';
import { registerCertificateVerificationRoutes } from '../controllers/certificate-verification-controller.ts';
import { registerEnrolmentRoutes } from '../controllers/enrolment-controller.ts';
import { registerFleetRoutes } from '../controllers/fleet-controller.ts';
import { registerFaceVerificationRoutes } from '../controllers/face-verification-controller.ts';
import { registerAttachmentRoutes } from '../controllers/attachment-controller.ts';
import {
  registerAdminConsoleRoutes,
  type AdminConsoleDeps,
} from '../controllers/admin-console-routes.ts';
import { registerIntakeRoutes } from '../controllers/intake-controller.ts';
import { registerOpenApiRoutes } from '../controllers/openapi-controller.ts';
import { registerPlatformRoutes } from '../controllers/platform-controller.ts';
import { registerStatusFeedRoutes } from '../controllers/status-feed-controller.ts';
import { describeDbError } from '../db/db.ts';
import { CentralError } from '../errors.ts';
import type { CatalogPublishingService } from '../services/catalog-publishing-service.ts';
import type { CertificateVerificationService } from '../services/certificate-verification-service.ts';
import type { EnrolmentService } from '../services/enrolment-service.ts';
import type { FleetService } from '../services/fleet-service.ts';
import type { AttachmentService } from '../services/attachment-service.ts';
import type { RatingService } from '../services/rating-service.ts';
import type { StatusFeedService } from '../services/status-feed-service.ts';
import type { SubmissionService } from '../services/submission-service.ts';
import type { AuthenticateAdmin } from './admin-auth.ts';
import { toApiError } from './api-error.ts';
import type { Authenticate } from './authenticate.ts';
import type { CentralLog } from './log.ts';
import { confirmKiosk, keepRawBody, trackingCodeOf } from './request-context.ts';
import { serveConsole } from './serve-console.ts';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface ServerDeps {
  submissions: SubmissionService;
  ratings: RatingService;
  ping(): Promise<void>;
  catalog(): Catalog;
  enrolment: EnrolmentService;
  catalogs: CatalogPublishingService;
  authenticate: Authenticate;
  authenticateAdmin: AuthenticateAdmin;
  log: CentralLog;
  bodyLimit?: number;
  /** Resumable attachment uploads and the kiosks' status feed (issue 5). */
  attachments?: AttachmentService;
  statusFeed?: StatusFeedService;
  /** Verification of certificates printed at kiosks (issue 4). */
  certificates?: CertificateVerificationService;
  /** Admin accounts, sessions, audit log, inbox, statistics (issue 6 item 6; admin-api.ts). */
  adminConsole?: AdminConsoleDeps;
  /** Heartbeats, alerts and remote actions (issue 6 item 5). */
  fleet?: FleetService;
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
  // JSON as Fastify parses it, but the exact bytes are kept: a kiosk's signature covers them, and
  // it is checked (confirmKiosk, below) before any handler can store anything.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw, done) => {
    const bytes = raw as Buffer;
    keepRawBody(request, bytes);
    parseJson(request, bytes.toString('utf8'), done);
  });
  app.addHook('preHandler', confirmKiosk);

  app.setErrorHandler((err, request, reply) => {
    const answer = toApiError(err);
    if (err instanceof CentralError && err.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(err.retryAfterSeconds));
    }
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

  // First: it describes the API and watches every route registered after it.
  registerOpenApiRoutes(app, { log: deps.log });
  if (deps.adminConsole) registerAdminConsoleRoutes(app, { ...deps, ...deps.adminConsole });
  registerPlatformRoutes(app, { ping: deps.ping, catalog: deps.catalog });
  registerIntakeRoutes(app, deps);
  if (deps.attachments) registerAttachmentRoutes(app, { ...deps, attachments: deps.attachments });
  if (deps.statusFeed) registerStatusFeedRoutes(app, { ...deps, statusFeed: deps.statusFeed });
  registerEnrolmentRoutes(app, deps);
  registerCatalogPublishingRoutes(app, deps);
  // Issue 7: real-person verification seam (default provider: not configured).
  registerFaceVerificationRoutes(app, deps);
  if (deps.certificates) {
    registerCertificateVerificationRoutes(app, { ...deps, certificates: deps.certificates });
  }
  if (deps.fleet) registerFleetRoutes(app, { ...deps, fleet: deps.fleet });
  // The admin console's static files at /console/ (issue 6 item 6).
  void app.register(serveConsole);
  return app;
}
