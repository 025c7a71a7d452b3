// The audit log for every admin role: pages newest first, and a walk over the whole hash chain.
import type { FastifyInstance } from 'fastify';
import { ADMIN_PATHS, AuditQuery } from '../../contract/admin-api.ts';
import { requireAdmin, type AuthenticateAdmin } from '../http/admin-auth.ts';
import type { AuditService } from '../services/audit-service.ts';
import { parseInput } from './parse-input.ts';

export function registerAdminAuditRoutes(
  app: FastifyInstance,
  deps: { audit: AuditService; authenticateAdmin: AuthenticateAdmin },
): void {
  const admin = requireAdmin(deps.authenticateAdmin);

  app.get(ADMIN_PATHS.audit, { onRequest: admin }, async (request) => {
    const { limit, ...filter } = parseInput(AuditQuery, request.query ?? {});
    return deps.audit.list(filter, limit);
  });

  app.get(ADMIN_PATHS.auditVerification, { onRequest: admin }, async () =>
    deps.audit.verifyAuditChain(),
  );
}
