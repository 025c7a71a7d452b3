// Fleet monitoring routes: the kiosk's signed heartbeat; admins read the fleet (any role) and a
// fleet operator requests remote actions. Every body and query is checked against the contract's
// schema before the service sees it, so a bad request is a 400 that stores nothing.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { EnrolledKioskId } from '../../contract/enrolment-api.ts';
import {
  FLEET_PATHS,
  FleetAlertQuery,
  FleetKioskQuery,
  HeartbeatRequest,
  RemoteActionRequest,
} from '../../contract/fleet-api.ts';
import { CentralError } from '../errors.ts';
import { adminOf, requireAdmin, type AuthenticateAdmin } from '../http/admin-auth.ts';
import { describeIssues } from '../http/api-error.ts';
import type { Authenticate } from '../http/authenticate.ts';
import { kioskOf, requireKiosk } from '../http/request-context.ts';
import type { FleetService } from '../services/fleet-service.ts';

export interface FleetControllerDeps {
  fleet: FleetService;
  authenticate: Authenticate;
  authenticateAdmin: AuthenticateAdmin;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new CentralError('invalid', 'invalid-request', describeIssues(parsed.error.issues));
  }
  return parsed.data;
}

/** A malformed id names no kiosk: 404, like an unknown one. */
function kioskIdParam(value: string): string {
  const parsed = EnrolledKioskId.safeParse(value);
  if (!parsed.success) throw new CentralError('not-found', 'kiosk-unknown', 'no such kiosk');
  return parsed.data;
}

type KioskParams = { Params: { kioskId: string } };

export function registerFleetRoutes(app: FastifyInstance, deps: FleetControllerDeps): void {
  const kiosk = requireKiosk(deps.authenticate);
  const admin = requireAdmin(deps.authenticateAdmin);
  const operator = requireAdmin(deps.authenticateAdmin, 'fleet-operator');

  app.post(FLEET_PATHS.heartbeat, { onRequest: kiosk }, async (request) => {
    const { kioskId } = kioskOf(request);
    return deps.fleet.heartbeat(kioskId, parse(HeartbeatRequest, request.body));
  });

  app.get(FLEET_PATHS.adminSummary, { onRequest: admin }, async () => deps.fleet.summary());

  app.get(FLEET_PATHS.adminKiosks, { onRequest: admin }, async (request) =>
    deps.fleet.kiosks(parse(FleetKioskQuery, request.query)),
  );

  app.get<KioskParams>(FLEET_PATHS.adminKiosk, { onRequest: admin }, async (request) => {
    const found = await deps.fleet.kiosk(kioskIdParam(request.params.kioskId));
    if (!found) throw new CentralError('not-found', 'kiosk-unknown', 'no such kiosk');
    return found;
  });

  app.get(FLEET_PATHS.adminAlerts, { onRequest: admin }, async (request) =>
    deps.fleet.alerts(parse(FleetAlertQuery, request.query)),
  );

  app.get<KioskParams>(FLEET_PATHS.adminActions, { onRequest: admin }, async (request) =>
    deps.fleet.actions(kioskIdParam(request.params.kioskId)),
  );

  app.post<KioskParams>(
    FLEET_PATHS.adminActions,
    { onRequest: operator },
    async (request, reply) => {
      const kioskId = kioskIdParam(request.params.kioskId);
      const { kind } = parse(RemoteActionRequest, request.body ?? {});
      const { record, created } = await deps.fleet.requestAction(
        kioskId,
        kind,
        adminOf(request).adminId,
      );
      return reply.code(created ? 201 : 200).send(record);
    },
  );
}
