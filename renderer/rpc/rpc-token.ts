// The per-launch secret of the browser shell's RPC socket. The host puts it in the URL fragment
// (never sent to a server); it moves to sessionStorage at once, so it is neither left in the
// address bar nor lost on a reload.

const STORAGE_KEY = 'kiosk24.rpcToken';
/** base64url, as the host makes it; it travels as a WebSocket subprotocol, so no other chars. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,256}$/;

export interface TokenEnvironment {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/** Takes the token from `#token=…` (and removes the fragment), else from storage; null if none. */
export function takeRpcToken(env: TokenEnvironment): string | null {
  const fragment = env.location.hash.startsWith('#') ? env.location.hash.slice(1) : '';
  const fromUrl = fragment ? new URLSearchParams(fragment).get('token') : null;
  if (fromUrl !== null) {
    env.history.replaceState(null, '', `${env.location.pathname}${env.location.search}`);
    if (TOKEN_SHAPE.test(fromUrl)) {
      env.storage.setItem(STORAGE_KEY, fromUrl);
      return fromUrl;
    }
  }
  const stored = env.storage.getItem(STORAGE_KEY);
  return stored !== null && TOKEN_SHAPE.test(stored) ? stored : null;
}
