import { describe, expect, it } from 'vitest';
import { takeRpcToken, type TokenEnvironment } from '../../../renderer/rpc/rpc-token.ts';

const TOKEN = '4l-8avWl2jE0tK5d3XoZOK9IkNALE07G';

function environment(hash: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  const env: TokenEnvironment = {
    location: { hash, pathname: '/', search: '' },
    history: { replaceState: (_d, _u, url) => replaced.push(url ?? '') },
    storage: {
      getItem: (k) => storage.get(k) ?? null,
      setItem: (k, v) => void storage.set(k, v),
    },
  };
  return { env, storage, replaced };
}

describe('RPC token', () => {
  it('moves the token from the fragment to sessionStorage and clears the address bar', () => {
    const { env, storage, replaced } = environment(`#token=${TOKEN}`);
    expect(takeRpcToken(env)).toBe(TOKEN);
    expect([...storage.values()]).toEqual([TOKEN]);
    expect(replaced).toEqual(['/']);
  });

  it('finds the stored token after a reload (no fragment any more)', () => {
    const { env, storage } = environment(`#token=${TOKEN}`);
    takeRpcToken(env);
    const reload = environment('', Object.fromEntries(storage));
    expect(takeRpcToken(reload.env)).toBe(TOKEN);
    expect(reload.replaced).toEqual([]);
  });

  it('refuses a token that could not travel as a subprotocol, and still clears it', () => {
    const { env, storage, replaced } = environment('#token=a%20b,c');
    expect(takeRpcToken(env)).toBeNull();
    expect(storage.size).toBe(0);
    expect(replaced).toEqual(['/']);
  });

  it('returns null without a token anywhere', () => {
    expect(takeRpcToken(environment('').env)).toBeNull();
    expect(takeRpcToken(environment('#other=1').env)).toBeNull();
  });
});
