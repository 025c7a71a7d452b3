// The browser shell's transport against the host's real HTTP/WebSocket server and dispatcher,
// over loopback TCP (the `ws` client stands in for the browser's WebSocket).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KioskApi } from '../../../contract/kiosk-api.ts';
import { createClient, createDispatcher, RpcError, rpcProtocols } from '../../../contract/rpc.ts';
import { startHostServer, type HostServer } from '../../../host/http-server.ts';
import { createLogger } from '../../../host/log.ts';
import { DISCONNECTED_MESSAGE, TIMEOUT_MESSAGE } from '../../../renderer/rpc/request-timeout.ts';
import {
  createWsTransport,
  type ConnectionState,
  type OpenSocket,
  type WsTransport,
} from '../../../renderer/rpc/ws-transport.ts';

const SECRET = 'renderer-test-secret-0123456789';
const SESSION = 'abcdefghijklmnop1234';
const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-renderer-rpc-'));
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');

const servers: HostServer[] = [];
const transports: WsTransport[] = [];
let release: (() => void)[] = [];

afterEach(async () => {
  release.forEach((r) => r());
  release = [];
  transports.splice(0).forEach((t) => t.close());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function handlers(): KioskApi {
  return {
    'session.begin': async ({ itemCode }: { itemCode: string }) => {
      if (itemCode === 'MISSING') throw new Error('事项 MISSING 不在当前事项目录中');
      return { sessionId: SESSION };
    },
    // Answers only when the test lets it (to hold a request in flight).
    'session.readCard': () =>
      new Promise((resolve) => release.push(() => resolve({ outcome: 'no-card' }))),
    'session.end': async () => ({ ok: true }),
  } as unknown as KioskApi;
}

async function startServer(port = 0): Promise<HostServer> {
  const server = await startHostServer({
    port,
    rendererDir,
    secret: SECRET,
    dispatch: createDispatcher(handlers()),
    log: createLogger('test', () => undefined),
  });
  servers.push(server);
  return server;
}

/** `ws` behind the transport's socket seam, with the Origin a page of this host would send. */
function wsSockets(port: number, opened: string[][] = []): OpenSocket {
  return (url, protocols, on) => {
    opened.push(protocols);
    const ws = new WebSocket(url, protocols, { origin: `http://127.0.0.1:${port}` });
    ws.onopen = () => on.open();
    ws.onmessage = (event) => on.message(String(event.data));
    ws.onclose = () => on.close();
    ws.onerror = () => undefined; // a close always follows
    return { send: (frame) => ws.send(frame), close: () => ws.close() };
  };
}

function transportFor(
  server: HostServer,
  opts: {
    token?: string;
    timeoutMs?: number;
    opened?: string[][];
    states?: ConnectionState[];
  } = {},
): WsTransport {
  const transport = createWsTransport({
    url: `ws://127.0.0.1:${server.port}/rpc`,
    protocols: () => rpcProtocols(opts.token ?? SECRET),
    openSocket: wsSockets(server.port, opts.opened),
    retryDelayMs: () => 20,
    timeoutMs: opts.timeoutMs === undefined ? undefined : () => opts.timeoutMs!,
    onState: (s) => opts.states?.push(s),
  });
  transports.push(transport);
  return transport;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

describe('WebSocket transport', () => {
  it('calls the host through the typed client and forgets each request once answered', async () => {
    const server = await startServer();
    const states: ConnectionState[] = [];
    const transport = transportFor(server, { states });
    const api = createClient(transport.send);
    // Sent before the socket is open: it waits for the connection, then goes.
    await expect(api['session.begin']({ itemCode: 'X' })).resolves.toEqual({ sessionId: SESSION });
    expect(states).toContain('open');
    expect(transport.pendingCount()).toBe(0);
  });

  it("passes the host's error on as an RpcError with the citizen's message", async () => {
    const transport = transportFor(await startServer());
    const api = createClient(transport.send);
    const err = await api['session.begin']({ itemCode: 'MISSING' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ code: 'failed', message: '事项 MISSING 不在当前事项目录中' });
    const bad = await api['session.begin']({ itemCode: '' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'bad-request' });
    expect(transport.pendingCount()).toBe(0);
  });

  it('gives up on a request after its deadline and ignores the late answer', async () => {
    const transport = transportFor(await startServer(), { timeoutMs: 100 });
    const api = createClient(transport.send);
    await expect(api['session.readCard']({ sessionId: SESSION, waitMs: 0 })).rejects.toThrow(
      TIMEOUT_MESSAGE,
    );
    expect(transport.pendingCount()).toBe(0);
    release.splice(0).forEach((r) => r()); // the host answers now: nobody is waiting
    await expect(api['session.end']({ sessionId: SESSION, reason: 'idle' })).resolves.toEqual({
      ok: true,
    });
    expect(transport.pendingCount()).toBe(0);
  });

  it('fails requests in flight when the host goes away, and reconnects when it is back', async () => {
    const server = await startServer();
    const port = server.port;
    const states: ConnectionState[] = [];
    const transport = transportFor(server, { states });
    const api = createClient(transport.send);
    await api['session.begin']({ itemCode: 'X' });
    const inFlight = api['session.readCard']({ sessionId: SESSION, waitMs: 0 });
    await until(() => release.length === 1);
    await servers.splice(0).map((s) => s.close())[0];
    await expect(inFlight).rejects.toThrow(DISCONNECTED_MESSAGE);
    expect(transport.pendingCount()).toBe(0);
    await until(() => transport.state() === 'connecting');

    await startServer(port);
    await expect(api['session.begin']({ itemCode: 'X' })).resolves.toEqual({ sessionId: SESSION });
    expect(states.filter((s) => s === 'open').length).toBe(2);
  });

  it('never opens with a wrong token, keeps retrying, and times its requests out', async () => {
    const opened: string[][] = [];
    const transport = transportFor(await startServer(), {
      token: 'wrong-token-wrong-token',
      timeoutMs: 300,
      opened,
    });
    await expect(
      transport.send('session.end', { sessionId: SESSION, reason: 'idle' }),
    ).rejects.toThrow(TIMEOUT_MESSAGE);
    expect(transport.state()).not.toBe('open');
    expect(opened.length).toBeGreaterThan(1);
    expect(opened[0]).toEqual(['kiosk24.rpc.v1', 'kiosk24.token.wrong-token-wrong-token']);
    expect(transport.pendingCount()).toBe(0);
  });

  it('close() fails what is pending and stops reconnecting', async () => {
    const opened: string[][] = [];
    const transport = transportFor(await startServer(), { opened });
    const api = createClient(transport.send);
    const pending = api['session.readCard']({ sessionId: SESSION, waitMs: 0 });
    await until(() => release.length === 1);
    transport.close();
    await expect(pending).rejects.toThrow(DISCONNECTED_MESSAGE);
    expect(transport.state()).toBe('closed');
    expect(transport.pendingCount()).toBe(0);
    await expect(api['session.end']({ sessionId: SESSION, reason: 'idle' })).rejects.toThrow();
    expect(opened).toHaveLength(1);
  });
});
