// The Electron transport's renderer half against the wire answers the relay passes back
// (electron/rpc-relay.ts returns what contract/rpc.ts `answer` produces).
import { describe, expect, it } from 'vitest';
import type { KioskApi } from '../../../contract/kiosk-api.ts';
import { answer, createClient, createDispatcher, RpcError } from '../../../contract/rpc.ts';
import { createIpcSend, unwrapResponse } from '../../../renderer/rpc/ipc-transport.ts';
import { TIMEOUT_MESSAGE } from '../../../renderer/rpc/request-timeout.ts';

const sessionId = 'abcdefghijklmnop1234';
const dispatch = createDispatcher({
  'session.begin': async ({ itemCode }: { itemCode: string }) => {
    if (itemCode === 'MISSING') throw new Error('事项 MISSING 不在当前事项目录中');
    return { sessionId };
  },
  'session.readCard': () => new Promise(() => undefined),
} as unknown as KioskApi);
let nextId = 1;
const invoke = (method: string, params: unknown) =>
  answer(dispatch, { id: nextId++, method, params });

describe('IPC transport', () => {
  it('unwraps results and turns wire errors into RpcErrors', async () => {
    const api = createClient(createIpcSend(invoke));
    await expect(api['session.begin']({ itemCode: 'X' })).resolves.toEqual({ sessionId });
    await expect(api['session.begin']({ itemCode: 'MISSING' })).rejects.toMatchObject({
      code: 'failed',
      message: '事项 MISSING 不在当前事项目录中',
    });
  });

  it('times out a request the main process never answers', async () => {
    const api = createClient(createIpcSend(invoke, () => 50));
    await expect(api['session.readCard']({ sessionId, waitMs: 0 })).rejects.toThrow(
      TIMEOUT_MESSAGE,
    );
  });

  it('rejects malformed answers', () => {
    expect(() => unwrapResponse(null)).toThrow(RpcError);
    expect(() => unwrapResponse({ id: 0, error: { code: 'weird', message: 'x' } })).toThrow(
      expect.objectContaining({ code: 'failed' }),
    );
  });
});
