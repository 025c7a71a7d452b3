import { describe, expect, it } from 'vitest';
import { answer, createClient, createDispatcher, RpcError } from '../../../contract/rpc.ts';
import type { KioskApi } from '../../../contract/kiosk-api.ts';

const sessionId = 'abcdefghijklmnop1234';
function handlers(overrides: Partial<KioskApi> = {}): KioskApi {
  const fail = async () => {
    throw new Error('not used');
  };
  return {
    'kiosk.status': fail,
    'catalog.current': fail,
    'session.begin': async () => ({ sessionId }),
    'session.readCard': async () => ({ outcome: 'no-card' }),
    'session.submit': fail,
    'session.rate': async () => ({ ok: true }),
    'session.end': async () => ({ ok: true }),
    ...overrides,
  } as KioskApi;
}

describe('dispatcher', () => {
  it('rejects unknown methods and invalid input before any handler runs', async () => {
    let called = false;
    const dispatch = createDispatcher(
      handlers({ 'session.begin': async () => ((called = true), { sessionId }) }),
    );
    await expect(dispatch('session.delete', {})).rejects.toMatchObject({ code: 'unknown-method' });
    await expect(dispatch('__proto__', {})).rejects.toBeInstanceOf(RpcError);
    await expect(dispatch('session.begin', { itemCode: '' })).rejects.toMatchObject({
      code: 'bad-request',
    });
    await expect(
      dispatch('session.readCard', { sessionId: '../etc', waitMs: 10 }),
    ).rejects.toMatchObject({ code: 'bad-request' });
    expect(called).toBe(false);
  });

  it('refuses to pass on an output that breaks the contract', async () => {
    const dispatch = createDispatcher(
      handlers({ 'session.begin': async () => ({ sessionId: 'short' }) }),
    );
    await expect(dispatch('session.begin', { itemCode: 'X' })).rejects.toThrow();
  });

  it('turns handler errors into failed answers with the message for the citizen', async () => {
    const seen: string[] = [];
    const dispatch = createDispatcher(
      handlers({
        'session.begin': async () => {
          throw new Error('事项 X 不在当前事项目录中');
        },
      }),
      (method) => seen.push(method),
    );
    const response = await answer(dispatch, {
      id: 7,
      method: 'session.begin',
      params: { itemCode: 'X' },
    });
    expect(response).toEqual({
      id: 7,
      error: { code: 'failed', message: '事项 X 不在当前事项目录中' },
    });
    expect(seen).toEqual(['session.begin']);
  });

  it('round-trips through a client over any send function', async () => {
    const dispatch = createDispatcher(handlers());
    const client = createClient((method, params) => dispatch(method, params));
    await expect(client['session.begin']({ itemCode: 'X' })).resolves.toEqual({ sessionId });
    await expect(client['session.readCard']({ sessionId, waitMs: 0 })).resolves.toEqual({
      outcome: 'no-card',
    });
  });
});
