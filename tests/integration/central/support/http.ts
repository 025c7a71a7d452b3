// A kiosk's HTTP calls, signed as an enrolled kiosk signs them, plus the rude ones a kiosk would
// never make.
import net from 'node:net';
import { CENTRAL_PATHS } from '../../../../contract/central-api.ts';
import type { TestKiosk } from './signed-kiosk.ts';

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

/** The body as sent: a string goes as is (garbled JSON), anything else as JSON. */
export const bodyText = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body));

/** A request signed by `kiosk`; `headers` are added after signing (to tamper with them). */
export async function signedPost(
  base: string,
  path: string,
  body: unknown,
  kiosk: TestKiosk,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const text = bodyText(body);
  return post(base, path, text, {
    ...kiosk.sign({ method: 'POST', path, body: text }),
    ...headers,
  });
}

export function postAs(base: string, kiosk: TestKiosk | Promise<TestKiosk>) {
  return {
    submit: async (body: unknown) => signedPost(base, CENTRAL_PATHS.submissions, body, await kiosk),
    rate: async (body: unknown) => signedPost(base, CENTRAL_PATHS.ratings, body, await kiosk),
  };
}

/**
 * Sends a signed request and hangs up without reading the answer once `committed` says the centre
 * stored it: the kiosk's view of a response lost after the commit. (Hanging up at once would be
 * another case: the centre reads the body only after checking the kiosk, so it would never see
 * it, and store nothing.)
 */
export function postAndHangUp(
  base: string,
  path: string,
  body: unknown,
  kiosk: TestKiosk,
  committed: () => Promise<boolean>,
): Promise<void> {
  const url = new URL(base);
  const payload = Buffer.from(JSON.stringify(body));
  const signature = Object.entries(kiosk.sign({ method: 'POST', path, body: payload }))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
          `${signature}Content-Length: ${payload.length}\r\nConnection: close\r\n\r\n`,
      );
      socket.pause(); // the answer is never read
      socket.write(payload, () => {
        void eventually(committed).then(() => {
          socket.destroy();
          resolve();
        });
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
