// The admin console's API (contract/admin-api.ts) in one call for build-server: the audit hook over
// every admin route, the per-address limits on open routes, then sessions, audit, inbox,
// statistics, catalog content and account management.
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog/schema.ts';
import { installAuditLog } from '../http/admin-audit.ts';
import type { AuthenticateAdmin } from '../http/admin-auth.ts';
import { installIpRateLimits, type IpRateLimits } from '../http/ip-rate-limit.ts';
import type { CentralLog } from '../http/log.ts';
import type { AdminAccountService } from '../services/admin-account-service.ts';
import type { AuditService } from '../services/audit-service.ts';
import type { CatalogPublishingService } from '../services/catalog-publishing-service.ts';
import type { InboxService } from '../services/inbox-service.ts';
import type { StatisticsService } from '../services/statistics-service.ts';
import { registerAdminAccountsRoutes } from './admin-accounts-controller.ts';
import { registerAdminAuditRoutes } from './admin-audit-controller.ts';
import { registerAdminCatalogRoutes } from './admin-catalog-controller.ts';
import { registerAdminInboxRoutes } from './admin-inbox-controller.ts';
import { registerAdminSessionRoutes } from './admin-session-controller.ts';
import { registerAdminStatisticsRoutes } from './admin-statistics-controller.ts';

export interface AdminConsoleDeps {
  accounts: AdminAccountService;
  audit: AuditService;
  inbox: InboxService;
  statistics: StatisticsService;
  /** Secure attribute on the session cookie. */
  secureCookies: boolean;
  ipRateLimits?: IpRateLimits;
}

export function registerAdminConsoleRoutes(
  app: FastifyInstance,
  deps: AdminConsoleDeps & {
    catalogs: CatalogPublishingService;
    catalog(): Catalog;
    authenticateAdmin: AuthenticateAdmin;
    log: CentralLog;
  },
): void {
  // Loads the cookie codec that http/admin-session.ts parses and serialises with.
  if (!app.hasDecorator('parseCookie')) void app.register(fastifyCookie);
  installAuditLog(app, deps);
  installIpRateLimits(app, deps.ipRateLimits);
  registerAdminSessionRoutes(app, deps);
  registerAdminAuditRoutes(app, deps);
  registerAdminInboxRoutes(app, deps);
  registerAdminStatisticsRoutes(app, deps);
  registerAdminCatalogRoutes(app, deps);
  registerAdminAccountsRoutes(app, deps);
}
