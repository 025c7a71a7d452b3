// Catalog content for the console's editor: what is in force now (the newest publication, else the
// catalog bundled with the software) and the content of any one publication. Reads for every admin.
import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog/schema.ts';
import {
  ADMIN_PATHS,
  type CurrentCatalog,
  type PublicationContent,
} from '../../contract/admin-api.ts';
import { CentralError } from '../errors.ts';
import { requireAdmin, type AuthenticateAdmin } from '../http/admin-auth.ts';
import type { CatalogPublishingService } from '../services/catalog-publishing-service.ts';

export function registerAdminCatalogRoutes(
  app: FastifyInstance,
  deps: {
    catalogs: CatalogPublishingService;
    catalog(): Catalog;
    authenticateAdmin: AuthenticateAdmin;
  },
): void {
  const admin = requireAdmin(deps.authenticateAdmin);

  app.get(ADMIN_PATHS.catalogCurrent, { onRequest: admin }, async (): Promise<CurrentCatalog> => {
    const published = await deps.catalogs.current();
    if (published) return { ...published, source: 'published' };
    const bundled = deps.catalog();
    return {
      version: bundled.version,
      source: 'bundled',
      catalog: bundled as unknown as Record<string, unknown>,
    };
  });

  app.get<{ Params: { version: string } }>(
    ADMIN_PATHS.publication,
    { onRequest: admin },
    async (request): Promise<PublicationContent> => {
      const { version } = request.params;
      const found = /^\d{1,9}$/.test(version)
        ? await deps.catalogs.publication(Number(version))
        : null;
      if (!found) {
        throw new CentralError('not-found', 'publication-unknown', 'no such publication');
      }
      return found;
    },
  );
}
