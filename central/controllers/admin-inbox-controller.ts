// The submissions inbox: pages of masked submissions for every admin; one submission in full for a
// case officer (and that look is itself written to the audit log), masked for the others; status
// changes by case officers only.
import type { FastifyInstance } from 'fastify';
import { ADMIN_PATHS, StatusChangeRequest, SubmissionQuery } from '../../contract/admin-api.ts';
import { TrackingCode } from '../../contract/central-api.ts';
import { CentralError } from '../errors.ts';
import { noteAudit } from '../http/admin-audit.ts';
import { adminOf, requireAdmin, type AuthenticateAdmin } from '../http/admin-auth.ts';
import type { CentralLog } from '../http/log.ts';
import type { AuditService } from '../services/audit-service.ts';
import { UNMASKED_ROLE, type InboxService } from '../services/inbox-service.ts';
import { parseInput } from './parse-input.ts';

export interface AdminInboxControllerDeps {
  inbox: InboxService;
  audit: AuditService;
  authenticateAdmin: AuthenticateAdmin;
  log: CentralLog;
}

type ByCode = { Params: { trackingCode: string } };

const notFound = () => new CentralError('not-found', 'submission-unknown', 'no such submission');

function trackingCodeOf(params: { trackingCode: string }): string {
  const parsed = TrackingCode.safeParse(params.trackingCode);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

export function registerAdminInboxRoutes(
  app: FastifyInstance,
  deps: AdminInboxControllerDeps,
): void {
  const admin = requireAdmin(deps.authenticateAdmin);
  const officer = requireAdmin(deps.authenticateAdmin, UNMASKED_ROLE);

  app.get(ADMIN_PATHS.submissions, { onRequest: admin }, async (request) => {
    const { limit, ...filter } = parseInput(SubmissionQuery, request.query ?? {});
    return deps.inbox.list(filter, limit);
  });

  app.get<ByCode>(ADMIN_PATHS.submission, { onRequest: admin }, async (request, reply) => {
    const code = trackingCodeOf(request.params);
    const viewer = adminOf(request);
    const detail = await deps.inbox.detail(code, viewer);
    if (!detail) throw notFound();
    reply.header('cache-control', 'no-store');
    if (!detail.masked) {
      // Reading personal data is an action too (PIPL): who looked at which submission, when.
      await deps.audit.record({
        actor: viewer.adminId,
        action: `GET ${ADMIN_PATHS.submission}`,
        target: { trackingCode: code },
        status: 200,
        detail: 'viewed unmasked applicant',
        ip: request.ip ?? null,
      });
    }
    return detail;
  });

  app.post<ByCode>(ADMIN_PATHS.submissionStatus, { onRequest: officer }, async (request) => {
    const code = trackingCodeOf(request.params);
    const change = parseInput(StatusChangeRequest, request.body);
    const officerId = adminOf(request);
    const detail = await deps.inbox.changeStatus(code, change, officerId);
    if (!detail) throw notFound();
    // The status only: an officer's note may name the applicant, so it stays out of the log.
    noteAudit(request, `status ${change.status}`);
    deps.log('info', 'admin.submission-status', {
      admin: officerId.adminId,
      trackingCode: code,
      status: change.status,
    });
    return detail;
  });
}
