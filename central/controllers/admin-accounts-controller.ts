// 账号管理: the account-admin lists, creates and changes the console's admin accounts. Generated
// passwords are answered once (no-store) and never logged or audited; every change, refused ones
// included, is audited under the acting admin with the target username and roles.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AccountCreateRequest,
  AccountUpdateRequest,
  ADMIN_PATHS,
  type AccountWithPassword,
  type AdminAccount,
} from '../../contract/admin-api.ts';
import { CentralError } from '../errors.ts';
import { noteAudit, noteAuditTarget } from '../http/admin-audit.ts';
import { adminOf, requireAdmin, type AuthenticateAdmin } from '../http/admin-auth.ts';
import type { CentralLog } from '../http/log.ts';
import type { AdminAccountService } from '../services/admin-account-service.ts';
import { parseInput } from './parse-input.ts';

export interface AdminAccountsControllerDeps {
  accounts: AdminAccountService;
  authenticateAdmin: AuthenticateAdmin;
  log: CentralLog;
}

type ByUsername = { Params: { username: string } };

const rolesText = (roles: readonly string[]) => roles.join(', ');

/** What changed, for the audit entry: roles, display name and state, never a password. */
function describeChange(before: AdminAccount, after: AdminAccount): string {
  const parts: string[] = [];
  if (rolesText(before.roles) !== rolesText(after.roles)) {
    parts.push(`roles ${rolesText(before.roles)} → ${rolesText(after.roles)}`);
  }
  if (before.displayName !== after.displayName) parts.push('display name changed');
  if (before.disabled !== after.disabled) {
    parts.push(after.disabled ? 'disabled; sessions ended' : 'enabled');
  }
  return `account ${after.username}: ${parts.length ? parts.join('; ') : 'no change'} (roles now ${rolesText(after.roles)})`;
}

/** A refusal from the service, named in the audit entry by its code (never the request body). */
async function auditRefusal<T>(request: FastifyRequest, what: string, fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CentralError) noteAudit(request, `${what} refused (${err.code})`);
    throw err;
  }
}

export function registerAdminAccountsRoutes(
  app: FastifyInstance,
  deps: AdminAccountsControllerDeps,
): void {
  const accountAdmin = requireAdmin(deps.authenticateAdmin, 'account-admin');

  app.get(ADMIN_PATHS.accounts, { onRequest: accountAdmin }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return deps.accounts.accounts();
  });

  app.post(
    ADMIN_PATHS.accounts,
    { onRequest: accountAdmin },
    async (request, reply): Promise<AccountWithPassword> => {
      const body = parseInput(AccountCreateRequest, request.body);
      noteAuditTarget(request, { username: body.username });
      const created = await auditRefusal(request, `account ${body.username}`, () =>
        deps.accounts.createAccount(body),
      );
      noteAudit(request, `account ${body.username} created with roles ${rolesText(body.roles)}`);
      deps.log('info', 'admin.account-created', {
        admin: adminOf(request).adminId,
        account: body.username,
      });
      reply.code(201).header('cache-control', 'no-store');
      return created;
    },
  );

  app.patch<ByUsername>(
    ADMIN_PATHS.account,
    { onRequest: accountAdmin },
    async (request, reply): Promise<AdminAccount> => {
      const { username } = request.params;
      const change = parseInput(AccountUpdateRequest, request.body);
      const actor = adminOf(request).adminId;
      const { before, after } = await auditRefusal(request, `change of account ${username}`, () =>
        deps.accounts.updateAccount(username, change, actor),
      );
      noteAudit(request, describeChange(before, after));
      deps.log('info', 'admin.account-changed', { admin: actor, account: username });
      reply.header('cache-control', 'no-store');
      return after;
    },
  );

  app.post<ByUsername>(
    ADMIN_PATHS.accountPassword,
    { onRequest: accountAdmin },
    async (request, reply): Promise<AccountWithPassword> => {
      const { username } = request.params;
      const actor = adminOf(request).adminId;
      const reset = await auditRefusal(request, `password reset of ${username}`, () =>
        deps.accounts.resetPassword(username, actor),
      );
      noteAudit(
        request,
        `password of ${username} reset; sessions ended (roles ${rolesText(reset.account.roles)})`,
      );
      deps.log('info', 'admin.account-password-reset', { admin: actor, account: username });
      reply.header('cache-control', 'no-store');
      return reset;
    },
  );
}
