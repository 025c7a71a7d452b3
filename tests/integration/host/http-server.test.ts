// The loopback door: only this origin, only with the launch secret, only the RPC path.
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KioskApi } from '../../../contract/kiosk-api.ts';
import { createDispatcher } from '../../../contract/rpc.ts';
import { RENDERER_CSP, startHostServer, type HostServer } from '../../../host/http-server.ts';
import { createLogger } from '../../../host/log.ts';

const secret = 'test-secret-0123456789abcdef';
let server: HostServer;
const logLines: string[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-door-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  const api = {
    'session.begin': async () => ({ sessionId: 'abcdefghijklmnop1234' }),
  } as unknown as KioskApi;
  server = await startHostServer({
    port: 0,
    rendererDir: dir,
    secret,
    dispatch: createDispatcher(api),
    log: createLogger('test', (l) => logLines.push(l)),
  });
});
afterAll(() => server.close());

function get(
  pathname: string,
  host: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.port, path: pathname, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

function connect(opts: { origin?: string; token?: string; host?: string }): Promise<WebSocket> {
  const protocols = ['kiosk24.rpc.v1', ...(opts.token ? [`kiosk24.token.${opts.token}`] : [])];
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, protocols, {
    origin: opts.origin ?? `http://127.0.0.1:${server.port}`,
    headers: opts.host ? { host: opts.host } : {},
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('host HTTP server', () => {
  it('serves the screen with a strict CSP on the loopback name only', async () => {
    const ok = await get('/', `127.0.0.1:${server.port}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect((await get('/', `evil.example:${server.port}`)).status).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get('/../../../../etc/passwd', `127.0.0.1:${server.port}`);
    expect(res.body).not.toContain('root:');
  });

  it('opens the RPC socket only with the launch secret, this origin and this host', async () => {
    await expect(connect({})).rejects.toThrow('401');
    await expect(connect({ token: 'wrong' })).rejects.toThrow('401');
    await expect(connect({ token: secret, origin: 'http://evil.example' })).rejects.toThrow('403');
    await expect(connect({ token: secret, host: 'evil.example' })).rejects.toThrow('421');
    const ws = await connect({ token: secret });
    const reply = new Promise<unknown>((resolve) =>
      ws.once('message', (d) => resolve(JSON.parse(d.toString()))),
    );
    ws.send(JSON.stringify({ id: 1, method: 'session.begin', params: { itemCode: 'X' } }));
    expect(await reply).toEqual({ id: 1, result: { sessionId: 'abcdefghijklmnop1234' } });
    ws.close();
  });

  it('closes a socket that sends garbage', async () => {
    const ws = await connect({ token: secret });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{not json');
    expect(await closed).toBe(1007);
  });

  it('never logs the secret', () => {
    expect(logLines.join('\n')).not.toContain(secret);
  });
});
