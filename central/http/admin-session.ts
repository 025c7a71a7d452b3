// Admin authentication for the console and for scripts: a session cookie (console) or the operator's
// bearer token (scripts). A request carrying a cookie but no bearer token is judged by its session;
// if it changes anything (not GET/HEAD) it must also carry `x-kiosk24-console: 1` — a header a
// cross-site form or link cannot add — or it is refused (CSRF). SameSite=Strict already keeps the
// cookie off cross-site requests; the header is the second, independent lock. The cookie codec is
// @fastify/cookie's, loaded when controllers/admin-console-routes.ts registers the plugin.
import { fastifyCookie } from '@fastify/cookie';
import {
  ADMIN_SESSION_COOKIE,
  ADMIN_SESSION_COOKIE_PATH,
  CONSOLE_HEADER,
} from '../../contract/admin-api.ts';
import { CentralError } from '../errors.ts';
import type { AdminAccountService, SignedInAdmin } from '../services/admin-account-service.ts';
import { SESSION_ABSOLUTE_MS } from '../services/admin-account-service.ts';
import { noteAuditIdentity } from './admin-audit.ts';
import type { AuthenticateAdmin } from './admin-auth.ts';
import type { AuthenticationRequest } from './authenticate.ts';

// The cookie goes back to the admin API only, never to the kiosks' routes or the console's files.
export const SESSION_COOKIE = ADMIN_SESSION_COOKIE;
export const SESSION_COOKIE_PATH = ADMIN_SESSION_COOKIE_PATH;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session token the request's cookie carries, if any. */
export function sessionTokenOf(req: AuthenticationRequest): string | null {
  const header = req.headers.cookie;
  if (typeof header !== 'string' || header.length > 8192) return null;
  try {
    const value = fastifyCookie.parse(header)[SESSION_COOKIE];
    return typeof value === 'string' && value.length > 0 ? value : null;
  } catch {
    return null;
  }
}

/** Refuses a state-changing request without the console's header (no-op for GET/HEAD). */
export function requireConsoleHeader(req: AuthenticationRequest): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  if (req.headers[CONSOLE_HEADER] !== '1') {
    throw new CentralError(
      'forbidden',
      'console-header-required',
      `send the ${CONSOLE_HEADER}: 1 header with every change made from the console`,
    );
  }
}

export function sessionCookie(token: string, opts: { secure: boolean }): string {
  return fastifyCookie.serialize(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: SESSION_COOKIE_PATH,
    secure: opts.secure,
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
}

export function clearedSessionCookie(opts: { secure: boolean }): string {
  return fastifyCookie.serialize(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'strict',
    path: SESSION_COOKIE_PATH,
    secure: opts.secure,
    maxAge: 0,
    expires: new Date(0),
  });
}

const sessions = new WeakMap<object, { token: string; admin: SignedInAdmin }>();

/** The console session behind a request authenticated by `createAdminAuthenticator`, if any. */
export function sessionOf(
  req: AuthenticationRequest,
): { token: string; admin: SignedInAdmin } | null {
  return sessions.get(req) ?? null;
}

/**
 * Session cookie OR bearer token. An Authorization header always goes to the bearer check (so a
 * script's behaviour does not depend on stray cookies); otherwise the cookie's session decides.
 */
export function createAdminAuthenticator(deps: {
  accounts: AdminAccountService;
  bearer: AuthenticateAdmin;
}): AuthenticateAdmin {
  return async (req) => {
    if (req.headers.authorization !== undefined) return deps.bearer(req);
    const token = sessionTokenOf(req);
    if (token === null) {
      throw new CentralError(
        'unauthenticated',
        'admin-unauthenticated',
        'sign in to the console, or send the admin token',
      );
    }
    const admin = await deps.accounts.resolveSession(token);
    if (!admin) {
      throw new CentralError(
        'unauthenticated',
        'session-expired',
        'the session ended: sign in again',
      );
    }
    const identity = { adminId: admin.username, roles: admin.roles };
    // Named in the audit log even when the missing header refuses the request.
    noteAuditIdentity(req, identity);
    requireConsoleHeader(req);
    sessions.set(req, { token, admin });
    return identity;
  };
}
