// GET /api/v1/openapi.json: the OpenAPI 3.1 description generated from the route table
// (contract/api-routes.ts, contract/openapi.ts). Registered before every other route, it also
// watches what the server registers and, once ready, warns about any /api/ route the table does
// not describe and any described route that is not served: the table and the server cannot drift
// apart without a log line (and a red coverage test).
import type { FastifyInstance } from 'fastify';
import { API_ROUTES, OPENAPI_PATH, routeKey, type RouteSpec } from '../../contract/api-routes.ts';
import { buildOpenApiDocument, type JsonSchema } from '../../contract/openapi.ts';
import type { CentralLog } from '../http/log.ts';

export interface OpenApiControllerDeps {
  log: CentralLog;
  /** The table to serve and check against; default the contract's. */
  routes?: Record<string, RouteSpec>;
}

/** Only the API is described; the console's static files are not part of it. */
const isApiPath = (url: string) => url.startsWith('/api/');

export function registerOpenApiRoutes(app: FastifyInstance, deps: OpenApiControllerDeps): void {
  const routes = deps.routes ?? API_ROUTES;
  const registered = new Set<string>();

  app.addHook('onRoute', (options) => {
    if (!isApiPath(options.url)) return;
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    // Fastify adds a HEAD twin to every GET by itself.
    for (const method of methods)
      if (method !== 'HEAD') registered.add(routeKey({ method, path: options.url }));
  });

  app.addHook('onReady', async () => {
    const described = new Set(Object.values(routes).map(routeKey));
    for (const route of registered) {
      if (!described.has(route)) deps.log('warn', 'openapi.route-undescribed', { route });
    }
    for (const route of described) {
      if (!registered.has(route)) deps.log('warn', 'openapi.route-not-served', { route });
    }
  });

  // Built on first request (about 0.1 s) and kept: the table is fixed for the process.
  let document: JsonSchema | null = null;
  app.get(OPENAPI_PATH, async (_request, reply) => {
    document ??= buildOpenApiDocument({}, routes);
    return reply.header('cache-control', 'no-cache').send(document);
  });
}
