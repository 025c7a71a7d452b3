// The screen's side of the host's RPC socket, for tests that drive a running kiosk host (in this
// process or a `kiosk24 start` child) the way the browser shell does: per-launch secret as the
// subprotocol, the host's own origin.
import WebSocket from 'ws';
import type { KioskApi, KioskMethod } from '../../contract/kiosk-api.ts';
import { createClient, RPC_PATH, rpcProtocols, type RpcResponse } from '../../contract/rpc.ts';

export function connectKioskRpc(
  url: string,
  secret: string,
): Promise<{ socket: WebSocket; api: KioskApi }> {
  const ws = new WebSocket(
    url.replace(/^http/, 'ws').replace(/\/$/, '') + RPC_PATH,
    rpcProtocols(secret),
    {
      origin: url.replace(/\/$/, ''),
    },
  );
  let next = 1;
  const waiting = new Map<number, (r: RpcResponse) => void>();
  ws.on('message', (data: Buffer) => {
    const response = JSON.parse(data.toString()) as RpcResponse;
    waiting.get(response.id)?.(response);
    waiting.delete(response.id);
  });
  const api = createClient((method: KioskMethod, params: unknown) => {
    const id = next++;
    return new Promise((resolve, reject) => {
      waiting.set(id, (r) =>
        'result' in r ? resolve(r.result) : reject(new Error(r.error.message)),
      );
      // The screen sends {} for a method without input; the host refuses a missing `params`.
      ws.send(JSON.stringify({ id, method, params: params ?? {} }));
    });
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ socket: ws, api }));
    ws.once('error', reject);
  });
}
