// The admin console (central/console/, a Vite build in dist/console) served at /console/. Same
// origin as the admin API, so its session cookie needs no CORS. When the console was not built,
// /console/ says how to build it instead of a bare 404.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

export const CONSOLE_PREFIX = '/console/';
export const CONSOLE_BUILD_COMMAND = 'npx vite build --config central/console/vite.config.ts';

/** dist/console at the repository root. */
export const DEFAULT_CONSOLE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'dist',
  'console',
);

/** The console's own files only; no inline code, no framing (an admin page is worth clickjacking). */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>管理平台尚未构建</title></head>
<body><h1>管理平台尚未构建 (admin console not built)</h1>
<p>Build it once, then reload: <code>${CONSOLE_BUILD_COMMAND}</code></p></body></html>`;

/** A Fastify plugin: `app.register(serveConsole)` (or `{ dir }` for another build folder). */
export const serveConsole: FastifyPluginAsync<{ dir?: string }> = async (app, opts) => {
  const dir = opts.dir ?? DEFAULT_CONSOLE_DIR;
  const built = existsSync(path.join(dir, 'index.html'));

  app.get('/console', (_request, reply) => reply.redirect(CONSOLE_PREFIX, 302));

  if (!built) {
    const notBuilt = (_request: unknown, reply: FastifyReply) =>
      reply
        .code(503)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT_PAGE);
    app.get(CONSOLE_PREFIX, notBuilt);
    app.get(`${CONSOLE_PREFIX}*`, notBuilt);
    return;
  }

  // The plugin is its own encapsulated scope: these headers go with the console's files only.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', CONSOLE_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
  await app.register(fastifyStatic, {
    root: dir,
    prefix: CONSOLE_PREFIX,
    // Another static registration elsewhere may own the reply decorator.
    decorateReply: false,
    // Hashed asset names may be cached for good; index.html must be asked for every time.
    setHeaders: (reply, file) => {
      reply.header(
        'cache-control',
        file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      );
    },
  });
};
