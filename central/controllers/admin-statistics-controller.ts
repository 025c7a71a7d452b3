// Statistics for every admin role: transactions per item, kiosk and day; 好差评 distribution and
// the reasons given with 差评.
import type { FastifyInstance } from 'fastify';
import { ADMIN_PATHS, StatisticsQuery } from '../../contract/admin-api.ts';
import { requireAdmin, type AuthenticateAdmin } from '../http/admin-auth.ts';
import type { StatisticsService } from '../services/statistics-service.ts';
import { parseInput } from './parse-input.ts';

export function registerAdminStatisticsRoutes(
  app: FastifyInstance,
  deps: { statistics: StatisticsService; authenticateAdmin: AuthenticateAdmin },
): void {
  const admin = requireAdmin(deps.authenticateAdmin);
  app.get(ADMIN_PATHS.statistics, { onRequest: admin }, async (request) =>
    deps.statistics.compute(parseInput(StatisticsQuery, request.query ?? {})),
  );
}
