// Every admin action lands in the audit log: a hook records each non-GET request under
// /api/v1/admin/ (refused ones, 401, 403 and other 4xx, included; not those an address limit
// turned away) with who (the admin, or 'anonymous'), the method and route pattern, the route's
// parameters, the answer's status, a short detail a controller may add with `noteAudit`, and the
// client address. It is written before the answer leaves (onSend). Should that write fail, the
// action has already happened, so its answer still goes out and the gap is an error in the log.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { describeDbError } from '../db/db.ts';
import type { AuditService } from '../services/audit-service.ts';
import type { AdminIdentity, AuthenticateAdmin } from './admin-auth.ts';
import { refusedByAddressLimit } from './ip-rate-limit.ts';
import type { CentralLog } from './log.ts';

export const ADMIN_PREFIX = '/api/v1/admin/';

const identified = new WeakMap<object, AdminIdentity>();
const details = new WeakMap<FastifyRequest, string>();
const targets = new WeakMap<FastifyRequest, Record<string, string>>();

/**
 * Wraps an authenticator so the audit log knows who asked even when the action is then refused
 * (a missing role is refused after the admin was recognised).
 */
export function rememberAdmins(authenticate: AuthenticateAdmin): AuthenticateAdmin {
  return async (req) => {
    const admin = await authenticate(req);
    identified.set(req, admin);
    return admin;
  };
}

/** A short, non-personal note for this request's audit entry (e.g. "published version 12"). */
export function noteAudit(request: FastifyRequest, detail: string): void {
  const previous = details.get(request);
  details.set(request, (previous ? `${previous}; ${detail}` : detail).slice(0, 300));
}

/**
 * What the action was about, besides the route's parameters (e.g. the username an account is
 * created under, which travels in the body). Never personal data of citizens or secrets.
 */
export function noteAuditTarget(request: FastifyRequest, target: Record<string, string>): void {
  targets.set(request, { ...targets.get(request), ...target });
}

/** Who the audit log names: set by `rememberAdmins`, or set explicitly (sign-in). */
export function noteAuditActor(request: FastifyRequest, admin: AdminIdentity): void {
  identified.set(request.raw, admin);
}

/** The same from an authenticator, which sees the raw request only (before it refuses it). */
export function noteAuditIdentity(raw: object, admin: AdminIdentity): void {
  identified.set(raw, admin);
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function paramsOf(request: FastifyRequest): Record<string, string> {
  const params = request.params;
  if (typeof params !== 'object' || params === null) return {};
  return Object.fromEntries(
    Object.entries(params as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
}

export function installAuditLog(
  app: FastifyInstance,
  deps: { audit: AuditService; log: CentralLog },
): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (READS.has(request.method) || !request.url.startsWith(ADMIN_PREFIX)) return payload;
    // A flood turned away by the address limit stays in the request log only; else an anonymous
    // client could grow this table at will.
    if (refusedByAddressLimit(request)) return payload;
    const route = request.routeOptions.url ?? request.url.split('?')[0]!.slice(0, 200);
    try {
      await deps.audit.record({
        actor: identified.get(request.raw)?.adminId ?? 'anonymous',
        action: `${request.method} ${route}`,
        target: { ...paramsOf(request), ...targets.get(request) },
        status: reply.statusCode,
        detail: details.get(request) ?? null,
        ip: request.ip ?? null,
      });
    } catch (err) {
      // The action has happened; its answer still goes out, and the gap is loud in the log.
      deps.log('error', 'audit.write-failed', {
        method: request.method,
        route,
        status: reply.statusCode,
        ...describeDbError(err),
      });
    }
    return payload;
  });
}
