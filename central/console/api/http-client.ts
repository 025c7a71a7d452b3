// The console's only way to the centre: same-origin fetch with the session cookie. Every request
// that changes something carries `x-kiosk24-console: 1`, which a cross-site form or image cannot
// send (CSRF guard, checked by the centre). Failures become ConsoleApiError with the centre's
// own message, so a 403 says which role the action needs.
import { CONSOLE_HEADER } from '../../../contract/admin-api.ts';

export class ConsoleApiError extends Error {
  override readonly name = 'ConsoleApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpClient {
  /** Called on any 401: the session ended (expired, signed out elsewhere, password changed). */
  onUnauthenticated(listener: () => void): () => void;
  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
  send<T>(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    /** A 401 here answers the request (a wrong password), it does not end the session. */
    opts?: { unauthorizedIsAnswer?: boolean },
  ): Promise<T>;
}

/** `/a/:id/b` with params filled, URI-encoded. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

export function withQuery(path: string, query: Record<string, string | number | undefined> = {}) {
  const entries = Object.entries(query).filter(
    (e): e is [string, string | number] => e[1] !== undefined && e[1] !== '',
  );
  if (entries.length === 0) return path;
  return `${path}?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}

/** The Chinese sentence for a failure, keeping the centre's message where it says more. */
export function errorText(err: unknown): string {
  if (err instanceof ConsoleApiError) {
    if (err.status === 401) return `未登录或登录已过期，请重新登录。（${err.message}）`;
    if (err.status === 403) return `没有权限：${err.message}`;
    if (err.status === 404) return `未找到：${err.message}`;
    if (err.status === 409) return `与现有数据冲突：${err.message}`;
    if (err.status === 429) return `操作太频繁，请稍后再试。（${err.message}）`;
    if (err.status === 0) return '无法连接管理平台，请检查网络后重试。';
    if (err.status >= 500) return `服务暂时不可用：${err.message}`;
    return `请求未被接受：${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

async function answerOf<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    const b = (body ?? {}) as { error?: unknown; message?: unknown };
    throw new ConsoleApiError(
      res.status,
      typeof b.error === 'string' ? b.error : `http-${res.status}`,
      typeof b.message === 'string' ? b.message : `HTTP ${res.status}`,
    );
  }
  return body as T;
}

export function createHttpClient(fetchImpl: FetchLike = (i, o) => fetch(i, o)): HttpClient {
  const listeners = new Set<() => void>();
  const call = async <T>(path: string, init: RequestInit, quiet401 = false): Promise<T> => {
    let res: Response;
    try {
      res = await fetchImpl(path, { credentials: 'same-origin', ...init });
    } catch {
      throw new ConsoleApiError(0, 'network', 'network error');
    }
    if (res.status === 401 && !quiet401) for (const listener of listeners) listener();
    return answerOf<T>(res);
  };
  return {
    onUnauthenticated(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get: (path, query) =>
      call(withQuery(path, query), { method: 'GET', headers: { accept: 'application/json' } }),
    send: (method, path, body, opts) =>
      call(
        path,
        {
          method,
          headers: {
            accept: 'application/json',
            [CONSOLE_HEADER]: '1',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        },
        opts?.unauthorizedIsAnswer,
      ),
  };
}
