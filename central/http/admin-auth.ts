// Who may administer. Until admin accounts exist (the admin console, issue 6 item 6) one bearer
// token from the central's options or environment stands for "the admin"; the console's sign-in
// replaces `AuthenticateAdmin`, not the routes that call it. Without a token the admin API is off.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ADMIN_ROLE_NAMES, type AdminRole } from '../../contract/admin-api.ts';
import { CentralError } from '../errors.ts';
import type { AuthenticationRequest } from './authenticate.ts';

/**
 * What an admin may change. Every admin may read (GET) everything the console shows; changes need
 * the role that owns them: catalog editor (items, templates, publishing, signing keys), fleet
 * operator (enrolment tokens, revocation, remote actions). The auditor only
 * reads, including the audit log. The case officer (窗口受理人员, issue 6) alone sees unmasked
 * applicant data and changes a submission's status (minimum necessary, PIPL). The account admin
 * (账号管理员) alone lists, creates and changes admin accounts.
 */
export const ADMIN_ROLES = ADMIN_ROLE_NAMES;
export type { AdminRole };
const BEARER_ROLES: readonly AdminRole[] = ['catalog-editor', 'fleet-operator', 'auditor'];

export interface AdminIdentity {
  /** For logs and the records an action leaves (e.g. who published a catalog). */
  adminId: string;
  roles: readonly AdminRole[];
}

export type AuthenticateAdmin = (req: AuthenticationRequest) => Promise<AdminIdentity>;

/** Long enough that guessing is hopeless. */
export const MIN_ADMIN_TOKEN_LENGTH = 24;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function adminBearerToken(token: string | undefined): AuthenticateAdmin {
  if (token !== undefined && token.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new Error(`the admin token must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`);
  }
  const expected = token === undefined ? null : digest(token);
  return async (req) => {
    if (!expected) {
      throw new CentralError(
        'forbidden',
        'admin-api-disabled',
        'the admin API is off: start the central platform with an admin token',
      );
    }
    const value = req.headers.authorization;
    const match = typeof value === 'string' ? /^Bearer ([\x21-\x7e]{1,512})$/.exec(value) : null;
    // Equal-length digests compared in constant time: the answer's timing says nothing.
    if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
      throw new CentralError('unauthenticated', 'admin-unauthenticated', 'admin token required');
    }
    // The operator's bearer token predates accounts and stands for every role but the case
    // officer's and the account admin's: scripts never need citizens' personal data (minimum
    // necessary), and granting or taking away a person's access is a person's act, audited
    // under their name.
    return { adminId: 'admin-token', roles: BEARER_ROLES };
  };
}

const admins = new WeakMap<FastifyRequest, AdminIdentity>();

/**
 * onRequest hook: an authenticated admin, holding `role` when given (else any admin: reads).
 * A missing role is 403, named, so the console can say which role the action needs.
 */
export function requireAdmin(authenticate: AuthenticateAdmin, role?: AdminRole) {
  return async (request: FastifyRequest): Promise<void> => {
    const admin = await authenticate(request.raw as AuthenticationRequest);
    if (role && !admin.roles.includes(role)) {
      throw new CentralError(
        'forbidden',
        'admin-role-required',
        `this action needs the ${role} role`,
      );
    }
    admins.set(request, admin);
  };
}

export function adminOf(request: FastifyRequest): AdminIdentity {
  const admin = admins.get(request);
  if (!admin) throw new CentralError('unauthenticated', 'admin-unauthenticated', 'admin required');
  return admin;
}
