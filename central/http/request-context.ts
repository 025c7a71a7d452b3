// Per-request facts shared between hooks and handlers without widening Fastify's global types:
// who the authenticated kiosk is, and which tracking code the request log may name.
import type { FastifyRequest } from 'fastify';
import { CentralError } from '../errors.ts';
import type { Authenticate, KioskIdentity } from './authenticate.ts';

const kiosks = new WeakMap<FastifyRequest, KioskIdentity>();
const trackingCodes = new WeakMap<FastifyRequest, string>();

/** An onRequest hook: authenticates before the body is read, so a stranger cannot make us parse 1 MiB. */
export function requireKiosk(authenticate: Authenticate) {
  return async (request: FastifyRequest): Promise<void> => {
    kiosks.set(request, await authenticate(request.raw as Parameters<Authenticate>[0]));
  };
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
