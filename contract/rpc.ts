// Wire format shared by both transports, and the two halves generated from the contract:
// a dispatcher (host side) and a client (renderer side).
import { z } from 'zod';
import {
  isKioskMethod,
  KIOSK_METHODS,
  kioskApi,
  type KioskApi,
  type KioskMethod,
} from './kiosk-api.ts';

/** The browser shell's socket: its path, its subprotocol, and the secret's subprotocol prefix. */
export const RPC_PATH = '/rpc';
export const RPC_PROTOCOL = 'kiosk24.rpc.v1';
export const RPC_TOKEN_PREFIX = 'kiosk24.token.';

/** The subprotocols a client offers: the RPC protocol and the per-launch secret. */
export function rpcProtocols(secret: string): string[] {
  return [RPC_PROTOCOL, `${RPC_TOKEN_PREFIX}${secret}`];
}

export const RpcRequest = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  params: z.unknown(),
});
export type RpcRequest = z.infer<typeof RpcRequest>;

export type RpcResponse =
  { id: number; result: unknown } | { id: number; error: { code: RpcErrorCode; message: string } };

export type RpcErrorCode = 'bad-request' | 'unknown-method' | 'failed';

export class RpcError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** Host side: validates input, calls the handler, validates output. Never throws. */
export function createDispatcher(
  handlers: KioskApi,
  onError?: (method: string, err: unknown) => void,
) {
  return async function dispatch(method: unknown, params: unknown): Promise<unknown> {
    if (!isKioskMethod(method))
      throw new RpcError('unknown-method', `unknown method ${String(method)}`);
    const spec = kioskApi[method];
    const parsed = spec.input.safeParse(params ?? {});
    if (!parsed.success) {
      throw new RpcError(
        'bad-request',
        `invalid input for ${method}: ${z.prettifyError(parsed.error)}`,
      );
    }
    let result: unknown;
    try {
      result = await (handlers[method] as (input: unknown) => Promise<unknown>)(parsed.data);
    } catch (err) {
      onError?.(method, err);
      throw new RpcError('failed', err instanceof Error ? err.message : String(err));
    }
    // An invalid output is a host bug: refuse to pass it on rather than confuse the screen.
    return spec.output.parse(result);
  };
}

export async function answer(
  dispatch: ReturnType<typeof createDispatcher>,
  request: RpcRequest,
): Promise<RpcResponse> {
  try {
    return { id: request.id, result: await dispatch(request.method, request.params) };
  } catch (err) {
    const code = err instanceof RpcError ? err.code : 'failed';
    return {
      id: request.id,
      error: { code, message: err instanceof Error ? err.message : String(err) },
    };
  }
}

/** Renderer side: a typed KioskApi over any `send`. */
export function createClient(
  send: (method: KioskMethod, params: unknown) => Promise<unknown>,
): KioskApi {
  const client = {} as Record<KioskMethod, (input: unknown) => Promise<unknown>>;
  for (const method of KIOSK_METHODS) {
    client[method] = async (input: unknown) =>
      kioskApi[method].output.parse(await send(method, input));
  }
  return client as unknown as KioskApi;
}
