// Console sign-in, "who am I", sign-out and the own password change. Sign-in is open (rate-limited
// per address, locked per username); its answer never says whether the username exists.
import type { FastifyInstance } from 'fastify';
import {
  ADMIN_PATHS,
  PasswordChangeRequest,
  SignInRequest,
  type AdminSelf,
} from '../../contract/admin-api.ts';
import { CentralError } from '../errors.ts';
import { noteAudit, noteAuditActor } from '../http/admin-audit.ts';
import { adminOf, requireAdmin, type AuthenticateAdmin } from '../http/admin-auth.ts';
import {
  clearedSessionCookie,
  requireConsoleHeader,
  sessionCookie,
  sessionOf,
  sessionTokenOf,
} from '../http/admin-session.ts';
import type { AuthenticationRequest } from '../http/authenticate.ts';
import type { CentralLog } from '../http/log.ts';
import type { AdminAccountService } from '../services/admin-account-service.ts';
import { parseInput } from './parse-input.ts';

export interface AdminSessionControllerDeps {
  accounts: AdminAccountService;
  authenticateAdmin: AuthenticateAdmin;
  /** Secure attribute on the cookie (the console is served over HTTPS). */
  secureCookies: boolean;
  log: CentralLog;
}

export function registerAdminSessionRoutes(
  app: FastifyInstance,
  deps: AdminSessionControllerDeps,
): void {
  const admin = requireAdmin(deps.authenticateAdmin);
  const cookieOptions = { secure: deps.secureCookies };
  const raw = (request: { raw: unknown }) => request.raw as AuthenticationRequest;

  app.post(ADMIN_PATHS.session, async (request, reply): Promise<AdminSelf> => {
    // Login CSRF too: a foreign page must not sign the browser in to someone else's account.
    requireConsoleHeader(raw(request));
    const body = parseInput(SignInRequest, request.body);
    try {
      const { admin: who, token } = await deps.accounts.signIn(body.username, body.password);
      noteAuditActor(request, { adminId: who.username, roles: who.roles });
      noteAudit(request, 'signed in');
      deps.log('info', 'admin.signed-in', { admin: who.username });
      reply.header('set-cookie', sessionCookie(token, cookieOptions));
      reply.header('cache-control', 'no-store');
      return { username: who.username, displayName: who.displayName, roles: who.roles };
    } catch (err) {
      // Name the account only when it is one: a password typed into the username field must not
      // end up in the log.
      if (err instanceof CentralError && (await deps.accounts.exists(body.username))) {
        noteAudit(request, `sign-in refused for ${body.username} (${err.code})`);
      }
      throw err;
    }
  });

  app.get(ADMIN_PATHS.session, { onRequest: admin }, async (request, reply): Promise<AdminSelf> => {
    reply.header('cache-control', 'no-store');
    const session = sessionOf(raw(request));
    if (session) {
      const { username, displayName, roles } = session.admin;
      return { username, displayName, roles };
    }
    const { adminId, roles } = adminOf(request);
    return { username: adminId, displayName: 'admin token', roles: [...roles] };
  });

  app.delete(ADMIN_PATHS.session, async (request, reply) => {
    const token = sessionTokenOf(raw(request));
    if (token !== null) {
      requireConsoleHeader(raw(request));
      const who = await deps.accounts.resolveSession(token);
      if (who) {
        noteAuditActor(request, { adminId: who.username, roles: who.roles });
        noteAudit(request, 'signed out');
      }
      await deps.accounts.signOut(token);
    }
    // Cleared in any case: an expired session's cookie is useless to keep.
    return reply.code(204).header('set-cookie', clearedSessionCookie(cookieOptions)).send();
  });

  app.post(ADMIN_PATHS.password, { onRequest: admin }, async (request, reply) => {
    const session = sessionOf(raw(request));
    if (!session) {
      throw new CentralError(
        'forbidden',
        'session-required',
        'a password is changed signed in to the console, not with the admin token',
      );
    }
    const body = parseInput(PasswordChangeRequest, request.body);
    await deps.accounts.changeOwnPassword(session.token, body.currentPassword, body.newPassword);
    noteAudit(request, 'password changed; other sessions ended');
    deps.log('info', 'admin.password-changed', { admin: session.admin.username });
    return reply.code(204).send();
  });
}
