// A man in the middle between a kiosk and the centre: a real HTTP server that forwards every
// request and may rewrite an answer on the way back (change a byte, serve an old catalog, serve
// something the centre never signed). What a hostile network can do, and no more: it holds no key.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Rewrite {
  (answer: { path: string; status: number; body: string }): { status: number; body: string } | null;
}

export interface TamperingProxy {
  url: string;
  /** Null forwards answers untouched. */
  rewrite: Rewrite | null;
  /** Every answer that went through (after rewriting), newest last. */
  seen: { path: string; status: number; body: string }[];
  close(): Promise<void>;
}

const HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export async function startTamperingProxy(target: string): Promise<TamperingProxy> {
  const proxy: TamperingProxy = {
    url: '',
    rewrite: null,
    seen: [],
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (!HOP.has(name) && typeof value === 'string') headers[name] = value;
        }
        const body = Buffer.concat(chunks);
        const upstream = await fetch(target + req.url, {
          method: req.method,
          headers,
          ...(body.length > 0 ? { body } : {}),
        });
        const path = (req.url ?? '').split('?')[0]!;
        let answer = { path, status: upstream.status, body: await upstream.text() };
        const rewritten = proxy.rewrite?.(answer);
        if (rewritten) answer = { path, ...rewritten };
        proxy.seen.push(answer);
        const out: Record<string, string> = {};
        for (const name of ['content-type', 'etag', 'cache-control', 'retry-after']) {
          const value = upstream.headers.get(name);
          if (value) out[name] = value;
        }
        res.writeHead(answer.status, out);
        res.end(answer.status === 304 ? undefined : answer.body);
      })().catch(() => {
        res.writeHead(502).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
