// The Electron shell's transport: the preload exposes `window.kiosk24.invoke`, whose main-process
// half (electron/rpc-relay.ts) answers with the wire response ({id, result} | {id, error}).
import type { KioskMethod } from '../../contract/kiosk-api.ts';
import { RpcError, type RpcErrorCode } from '../../contract/rpc.ts';
import { requestTimeoutMs, TIMEOUT_MESSAGE } from './request-timeout.ts';

export type Invoke = (method: string, params: unknown) => Promise<unknown>;

const RPC_ERROR_CODES: readonly RpcErrorCode[] = ['bad-request', 'unknown-method', 'failed'];

/** Unwraps one wire response: its result, or an RpcError. */
export function unwrapResponse(response: unknown): unknown {
  if (!response || typeof response !== 'object') {
    throw new RpcError('failed', 'malformed response from the kiosk host');
  }
  const { result, error } = response as { result?: unknown; error?: unknown };
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const known = RPC_ERROR_CODES.find((c) => c === code) ?? 'failed';
    throw new RpcError(known, typeof message === 'string' ? message : 'request failed');
  }
  return result;
}

export function createIpcSend(
  invoke: Invoke,
  timeoutMs: (method: KioskMethod, params: unknown) => number = requestTimeoutMs,
): (method: KioskMethod, params: unknown) => Promise<unknown> {
  return (method, params) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new RpcError('failed', TIMEOUT_MESSAGE)),
        timeoutMs(method, params),
      );
      invoke(method, params).then(
        (response) => {
          clearTimeout(timer);
          try {
            resolve(unwrapResponse(response));
          } catch (err) {
            reject(err as Error);
          }
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new RpcError('failed', String(err)));
        },
      );
    });
}
