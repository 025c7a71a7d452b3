// What every kiosk asks besides intake: is the centre up, and which catalog to run. The catalog is
// the bundled one until signed publishing (issue 6) gives the centre its own versions; its version
// is the ETag, so a kiosk polling with If-None-Match gets a bodiless 304.
import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog/schema.ts';
import { CENTRAL_PATHS } from '../../contract/central-api.ts';
import { CentralError } from '../errors.ts';

export interface PlatformControllerDeps {
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  catalog(): Catalog;
}

export function registerPlatformRoutes(app: FastifyInstance, deps: PlatformControllerDeps): void {
  // Both stay open for now: load balancers and technicians probe health without a kiosk identity,
  // and the bundled catalog is public. Targeted rollout (issue 6) will authenticate the catalog.
  app.get(CENTRAL_PATHS.health, async () => {
    try {
      await deps.ping();
    } catch {
      throw new CentralError('unavailable', 'database-unavailable', 'the database does not answer');
    }
    return { ok: true };
  });

  app.get(CENTRAL_PATHS.catalog, async (request, reply) => {
    const catalog = deps.catalog();
    const etag = `"catalog-v${catalog.version}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return catalog;
  });
}
