// Who is calling. Authentication runs in two steps around the body: `begin` sees the headers only
// and refuses cheaply before a byte of the body is read (malformed, stale, unknown or revoked
// kiosk); `finish` gets the raw body as received and checks what covers it (the signature, the
// nonce, the rate). Handlers only ever see the identity `finish` returns (request-context.ts).
// The implementation is signed requests (signed-requests.ts); this is the seam tests and a
// future mutual-TLS variant plug into.
import type { IncomingHttpHeaders } from 'node:http';

export interface KioskIdentity {
  kioskId: string;
}

export interface AuthenticationRequest {
  method: string;
  /** Path and query as on the request line. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface PendingAuthentication {
  readonly kioskId: string;
  /** Resolves to the kiosk, or throws a CentralError; `rawBody` is empty for a bodiless request. */
  finish(rawBody: Buffer): Promise<KioskIdentity>;
}

export interface Authenticate {
  /** Headers only; throws a CentralError ('unauthenticated' / 'forbidden' / 'rate-limited'). */
  begin(req: AuthenticationRequest): Promise<PendingAuthentication>;
}
