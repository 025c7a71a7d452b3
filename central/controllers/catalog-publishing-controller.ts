// Signed catalogs: roots are public (a kiosk walks the chain from the root it ships with); a
// kiosk's catalog is the newest publication targeted at it, asked for with a signed request and
// answered 304 when it already runs that version; admins publish, list and rotate keys.
import type { FastifyInstance } from 'fastify';
import { PUBLISHING_PATHS, RUNNING_CATALOG_HEADER } from '../../contract/catalog-publishing.ts';
import { CentralError } from '../errors.ts';
import { noteAudit } from '../http/admin-audit.ts';
import { adminOf, requireAdmin, type AuthenticateAdmin } from '../http/admin-auth.ts';
import type { Authenticate } from '../http/authenticate.ts';
import type { CentralLog } from '../http/log.ts';
import { kioskOf, requireKiosk } from '../http/request-context.ts';
import type { CatalogPublishingService } from '../services/catalog-publishing-service.ts';
import type { EnrolmentService } from '../services/enrolment-service.ts';

export interface CatalogPublishingControllerDeps {
  catalogs: CatalogPublishingService;
  enrolment: EnrolmentService;
  authenticate: Authenticate;
  authenticateAdmin: AuthenticateAdmin;
  log: CentralLog;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function registerCatalogPublishingRoutes(
  app: FastifyInstance,
  deps: CatalogPublishingControllerDeps,
): void {
  const kiosk = requireKiosk(deps.authenticate);
  const admin = requireAdmin(deps.authenticateAdmin);
  const editor = requireAdmin(deps.authenticateAdmin, 'catalog-editor');

  app.get<{ Params: { version: string } }>(PUBLISHING_PATHS.root, async (request, reply) => {
    const version = /^\d{1,9}$/.test(request.params.version) ? Number(request.params.version) : 0;
    const envelope = version > 0 ? await deps.catalogs.root(version) : null;
    if (!envelope) throw new CentralError('not-found', 'root-not-found', 'no such root version');
    // A root never changes once published.
    return reply
      .header('content-type', JSON_TYPE)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(envelope);
  });

  app.get(PUBLISHING_PATHS.kioskCatalog, { onRequest: kiosk }, async (request, reply) => {
    const { kioskId } = kioskOf(request);
    const record = await deps.enrolment.get(kioskId);
    if (!record) throw new CentralError('unauthenticated', 'kiosk-not-enrolled', 'not enrolled');
    const found = await deps.catalogs.forKiosk({ kioskId, district: record.district });
    const running = request.headers[RUNNING_CATALOG_HEADER];
    deps.log('info', 'catalog.poll', {
      kioskId,
      running: typeof running === 'string' ? running.slice(0, 12) : null,
      latest: found?.version ?? null,
    });
    if (!found) {
      throw new CentralError(
        'not-found',
        'no-catalog-published',
        'no catalog is published for this kiosk',
      );
    }
    const etag = `"catalog-v${found.version}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.header('content-type', JSON_TYPE).send(found.envelope);
  });

  app.get(PUBLISHING_PATHS.adminPublications, { onRequest: admin }, async () =>
    deps.catalogs.list(),
  );

  app.post(PUBLISHING_PATHS.adminPublications, { onRequest: editor }, async (request, reply) => {
    const { adminId } = adminOf(request);
    const summary = await deps.catalogs.publish(request.body as never, adminId);
    noteAudit(request, `published version ${summary.version} to ${summary.target.kind}`);
    return reply.code(201).send(summary);
  });

  app.post(PUBLISHING_PATHS.adminSigningKeys, { onRequest: editor }, async (request, reply) => {
    const { adminId } = adminOf(request);
    const rotated = await deps.catalogs.rotateSigningKey();
    noteAudit(request, `root ${rotated.rootVersion}, ${rotated.republished} republished`);
    deps.log('warn', 'admin.signing-key-rotated', {
      admin: adminId,
      rootVersion: rotated.rootVersion,
    });
    return reply.code(201).send(rotated);
  });

  app.post(PUBLISHING_PATHS.adminRoots, { onRequest: editor }, async (request, reply) => {
    const { adminId } = adminOf(request);
    const added = await deps.catalogs.addRoot(request.body);
    noteAudit(request, `root ${added.rootVersion} added`);
    deps.log('warn', 'admin.root-added', { admin: adminId, rootVersion: added.rootVersion });
    return reply.code(201).send(added);
  });
}
