// The browser shell's door into the host: static renderer files and one WebSocket for the
// KioskApi. It listens on loopback only, answers only requests whose Host is this loopback
// address (DNS rebinding), opens the socket only for this origin and the per-launch secret.
import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  answer,
  RPC_PATH,
  RPC_PROTOCOL,
  RPC_TOKEN_PREFIX,
  RpcRequest,
  type createDispatcher,
} from '../contract/rpc.ts';
import type { Logger } from './log.ts';

/** The renderer's CSP, sent as a header as well as in its HTML. */
export const RENDERER_CSP = [
  "default-src 'self'",
  // WebAssembly compilation for the face model (tfjs wasm backend); still no eval, no inline.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
};

export interface HostServer {
  port: number;
  /** The address to open, secret in the fragment (never sent to a server or logged). */
  url: string;
  close(): Promise<void>;
}

export async function startHostServer(opts: {
  port: number;
  rendererDir: string;
  secret: string;
  dispatch: ReturnType<typeof createDispatcher>;
  log: Logger;
}): Promise<HostServer> {
  const { rendererDir, secret, dispatch, log } = opts;
  let port = opts.port;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = http.createServer((req, res) => {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(rendererDir, req, res);
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 256 * 1024,
    handleProtocols: (protocols) => (protocols.has(RPC_PROTOCOL) ? RPC_PROTOCOL : false),
  });

  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, why: string) => {
      log.warn('rpc.refused', { why });
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== RPC_PATH) return refuse(404, 'path');
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(421, 'host');
    if (!allowedOrigins().has(req.headers.origin ?? '')) return refuse(403, 'origin');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const token = offered
      .find((p) => p.startsWith(RPC_TOKEN_PREFIX))
      ?.slice(RPC_TOKEN_PREFIX.length);
    if (!token || !sameSecret(token, secret)) return refuse(401, 'token');
    wss.handleUpgrade(req, socket, head, (ws) => serveRpc(ws));
  });

  function serveRpc(ws: WebSocket) {
    ws.on('message', async (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text only');
      let request: RpcRequest;
      try {
        request = RpcRequest.parse(JSON.parse(data.toString()));
      } catch {
        return ws.close(1007, 'malformed request');
      }
      const response = await answer(dispatch, request);
      if ('error' in response)
        log.warn('rpc.error', { method: request.method, code: response.error.code });
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(response));
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/#token=${secret}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function serveStatic(root: string, req: http.IncomingMessage, res: http.ServerResponse) {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('bad path\n');
    return;
  }
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  const file = path.resolve(root, relative);
  if (
    !file.startsWith(path.resolve(root) + path.sep) ||
    !existsSync(file) ||
    !statSync(file).isFile()
  ) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}
