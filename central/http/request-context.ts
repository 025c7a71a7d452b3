// Per-request facts shared between hooks and handlers without widening Fastify's global types:
// who the authenticated kiosk is, the raw body it signed, and which tracking code the request
// log may name.
import type { FastifyRequest } from 'fastify';
import { CentralError } from '../errors.ts';
import type { Authenticate, KioskIdentity, PendingAuthentication } from './authenticate.ts';

const pending = new WeakMap<FastifyRequest, PendingAuthentication>();
const kiosks = new WeakMap<FastifyRequest, KioskIdentity>();
const rawBodies = new WeakMap<FastifyRequest, Buffer>();
const trackingCodes = new WeakMap<FastifyRequest, string>();
const EMPTY = Buffer.alloc(0);

/**
 * A route's onRequest hook: the header half of authentication, before the body is read, so a
 * stranger cannot make us read 1 MiB. The other half runs in `confirmKiosk`, which build-server
 * installs for every route: a route needs nothing but this hook and `kioskOf`.
 */
export function requireKiosk(authenticate: Authenticate) {
  return async (request: FastifyRequest): Promise<void> => {
    pending.set(
      request,
      await authenticate.begin(request.raw as Parameters<Authenticate['begin']>[0]),
    );
  };
}

/** The global preHandler: for a route that began authentication, finish it over the raw body. */
export async function confirmKiosk(request: FastifyRequest): Promise<void> {
  const started = pending.get(request);
  if (!started) return;
  pending.delete(request);
  const raw = rawBodies.get(request) ?? (Buffer.isBuffer(request.body) ? request.body : EMPTY);
  // A body parsed by a parser that did not keep its bytes cannot be verified: it fails closed,
  // because its signature then does not match the hash of an empty body.
  kiosks.set(request, await started.finish(raw));
}

/** Content-type parsers call this with the exact bytes received, before they parse them. */
export function keepRawBody(request: FastifyRequest, raw: Buffer): void {
  rawBodies.set(request, raw);
}

export function kioskOf(request: FastifyRequest): KioskIdentity {
  const kiosk = kiosks.get(request);
  // A route that forgot requireKiosk must fail closed.
  if (!kiosk)
    throw new CentralError('unauthenticated', 'unauthenticated', 'kiosk not authenticated');
  return kiosk;
}

export function noteTrackingCode(request: FastifyRequest, trackingCode: string): void {
  trackingCodes.set(request, trackingCode);
}

export function trackingCodeOf(request: FastifyRequest): string | null {
  return trackingCodes.get(request) ?? null;
}
