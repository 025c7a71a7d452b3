// A kiosk's HTTP calls, plus the rude ones a kiosk would never make.
import net from 'node:net';
import { CENTRAL_PATHS } from '../../../../contract/central-api.ts';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function post(
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    headers: res.headers,
  };
}

export function postAs(base: string, kiosk: string) {
  return {
    submit: (body: unknown) => post(base, CENTRAL_PATHS.submissions, body, { 'x-kiosk-id': kiosk }),
    rate: (body: unknown) => post(base, CENTRAL_PATHS.ratings, body, { 'x-kiosk-id': kiosk }),
  };
}

/**
 * Sends a request and hangs up without reading the answer: the kiosk's view of a response lost
 * after the centre committed.
 */
export function postAndHangUp(
  base: string,
  path: string,
  body: unknown,
  kiosk: string,
): Promise<void> {
  const url = new URL(base);
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
          `x-kiosk-id: ${kiosk}\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n`,
      );
      socket.end(payload, () => {
        socket.destroy();
        resolve();
      });
    });
    socket.once('error', reject);
  });
}

/** Polls `probe` until it returns true; for effects that happen after a connection is gone. */
export async function eventually(probe: () => Promise<boolean>, tries = 100): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
