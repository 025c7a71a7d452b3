// Enrolment: a kiosk spends a one-time token to register its public key (open route: the token is
// the credential); a signed kiosk can ask how it is enrolled; an admin issues tokens, lists kiosks
// and revokes them.
import type { FastifyInstance } from 'fastify';
import {
  ENROLMENT_PATHS,
  EnrolmentRequest,
  EnrolmentTokenRequest,
} from '../../contract/enrolment-api.ts';
import { CentralError } from '../errors.ts';
import { noteAudit } from '../http/admin-audit.ts';
import { adminOf, requireAdmin, type AuthenticateAdmin } from '../http/admin-auth.ts';
import { describeIssues } from '../http/api-error.ts';
import type { Authenticate } from '../http/authenticate.ts';
import type { CentralLog } from '../http/log.ts';
import { kioskOf, requireKiosk } from '../http/request-context.ts';
import type { EnrolmentService } from '../services/enrolment-service.ts';

export interface EnrolmentControllerDeps {
  enrolment: EnrolmentService;
  authenticate: Authenticate;
  authenticateAdmin: AuthenticateAdmin;
  log: CentralLog;
}

export function registerEnrolmentRoutes(app: FastifyInstance, deps: EnrolmentControllerDeps): void {
  const kiosk = requireKiosk(deps.authenticate);
  const admin = requireAdmin(deps.authenticateAdmin);
  const operator = requireAdmin(deps.authenticateAdmin, 'fleet-operator');

  app.post(ENROLMENT_PATHS.enrol, async (request, reply) => {
    const parsed = EnrolmentRequest.safeParse(request.body);
    if (!parsed.success) {
      throw new CentralError('invalid', 'invalid-request', describeIssues(parsed.error.issues));
    }
    try {
      const { answer, created } = await deps.enrolment.enrol(parsed.data);
      deps.log('info', 'kiosk.enrolled', { kioskId: answer.kioskId, replayed: answer.replayed });
      return await reply.code(created ? 201 : 200).send(answer);
    } catch (err) {
      if (err instanceof CentralError) {
        deps.log('warn', 'kiosk.enrolment-refused', {
          kioskId: parsed.data.kioskId,
          code: err.code,
        });
      }
      throw err;
    }
  });

  app.get(ENROLMENT_PATHS.self, { onRequest: kiosk }, async (request) => {
    const record = await deps.enrolment.get(kioskOf(request).kioskId);
    if (!record) throw new CentralError('not-found', 'kiosk-not-enrolled', 'not enrolled');
    return record;
  });

  app.post(ENROLMENT_PATHS.adminTokens, { onRequest: operator }, async (request, reply) => {
    const parsed = EnrolmentTokenRequest.safeParse(request.body ?? {});
    if (!parsed.success) {
      throw new CentralError('invalid', 'invalid-request', describeIssues(parsed.error.issues));
    }
    const { adminId } = adminOf(request);
    const answer = await deps.enrolment.createToken({ ...parsed.data, createdBy: adminId });
    noteAudit(request, `token for ${answer.kioskId ?? 'any new kiosk'}`);
    deps.log('info', 'admin.enrolment-token', { admin: adminId, kioskId: answer.kioskId });
    return reply.code(201).send(answer);
  });

  app.get(ENROLMENT_PATHS.adminKiosks, { onRequest: admin }, async () => deps.enrolment.list());

  app.post<{ Params: { kioskId: string } }>(
    ENROLMENT_PATHS.adminRevoke,
    { onRequest: operator },
    async (request) => {
      const { adminId } = adminOf(request);
      const revoked = await deps.enrolment.revoke(request.params.kioskId);
      if (!revoked) throw new CentralError('not-found', 'kiosk-unknown', 'no such kiosk');
      deps.log('warn', 'admin.kiosk-revoked', { admin: adminId, kioskId: revoked.kioskId });
      return revoked;
    },
  );
}
