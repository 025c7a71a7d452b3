// Main-process half of the Electron transport: the preload's `invoke` arrives here over IPC and
// is relayed to the host on its loopback WebSocket. Only the app's own frame may call.
import WebSocket from 'ws';
import { rpcProtocols, type RpcResponse } from '../contract/rpc.ts';
import { isKioskMethod } from '../contract/kiosk-api.ts';

export const RPC_CHANNEL = 'kiosk24:rpc';

export class RpcRelay {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (r: RpcResponse) => void>();

  constructor(
    private readonly port: number,
    private readonly secret: string,
  ) {}

  private connect(): Promise<WebSocket> {
    if (this.socket?.readyState === WebSocket.OPEN) return Promise.resolve(this.socket);
    return new Promise((resolve, reject) => {
      const origin = `http://127.0.0.1:${this.port}`;
      const ws = new WebSocket(`ws://127.0.0.1:${this.port}/rpc`, rpcProtocols(this.secret), {
        origin,
      });
      ws.once('open', () => ((this.socket = ws), resolve(ws)));
      ws.once('error', reject);
      ws.on('message', (data) => {
        const response = JSON.parse(data.toString()) as RpcResponse;
        this.pending.get(response.id)?.(response);
        this.pending.delete(response.id);
      });
      ws.on('close', () => {
        this.socket = null;
        for (const [id, settle] of this.pending) {
          settle({ id, error: { code: 'failed', message: 'kiosk host connection closed' } });
        }
        this.pending.clear();
      });
    });
  }

  async invoke(method: unknown, params: unknown): Promise<RpcResponse> {
    const id = this.nextId++;
    if (!isKioskMethod(method))
      return { id, error: { code: 'unknown-method', message: 'unknown method' } };
    const ws = await this.connect();
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.socket?.close();
  }
}
