// GET the calling kiosk's status changes after a cursor (services/status-feed-service.ts).
import type { FastifyInstance } from 'fastify';
import { CENTRAL_PATHS, StatusFeedQuery } from '../../contract/central-api.ts';
import { CentralError } from '../errors.ts';
import type { Authenticate } from '../http/authenticate.ts';
import { kioskOf, requireKiosk } from '../http/request-context.ts';
import type { StatusFeedService } from '../services/status-feed-service.ts';

export interface StatusFeedControllerDeps {
  statusFeed: StatusFeedService;
  authenticate: Authenticate;
}

export function registerStatusFeedRoutes(
  app: FastifyInstance,
  deps: StatusFeedControllerDeps,
): void {
  app.get(
    CENTRAL_PATHS.statusFeed,
    { onRequest: requireKiosk(deps.authenticate) },
    async (request) => {
      const query = StatusFeedQuery.safeParse(request.query);
      if (!query.success) {
        throw new CentralError('invalid', 'invalid-request', 'after and limit must be numbers');
      }
      return deps.statusFeed.page(kioskOf(request).kioskId, query.data.after, query.data.limit);
    },
  );
}
