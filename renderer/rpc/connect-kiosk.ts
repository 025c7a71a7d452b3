// Picks the transport at start: Electron's preload bridge when present, otherwise the browser
// shell's WebSocket on this page's own host, with the token from the URL fragment.
import type { KioskApi } from '../../contract/kiosk-api.ts';
import { createIpcSend, type Invoke } from './ipc-transport.ts';
import { createClient, RPC_PATH, rpcProtocols } from '../../contract/rpc.ts';
import { takeRpcToken } from './rpc-token.ts';
import { createWsTransport, openBrowserSocket, type ConnectionState } from './ws-transport.ts';

export interface ConnectionWatch {
  get(): ConnectionState;
  subscribe(listener: () => void): () => void;
}

export interface KioskConnection {
  api: KioskApi;
  connection: ConnectionWatch;
  /** Whether a per-launch token was found (browser shell only; always true in Electron). */
  hasToken: boolean;
}

declare global {
  interface Window {
    kiosk24?: { invoke?: Invoke };
  }
}

export function connectKiosk(win: Window): KioskConnection {
  const invoke = win.kiosk24?.invoke;
  if (typeof invoke === 'function') {
    return {
      api: createClient(createIpcSend(invoke)),
      connection: { get: () => 'open', subscribe: () => () => undefined },
      hasToken: true,
    };
  }
  const token = takeRpcToken({
    location: win.location,
    history: win.history,
    storage: win.sessionStorage,
  });
  const listeners = new Set<() => void>();
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = createWsTransport({
    url: `${scheme}://${win.location.host}${RPC_PATH}`,
    protocols: () => (token ? rpcProtocols(token) : null),
    openSocket: openBrowserSocket,
    onState: () => listeners.forEach((l) => l()),
  });
  return {
    api: createClient(transport.send),
    connection: {
      get: transport.state,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    hasToken: token !== null,
  };
}
