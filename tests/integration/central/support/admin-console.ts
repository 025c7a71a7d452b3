// The admin console as a browser drives it: one cookie jar, the console header on changes, real
// HTTP against a running central platform.
import { CONSOLE_HEADER } from '../../../../contract/admin-api.ts';

export interface ConsoleAnswer {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: Headers;
}

export async function call(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ConsoleAnswer> {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...opts.headers,
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = {};
  }
  return { status: res.status, body, text, headers: res.headers };
}

export class ConsoleBrowser {
  cookie: string | null = null;
  constructor(readonly base: string) {}

  async signIn(username: string, password: string): Promise<ConsoleAnswer> {
    const answer = await this.send('POST', '/api/v1/admin/session', { username, password });
    const set = answer.headers.get('set-cookie');
    if (answer.status === 200 && set) this.cookie = set.split(';')[0]!;
    return answer;
  }

  /** `consoleHeader: false` is what a cross-site form would send. */
  send(
    method: string,
    path: string,
    body?: unknown,
    { consoleHeader = true }: { consoleHeader?: boolean } = {},
  ): Promise<ConsoleAnswer> {
    return call(this.base, method, path, {
      body,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(consoleHeader && method !== 'GET' ? { [CONSOLE_HEADER]: '1' } : {}),
      },
    });
  }

  get(path: string): Promise<ConsoleAnswer> {
    return this.send('GET', path);
  }
}
